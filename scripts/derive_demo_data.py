#!/usr/bin/env python3
"""Derive firstyear's demonstration observations: ``src/firstyear/demo/data/observations.csv``.

Real figures, read with firstyear's own importers from the public files in ``/work/shared/data``
(or ``--source DIR``), written in the tidy observations format:

- ONS deaths and births workbooks 2010-2016: infant mortality for each year, and infant,
  neonatal and post-neonatal mortality for each 3-year pool, for England, the regions and every
  local authority (pooled by the ONS importer's own code, firstyear.indicators.importers.ons);
- the FingertipsNext extract: smoking at time of delivery (93085), under-18 conceptions (20401),
  children in absolute low income families (93701) and IMD score (93553), North West and England;
- IMD 2019 average score for every local authority district (MHCLG, via traffordDataLab), and
  for each county (2019 geography) and each unitary authority formed since from 2019 districts,
  without a published figure here, an estimate: the mean of its districts' scores weighted by the ONS mid-2015 population in the 2015 deaths workbook (the
  population the IMD 2019 used), labelled as such in the row's note.

Plus clearly labelled synthetic rows (``synthetic=true``), generated with a fixed seed, for the
catalogue indicators with no real data available here (breastfeeding initiation, early access to
maternity care, obesity in early pregnancy, flu vaccination in pregnancy, low birth weight of term
babies), for the North West upper-tier authorities and England only.

Run from the project root: ``python scripts/derive_demo_data.py``. It builds a throwaway SQLite
database (reference areas and catalogue) to run the importers' readers; the output is
deterministic.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "firstyear" / "demo" / "data" / "observations.csv"
ONS_YEARS = range(2010, 2017)
FINGERTIPS_IDS = {93085, 20401, 93701, 93553}
ENGLAND, NORTH_WEST = "E92000001", "E12000002"
FIELDS = ["area_code", "indicator", "period", "breakdown", "count", "denominator", "sex", "age",
          "value", "lower95", "upper95", "synthetic", "note"]
SEED = 20161231
SYNTHETIC_NOTE = "Synthetic demonstration figure, not real data (firstyear demo)."

# Synthetic indicators: (slug, first years, England proportion, change per IMD point above
# England's, change per year, sex, age). Levels are round figures of the published national
# picture, so the demo looks plausible; they are not estimates for any area.
SYNTHETIC = [
    ("breastfeeding-initiation", range(2018, 2023), 0.715, -0.0045, 0.003, "Persons", ""),
    ("early-access-maternity", range(2018, 2023), 0.57, -0.0025, 0.004, "Female", ""),
    ("obesity-early-pregnancy", range(2018, 2023), 0.245, 0.0025, 0.004, "Female", ""),
    ("flu-vaccination-pregnancy", range(2018, 2023), 0.42, -0.004, -0.012, "Female", ""),
    ("low-birth-weight-term", range(2017, 2022), 0.029, 0.0003, 0.0, "Persons", ""),
]


def _setup_django(workdir: str) -> None:
    os.environ["FIRSTYEAR_DATA_DIR"] = workdir
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "firstyear.web.settings"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    from firstyear.areas.loader import load_reference_areas
    from firstyear.indicators.catalogue import sync_catalogue

    call_command("migrate", verbosity=0)
    sync_catalogue()
    load_reference_areas()


def _number(value) -> str:
    if value is None:
        return ""
    return repr(float(value)) if not float(value).is_integer() else str(int(value))


def _tidy(row, *, sex=None, age=None) -> dict:
    breakdown = f"{row.category_type}: {row.category}" if row.category_type else ""
    return {
        "area_code": row.area_code, "indicator": row.indicator.slug, "period": row.period.label,
        "breakdown": breakdown, "count": _number(row.count), "denominator": _number(row.denominator),
        "sex": sex or row.sex, "age": row.age if age is None else age,
        "value": _number(row.raw_value if row.raw_value is not None else row.published_value),
        "lower95": _number(row.published_lower95), "upper95": _number(row.published_upper95),
        "synthetic": "false", "note": row.note,
    }


def _north_west_codes() -> set[str]:
    from firstyear.areas.models import Area

    codes = {ENGLAND, NORTH_WEST}
    for area in Area.objects.filter(parent__code=NORTH_WEST):
        codes.add(area.code)
        codes.update(area.children.values_list("code", flat=True))
    return codes


def ons_rows(source: Path) -> list:
    from firstyear.indicators.importers import ons
    from firstyear.indicators.importers.base import ReadContext

    paths = [source / f"ons/onsvia-harrison_{kind}_{year}.xls" for year in ONS_YEARS for kind in ("deaths", "births")]
    ctx = ReadContext(quiet=True)
    rows = ons.read_all(paths, ctx)
    if ctx.problems:
        raise SystemExit("\n".join(map(str, ctx.problems)))
    return rows


def fingertips_rows(source: Path) -> list:
    from firstyear.indicators.importers import fingertips
    from firstyear.indicators.importers.base import ReadContext

    ctx = ReadContext(quiet=True)
    rows = fingertips.read_all([source / "fingertips/fingertipsnext_healthdata.csv"], ctx)
    if ctx.problems:
        raise SystemExit("\n".join(map(str, ctx.problems)))
    keep = _north_west_codes()
    return [r for r in rows if r.indicator.fingertips_id in FINGERTIPS_IDS and r.area_code in keep]


def imd_rows(source: Path, already: set[str]) -> list[dict]:
    """IMD 2019 average score of every district (2019 geography) not already given by Fingertips."""
    from firstyear.areas.models import Area

    known = set(Area.objects.values_list("code", flat=True))
    out = []
    with (source / "deprivation/trafforddatalab_IoD2019.csv").open(encoding="utf-8-sig", newline="") as handle:
        for r in csv.DictReader(handle):
            if r["index_domain"] != "Index of Multiple Deprivation" or r["lad19cd"] in already:
                continue
            if r["lad19cd"] not in known:
                raise SystemExit(f"IMD 2019 district {r['lad19cd']} {r['lad19nm']} is not a firstyear area")
            out.append({
                "area_code": r["lad19cd"], "indicator": "deprivation-score", "period": "2019",
                "breakdown": "", "count": "", "denominator": "", "sex": "Persons", "age": "All ages",
                "value": _number(round(float(r["average_score"]), 3)), "lower95": "", "upper95": "",
                "synthetic": "false",
                "note": "IMD 2019 average score of the district's LSOAs (MHCLG English Indices of Deprivation 2019).",
            })
    return out


COUNTY_NOTE = (
    "Estimated by firstyear: mean of the IMD 2019 average scores of the area's 2019 districts, weighted "
    "by ONS mid-2015 population (thousands, as published). Lancashire, where Fingertips publishes "
    "23.443, comes out at 23.439."
)


def county_imd_rows(source: Path, district_scores: dict[str, float], already: set[str]) -> list[dict]:
    """Population-weighted scores of counties (and of unitaries made of 2019 districts) from district scores."""
    import datetime as dt

    from firstyear.areas.models import Area, AreaKind, AreaSuccession
    from firstyear.indicators.importers.ons_names import OnsNameIndex
    from firstyear.indicators.importers.ons_tables import read_table

    table = read_table(source / "ons/onsvia-harrison_deaths_2015.xls",
                       extra_columns={"population": lambda h: "population" in h and "all ages" in h})
    names = OnsNameIndex()
    population, merged = {}, set()
    for row in table.rows:
        match = names.match(row.name, 2015)
        if match and len(match.codes) == 1 and isinstance(row.values["population"], float):
            population[match.codes[0]] = row.values["population"]
    day = dt.date(2019, 7, 1)
    # Districts formed by merger in April 2019 take their predecessors' 2015 population.
    for s in AreaSuccession.objects.filter(kind="merge", effective_on__lte=day).select_related("predecessor", "successor"):
        if s.successor.code not in population or s.successor.code in merged:
            merged.add(s.successor.code)
            population[s.successor.code] = population.get(s.successor.code, 0.0) + population[s.predecessor.code]
    # Counties of April 2019 are made of their districts; unitary authorities created since
    # (North and West Northamptonshire, 2021) of the districts merged into them.
    constituents = {}
    for county in Area.objects.filter(kind=AreaKind.COUNTY).order_by("code"):
        if county.valid_to is None or day < county.valid_to:
            constituents[county] = [
                d.code for d in county.children.all()
                if (d.valid_from is None or d.valid_from <= day) and (d.valid_to is None or day < d.valid_to)
            ]
    for area in Area.objects.filter(valid_from__gt=day, kind=AreaKind.UNITARY).order_by("code"):
        if area.predecessions.filter(kind="recode").exists():
            continue  # a county renamed (Buckinghamshire, North Yorkshire, Somerset): estimated as the county
        merged_in = list(area.predecessions.filter(kind="merge").values_list("predecessor__code", flat=True))
        if merged_in and all(code in district_scores for code in merged_in):
            constituents[area] = merged_in
    out = []
    for area, districts in constituents.items():
        if area.code in already:
            continue
        if not districts or not all(d in district_scores and d in population for d in districts):
            raise SystemExit(f"cannot estimate the IMD score of {area.name}: districts {districts}")
        total = sum(population[d] for d in districts)
        score = sum(district_scores[d] * population[d] for d in districts) / total
        out.append({
            "area_code": area.code, "indicator": "deprivation-score", "period": "2019", "breakdown": "",
            "count": "", "denominator": "", "sex": "Persons", "age": "All ages",
            "value": _number(round(score, 3)), "lower95": "", "upper95": "", "synthetic": "false",
            "note": COUNTY_NOTE,
        })
    return out


def synthetic_rows(ons: list, imd: dict[str, float]) -> list[dict]:
    """Seeded, plausible figures for indicators with no real data here; every row says so."""
    from firstyear.areas.models import Area, AreaKind, AreaSuccession
    from firstyear.indicators.models import Indicator
    from firstyear.indicators.periods import period_starting

    births = {r.area_code: r.denominator for r in ons if r.indicator.slug == "infant-mortality-annual" and r.period.label == "2016"}
    for s in AreaSuccession.objects.filter(effective_on__year=2023).select_related("predecessor", "successor"):
        if s.predecessor.kind == AreaKind.DISTRICT and s.predecessor.code in births:
            births[s.successor.code] = births.get(s.successor.code, 0) + births[s.predecessor.code]
    areas = [ENGLAND] + sorted(
        Area.objects.filter(parent__code=NORTH_WEST, valid_to__isnull=True).values_list("code", flat=True)
    )
    rng = random.Random(SEED)
    out = []
    for slug, years, level, per_imd, per_year, sex, age in SYNTHETIC:
        indicator = Indicator.objects.get(slug=slug)
        for code in areas:
            size = births[code] * rng.uniform(0.9, 1.0)
            area_level = level + per_imd * (imd[code] - imd[ENGLAND]) + rng.gauss(0, level * 0.04)
            for step, year in enumerate(years):
                denominator = round(size * rng.uniform(0.97, 1.03))
                p = min(max(area_level + per_year * step, 0.001), 0.99)
                # Year-to-year noise: binomial spread, doubled for over-dispersion.
                p += rng.gauss(0, 2 * (p * (1 - p) / denominator) ** 0.5)
                out.append({
                    "area_code": code, "indicator": slug,
                    "period": period_starting(indicator.period_type, year).label, "breakdown": "",
                    "count": str(round(denominator * min(max(p, 0.0), 1.0))), "denominator": str(denominator),
                    "sex": sex, "age": age, "value": "", "lower95": "", "upper95": "",
                    "synthetic": "true", "note": SYNTHETIC_NOTE,
                })
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=Path("/work/shared/data"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="firstyear-derive-") as workdir:
        _setup_django(workdir)
        ons = ons_rows(args.source)
        tips = fingertips_rows(args.source)
        from_tips = {r.area_code for r in tips if r.indicator.slug == "deprivation-score"}
        imd_lad = imd_rows(args.source, from_tips)
        imd = {r["area_code"]: float(r["value"]) for r in imd_lad}
        imd.update({r.area_code: r.raw_value for r in tips if r.indicator.slug == "deprivation-score"})
        imd_county = county_imd_rows(args.source, imd, from_tips)
        rows = ([_tidy(r) for r in ons] + [_tidy(r) for r in tips] + imd_lad + imd_county
                + synthetic_rows(ons, imd))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        for line in (
            "firstyear demonstration observations (tidy format: see docs/data.md). Derived by",
            "scripts/derive_demo_data.py from: ONS 'Deaths registered by area of usual residence' and",
            "'Births by area of usual residence' workbooks 2010-2016 (via sean-harrison-bristol/",
            "infant_mortality_reanalysis); OHID Fingertips data for indicators 93085, 20401, 93701 and 93553",
            "(FingertipsNext seed extract); MHCLG English Indices of Deprivation 2019 district summaries",
            "(via traffordDataLab/open_data). Open Government Licence v3.0. Rows with synthetic=true are",
            "invented for the demonstration (seeded), not real data. Do not edit: re-run the script.",
        ):
            handle.write(f"# {line}\n")
        writer = csv.DictWriter(handle, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows to {OUT.relative_to(ROOT)} "
          f"({sum(r['synthetic'] == 'true' for r in rows)} synthetic)")


if __name__ == "__main__":
    main()
