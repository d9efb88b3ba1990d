"""The ONS births and deaths workbooks: parsed robustly, counts as published, rates as ONS rounds."""

from __future__ import annotations

import csv
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from firstyear.indicators.importers import run_import
from firstyear.indicators.importers.base import AreaIndex, ImportRejected, ReadContext
from firstyear.indicators.importers.ons import _Collector
from firstyear.indicators.importers.ons_tables import Table, TableRow, read_table
from firstyear.indicators.models import ImportBatch, Observation
from tests.importers.shared import shared_file

YEARS = range(2010, 2017)


def ons_files(years=YEARS, kinds=("deaths", "births")) -> list[Path]:
    return [shared_file(f"ons/onsvia-harrison_{kind}_{year}.xls") for year in years for kind in kinds]


def ons_rate(deaths: int, births: float) -> float | None:
    """Deaths per 1,000 live births as ONS publishes it: half up to 1 d.p., blank under 3 deaths."""
    if deaths < 3:
        return None
    return float((Decimal(deaths) * 1000 / Decimal(int(births))).quantize(Decimal("0.1"), ROUND_HALF_UP))


def observations(slug: str) -> dict[tuple[str, str], Observation]:
    qs = Observation.objects.filter(indicator__slug=slug).select_related("area", "period")
    return {(o.area.code, o.period.label): o for o in qs}


@pytest.fixture
def ons_import(reference_data):
    return run_import("ons", ons_files(), quiet=True)


@pytest.mark.pure
@pytest.mark.parametrize("year", [*YEARS, 2017])
def test_every_deaths_workbook_layout_is_read(year):
    table = read_table(shared_file(f"ons/onsvia-harrison_deaths_{year}.xls"))
    assert (table.kind, table.year, table.sheet) == ("deaths", year, "Table 1a")
    assert set(table.columns) == {"infant_deaths", "neonatal_deaths", "imr", "nmr"}
    england = table.rows[0]
    assert (england.name, england.codes) == ("ENGLAND", ["E92000001"])
    names = {r.name for r in table.rows}
    assert "NORTH WEST" in names and "Blackburn with Darwen" in {n.removesuffix(" UA") for n in names}
    # Pre-2009 districts listed under "Former districts of:" (2010) are not read; nor is Wales.
    assert not names & {"Chester-le-Street", "Penwith and Isles of Scilly", "Cardiff", "WALES"}
    assert not any(n[-1].isdigit() for n in names), "footnote markers left on names"


@pytest.mark.pure
@pytest.mark.parametrize("year", YEARS)
def test_every_births_workbook_layout_is_read(year):
    table = read_table(shared_file(f"ons/onsvia-harrison_births_{year}.xls"))
    assert (table.kind, table.year) == ("births", year)
    assert set(table.columns) == {"live_births"}
    assert table.rows[0].name == "ENGLAND" and table.rows[0].values["live_births"] > 600_000
    coded = [r for r in table.rows if r.codes]
    assert (len(coded) > 300) == (year >= 2015)  # codes appear in the 2015 workbook


