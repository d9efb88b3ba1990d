"""Match ONS area names (which older workbooks give without codes) to firstyear's areas.

Names are compared after normalising the ways ONS writes them ("Bristol, City of UA",
"St. Helens", "Herefordshire, County of"), and among the areas that existed in the data year
(so "Dorset" in 2015 is the county, in 2020 the unitary authority). ``ons_names.csv`` lists the
exceptions: former names, combined rows (City of London with Hackney, Isles of Scilly with
Cornwall) and rows that are not firstyear areas (metropolitan counties, Inner/Outer London).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from importlib import resources

from firstyear.areas.models import GROUP_KINDS, Area

UNITARY = re.compile(r"\bua\b")  # "Cornwall UA", "Cornwall UA and Isles of Scilly UA"


def normalise(name: str) -> str:
    text = name.lower().replace("&", " and ").replace("\u201a", ",")
    text = UNITARY.sub(" ", text)
    text = re.sub(r"\bst\.", "st", text)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class NameMatch:
    codes: tuple[str, ...]  # empty: a row that is not a firstyear area
    note: str = ""


def _read_aliases() -> dict[str, NameMatch]:
    text = resources.files("firstyear.indicators.importers").joinpath("ons_names.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    return {normalise(r["ons_name"]): NameMatch(tuple(filter(None, r["codes"].split("|"))), r["note"]) for r in rows}


class OnsNameIndex:
    def __init__(self):
        self.aliases = _read_aliases()
        self.by_name: dict[str, list[Area]] = {}
        for area in Area.objects.exclude(kind__in=GROUP_KINDS).only("code", "name", "kind", "valid_from", "valid_to"):
            self.by_name.setdefault(normalise(area.name), []).append(area)

    def match(self, name: str, year: int) -> NameMatch | None:
        """The area(s) a name meant in ``year``; None if no area or more than one fits."""
        key = normalise(name)
        if key in self.aliases:
            return self.aliases[key]
        mid_year = dt.date(year, 7, 1)
        fits = [
            a for a in self.by_name.get(key, [])
            if (a.valid_from is None or a.valid_from <= mid_year) and (a.valid_to is None or mid_year < a.valid_to)
        ]
        return NameMatch((fits[0].code,)) if len(fits) == 1 else None
