"""``firstyear import fingertips|ons|observations FILE... [--dry-run] [--quiet]``."""

from __future__ import annotations

import sys

from django.core.management.base import CommandError

from firstyear.indicators.importers import FORMATS, run_import
from firstyear.indicators.importers.base import ImportRejected
from firstyear.web.commands import FirstyearCommand

PROBLEM_COLUMNS = ("file", "row", "column", "value", "reason")
VALUE_WIDTH = 30


def problem_table(problems) -> str:
    rows = [
        {
            "file": p.file, "row": "" if p.row is None else str(p.row), "column": p.column,
            "value": p.value if len(p.value) <= VALUE_WIDTH else p.value[: VALUE_WIDTH - 1] + "…",
            "reason": p.reason,
        }
        for p in problems
    ]
    widths = {c: max([len(c)] + [len(r[c]) for r in rows]) for c in PROBLEM_COLUMNS[:-1]}
    fmt = "  ".join(f"{{{c}:<{widths[c]}}}" for c in PROBLEM_COLUMNS[:-1]) + "  {reason}"
    return "\n".join([fmt.format(**{c: c for c in PROBLEM_COLUMNS})] + [fmt.format(**r) for r in rows])


class Command(FirstyearCommand):
    help = (
        "Import published or tidy data into observations, all or nothing: Fingertips CSV "
        "(standard download or FingertipsNext extract), ONS births/deaths workbooks (.xls), or a "
        "tidy observations CSV/XLSX."
    )

    def add_arguments(self, parser):
        parser.add_argument("format", choices=FORMATS)
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--dry-run", action="store_true", help="Check and report what would change; write nothing.")
        parser.add_argument("--quiet", action="store_true", help="No progress bar.")
        parser.add_argument("--by", metavar="EMAIL", help="Record the import as made by this user.")

    def run(self, *args, format, files, dry_run, quiet, by=None, **options):
        actor = None
        if by:
            from django.contrib.auth import get_user_model

            actor = get_user_model().objects.filter(email=by.lower()).first()
            if actor is None:
                raise CommandError(f"No user with email {by!r}.")
        try:
            summary = run_import(format, files, by=actor, dry_run=dry_run, quiet=quiet)
        except ImportRejected as exc:
            self.stderr.write(problem_table(exc.problems))
            self.stderr.write(str(exc))
            sys.exit(1)
        self.stdout.write("\n".join(summary.lines()))
