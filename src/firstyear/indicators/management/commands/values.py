from __future__ import annotations

import csv
import json

from django.core.management.base import CommandError

from firstyear.indicators import queries
from firstyear.indicators.aggregate import rows_for
from firstyear.indicators.queries import ValueRow
from firstyear.web.commands import FirstyearCommand


class Command(FirstyearCommand):
    help = "Print an indicator's values for an area (count, denominator, value, intervals, comparisons)."

    def add_arguments(self, parser):
        parser.add_argument("--indicator", required=True, help="Catalogue slug or Fingertips id, e.g. 92196.")
        parser.add_argument("--area", required=True, help="GSS code, e.g. E06000008.")
        parser.add_argument("--period", help='Fingertips period label, e.g. "2014 - 16".')
        parser.add_argument("--breakdowns", action="store_true", help="Breakdown rows instead of area totals.")
        parser.add_argument("--format", choices=["json", "csv"], default="json")

    def run(self, *args, indicator, area, period, breakdowns, format, **options):
        try:
            ind = queries.resolve_indicator(indicator)
            rows = rows_for(ind, queries.resolve_area(area),
                            queries.resolve_period(period, ind) if period else None, breakdowns)
        except queries.NotFound as exc:
            raise CommandError(str(exc)) from None
        if format == "json":
            self.stdout.write(json.dumps([r.as_dict() for r in rows], indent=2))
            return
        writer = csv.DictWriter(self.stdout, fieldnames=list(ValueRow.__dataclass_fields__), lineterminator="\n")
        writer.writeheader()
        for r in rows:
            writer.writerow(r.as_dict())
