"""``firstyear audit list --footprint CODE --format json|csv``: the audit trail of a footprint."""

from __future__ import annotations

import csv
import json

from django.core.management.base import CommandError

from firstyear.web.commands import FirstyearCommand

COLUMNS = ("at", "actor", "action", "object_type", "object_ref", "area_code", "reason", "detail")


class Command(FirstyearCommand):
    help = "List audit events (who, what, when, why) for a CDOP footprint."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="list")
        lister = sub.add_parser("list", help="List a footprint's audit events, newest first.")
        lister.add_argument("--footprint", required=True, metavar="CODE")
        lister.add_argument("--format", choices=("json", "csv"), default="json")
        lister.add_argument("--since", metavar="YYYY-MM-DD")
        lister.add_argument("--action", help="Only this action, e.g. case.viewed.")

    def run(self, *args, footprint, format, since=None, action=None, **options):
        from firstyear.areas.models import Area
        from firstyear.reviews.auditlog import events_for

        area = Area.objects.filter(code=footprint.strip().upper()).first()
        if area is None:
            raise CommandError(f"No area with code {footprint!r}.")
        rows = [e.as_dict() for e in events_for(area, since=since, action=action)]
        if format == "json":
            self.stdout.write(json.dumps(rows, indent=2))
        else:
            writer = csv.DictWriter(self.stdout, fieldnames=COLUMNS, lineterminator="\n")
            writer.writeheader()
            for row in rows:
                writer.writerow({**row, "detail": json.dumps(row["detail"], sort_keys=True)})
