from __future__ import annotations

from firstyear.accounts.audit import AuditAction, record
from firstyear.indicators.compute import recompute
from firstyear.web.commands import FirstyearCommand


class Command(FirstyearCommand):
    help = "Recompute every indicator value, interval and comparison from the stored counts."

    def add_arguments(self, parser):
        parser.add_argument("--indicator", action="append", help="Slug of an indicator (repeatable); default all.")

    def run(self, *args, indicator, **options):
        summary = recompute(indicator)
        record(by=None, action=AuditAction.VALUES_RECOMPUTED, detail={"rows": summary.rows})
        self.stdout.write(self.style.SUCCESS(str(summary)))