def test_counts_match_the_published_tidy_parse(ons_import):
    """Independent check: the tidy CSV built from the same workbooks by another project."""
    derived = shared_file("ons/derived_ons_la_infant_deaths_births_2010_2017.csv")
    annual = observations("infant-mortality-annual")
    areas = AreaIndex()
    compared = 0
    with derived.open(encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            codes = [c.strip() for c in row["area_code"].split(",")]
            if int(row["year"]) not in YEARS or not all(areas.tracked(c) for c in codes if c) or not codes[0]:
                continue
            obs = annual.get((areas.current_code(codes[0]), row["year"]))
            if obs is None:  # City of London 2013: births published only with Hackney's
                assert not row["live_births"] and "City of London" in annual[("E09000012", row["year"])].note
                continue
            # That parse leaves ONS's "-" (no deaths) blank.
            assert obs.count == int(float(row["infant_deaths"] or 0)), row
            if row["live_births"]:
                assert obs.denominator == float(row["live_births"]), row
            compared += 1
    assert compared > 2400


def test_rates_recomputed_from_the_counts_equal_the_rates_ons_published(ons_import):
    annual = observations("infant-mortality-annual")
    with_rate = [o for o in annual.values() if o.published_value is not None]
    assert len(with_rate) > 2000
    for obs in annual.values():
        if obs.published_value is not None:
            assert ons_rate(obs.count, obs.denominator) == obs.published_value, (obs, obs.count, obs.denominator)
        elif obs.count >= 3:  # ONS leaves the rate blank only under 3 deaths...
            assert "combined" in obs.note or "different set of areas" in obs.note, obs  # ...or for combined rows
    # England 2016: 2,587 infant deaths, 663,157 live births, 3.9 per 1,000.
    england = annual[("E92000001", "2016")]
    assert (england.count, england.denominator, england.published_value) == (2587, 663157.0, 3.9)


def test_pools_are_sums_of_the_years_and_post_neonatal_is_infant_minus_neonatal(ons_import):
    annual = observations("infant-mortality-annual")
    infant, neonatal = observations("infant-mortality"), observations("neonatal-mortality")
    post = observations("post-neonatal-mortality")
    assert {label for _, label in infant} == {"2010 - 12", "2011 - 13", "2012 - 14", "2013 - 15", "2014 - 16"}
    for (code, label), obs in infant.items():
        first = int(label[:4])
        years = [annual.get((code, str(y))) for y in range(first, first + 3)]
        if "combined" not in obs.note:
            assert obs.count == sum(y.count for y in years)
            assert obs.denominator == sum(y.denominator for y in years)
        assert post[(code, label)].count == obs.count - neonatal[(code, label)].count
        assert post[(code, label)].denominator == obs.denominator
    # Blackburn with Darwen, 2014-16: the sum of its three years.
    bwd = infant[("E06000008", "2014 - 16")]
    assert bwd.count == sum(annual[("E06000008", str(y))].count for y in (2014, 2015, 2016))


def test_combined_and_recoded_areas(ons_import):
    annual = observations("infant-mortality-annual")
    infant = observations("infant-mortality")
    cornwall = annual[("E06000052", "2016")]
    assert "Isles of Scilly" in cornwall.note and cornwall.published_value == 3.4
    assert not Observation.objects.filter(area__code="E06000053").exists()
    # City of London is combined with Hackney while ONS publishes them together ...
    assert "City of London" in infant[("E09000012", "2012 - 14")].note
    assert ("E09000001", "2012 - 14") not in infant
    # ... and separate once both deaths and births are published separately (2014 onwards).
    assert infant[("E09000001", "2014 - 16")].count == 1
    assert "City of London" not in infant[("E09000012", "2014 - 16")].note
    # Recoded areas keep one series under today's code; counties that became unitary too.
    assert ("E08000037", "2010") in annual and not Observation.objects.filter(area__code="E08000020").exists()
    assert ("E06000060", "2010 - 12") in infant  # Buckinghamshire county, same boundary
    assert ("E10000006", "2014 - 16") in infant  # Cumbria stays Cumbria: it was split


def test_the_summary_says_what_was_not_imported_and_why(ons_import):
    text = str(ons_import)
    assert ons_import.created == Observation.objects.count() > 7000
    assert "stillbirth-rate" in text and "low-birth-weight-all" in text
    assert "metropolitan counties" in text


def test_a_second_import_changes_nothing(ons_import):
    before = list(Observation.objects.order_by("pk").values())
    again = run_import("ons", ons_files(), quiet=True)
    assert (again.created, again.updated, again.unchanged) == (0, 0, ons_import.created)
    assert list(Observation.objects.order_by("pk").values()) == before


def test_a_deaths_workbook_without_births_gives_no_observations_for_that_year(reference_data):
    summary = run_import("ons", [shared_file("ons/onsvia-harrison_deaths_2017.xls")], quiet=True)
    assert summary.created == 0
    assert "No observations for 2017" in str(summary)


def test_unreadable_and_duplicate_workbooks_are_refused_and_nothing_is_written(reference_data, tmp_path):
    fake = tmp_path / "onsvia-harrison_deaths_2014.xls"
    fake.write_text("not a workbook")
    births = shared_file("ons/onsvia-harrison_births_2014.xls")
    with pytest.raises(ImportRejected) as exc:
        run_import("ons", [fake, births, births], quiet=True)
    reasons = [(p.file, p.reason) for p in exc.value.problems]
    assert any(f == fake.name and "not an Excel .xls workbook" in r for f, r in reasons)
    assert any("a second births workbook for 2014" in r for _, r in reasons)
    assert Observation.objects.count() == ImportBatch.objects.count() == 0


def test_unknown_names_and_bad_counts_are_problems_with_their_row(reference_data):
    columns = {"infant_deaths": "infant (under 1 year)", "neonatal_deaths": "neonatal (under 4 weeks)",
               "imr": "infant mortality rate", "nmr": "neonatal mortality rate"}
    table = Table(Path("deaths_2014.xls"), "deaths", 2014, "Table 1a", columns, [
        TableRow(20, "Atlantis", [], {"infant_deaths": 3.0, "neonatal_deaths": 1.0, "imr": 1.0, "nmr": ""}),
        TableRow(21, "Blackpool", [], {"infant_deaths": "n/k", "neonatal_deaths": -1.0, "imr": 4.1, "nmr": 2.0}),
        TableRow(22, "Blackburn with Darwen", [], {"infant_deaths": "-", "neonatal_deaths": ":", "imr": ":", "nmr": "*"}),
    ])
    ctx = ReadContext(quiet=True)
    collector = _Collector(ctx)
    collector.add(table)
    found = [(p.row, p.column, p.value, p.reason) for p in ctx.problems]
    assert found == [
        (20, "Area of usual residence", "Atlantis", found[0][3]),
        (21, "infant (under 1 year)", "n/k", "not a number"),
        (21, "neonatal (under 4 weeks)", "-1.0", "a count cannot be negative"),
    ]
    assert "no firstyear area has this name in 2014" in found[0][3]
    # '-' is a published nil; ':' and '*' are not published.
    figures = defaultdict(dict, {m: v[2014] for m, v in collector.figures.items() if 2014 in v})
    assert figures["infant_deaths"][frozenset({"E06000008"})] == 0
    assert figures["neonatal_deaths"][frozenset({"E06000008"})] is None
