"""Fingertips data, in the standard download format and the FingertipsNext extract format."""

from __future__ import annotations

import csv

import pytest

from firstyear.accounts.models import AuditEvent
from firstyear.indicators.importers import run_import
from firstyear.indicators.importers.base import ImportRejected
from firstyear.indicators.models import ImportBatch, Observation
from tests.importers.shared import shared_file

STANDARD_HEADER = [
    "Indicator ID", "Indicator Name", "Parent Code", "Parent Name", "Area Code", "Area Name", "Area Type",
    "Sex", "Age", "Category Type", "Category", "Time period", "Value", "Lower CI 95.0 limit",
    "Upper CI 95.0 limit", "Lower CI 99.8 limit", "Upper CI 99.8 limit", "Count", "Denominator",
    "Value note", "Recent Trend", "Compared to England value or percentiles",
    "Compared to Region value or percentiles", "Time period Sortable", "New data", "Compared to goal",
]


def standard_csv(path, rows: list[dict]):
    """A Fingertips download: every row has all 26 columns, unnamed ones empty."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=STANDARD_HEADER)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: row.get(k, "") for k in STANDARD_HEADER})
    return path


def fingertips_row(indicator, area, period, count, denominator, value="", **extra):
    return {"Indicator ID": indicator, "Area Code": area, "Sex": "Persons", "Age": "<1 yr",
            "Time period": period, "Count": count, "Denominator": denominator, "Value": value, **extra}


def test_the_fingertipsnext_extract(reference_data):
    summary = run_import("fingertips", [shared_file("fingertips/fingertipsnext_healthdata.csv")], quiet=True)
    assert summary.indicators == ["children-low-income", "deprivation-score", "smoking-at-delivery", "under-18-conceptions"]
    assert summary.created == Observation.objects.count() > 700
    text = str(summary)
    assert "indicators not in the firstyear catalogue (241, 247," in text
    assert "areas firstyear does not hold" in text
    smoking = Observation.objects.get(indicator__slug="smoking-at-delivery", area__code="E92000001",
                                      period__label="2018/19", category_type="")
    assert (smoking.count, smoking.denominator, smoking.sex) == (61399, 579995.0, "Female")
    assert smoking.published_value == pytest.approx(10.5861257424633)
    # Apportioned district counts are not counts: kept as published, with the reason.
    burnley = Observation.objects.get(indicator__slug="smoking-at-delivery", area__code="E07000117",
                                      period__label="2018/19")
    assert burnley.count is None and "not a whole number" in burnley.note
    assert burnley.published_value == pytest.approx(16.2302371541502)
    imd = Observation.objects.get(indicator__slug="deprivation-score", area__code="E06000008")
    assert imd.raw_value == pytest.approx(36.0, abs=0.1) and imd.period.label == "2019"
    decile = Observation.objects.filter(indicator__slug="smoking-at-delivery",
                                        category="Most deprived decile (IMD2019)").first()
    assert decile.category_type.startswith("County & UA deprivation deciles")  # quotes removed
    assert AuditEvent.objects.filter(action="data.imported", object_ref=str(summary.batch_id)).count() == 1


def test_the_standard_download_format(reference_data, tmp_path):
    path = standard_csv(tmp_path / "fingertips.csv", [
        fingertips_row(92196, "E06000008", "2014 - 16", 26, 6233, "4.2", **{
            "Lower CI 95.0 limit": "2.7", "Upper CI 95.0 limit": "6.1", "Lower CI 99.8 limit": "2.2",
            "Upper CI 99.8 limit": "7.0", "Value note": "A note"}),
        fingertips_row(92196, "E08000020", "2014 - 16", 27, 6774, "4.0"),  # Gateshead's old code
        fingertips_row(93553, "E06000009", "2019", "", "", "45.039"),
        fingertips_row(241, "E06000008", "2018", 10, 100, "10"),  # not in the catalogue
        fingertips_row(92196, "A81002", "2014 - 16", 1, 100, "10"),  # a GP practice
    ])
    summary = run_import("fingertips", [path], quiet=True)
    assert (summary.created, sum(summary.skipped.values())) == (3, 2)
    bwd = Observation.objects.get(area__code="E06000008")
    assert (bwd.indicator.slug, bwd.period.label, bwd.period.period_type) == (
        "infant-mortality", "2014 - 16", "pooled_3_calendar_years")
    # "<1 yr" is infant mortality's standard age: stored as the area total (age blank).
    assert (bwd.count, bwd.denominator, bwd.age, bwd.note) == (26, 6233.0, "", "A note")
    assert (bwd.published_lower95, bwd.published_upper998) == (2.7, 7.0)
    assert Observation.objects.filter(area__code="E08000037").exists()  # stored under today's code
    blackpool = Observation.objects.get(area__code="E06000009")
    assert (blackpool.raw_value, blackpool.count) == (45.039, None)


def test_every_problem_is_listed_and_nothing_is_written(reference_data, tmp_path):
    path = standard_csv(tmp_path / "bad.csv", [
        fingertips_row(92196, "E06000008", "2014 - 16", 26, 6233),
        fingertips_row(92196, "E06999999", "2014 - 16", 26, 6233),
        fingertips_row(92196, "E06000009", "2014 - 16", "ten", 6233),
        fingertips_row(92196, "E06000006", "2014 - 16", -3, 6233),
        fingertips_row(92196, "E06000007", "2014 - 15", 5, 6233),
        fingertips_row(92196, "E06000049", "2014", 5, 6233),
        fingertips_row("abc", "E06000050", "2014 - 16", 5, 6233),
        fingertips_row(92196, "E06000008", "2014 - 16", 26, 6233),
    ])
    with pytest.raises(ImportRejected) as exc:
        run_import("fingertips", [path], quiet=True)
    found = [(p.row, p.column, p.value) for p in exc.value.problems]
    assert found == [
        (3, "Area Code", "E06999999"),
        (4, "Count", "ten"),
        (5, "Count", "-3"),
        (6, "Time period", "2014 - 15"),
        (7, "Time period", "2014"),
        (8, "Indicator ID", "abc"),
        (9, "", "E06000008"),
    ]
    reasons = [p.reason for p in exc.value.problems]
    assert "unknown area code" in reasons[0] and reasons[1] == "not a number"
    assert reasons[2] == "a count cannot be negative" and "pools 3 calendar years" in reasons[3]
    assert "this indicator uses 3 calendar years pooled" in reasons[4]
    assert "same indicator, area, period and breakdown as bad.csv row 2" in reasons[6]
    assert Observation.objects.count() == ImportBatch.objects.count() == 0
    assert not AuditEvent.objects.filter(action="data.imported", object_type="import_batch").exists()


def test_a_file_without_the_required_columns_is_refused(reference_data, tmp_path):
    path = tmp_path / "nocount.csv"
    path.write_text("Indicator ID,Area Code,Sex,Age,Category Type,Category,Time period,Value,Denominator\n"
                    "92196,E06000008,Persons,<1 yr,,,2014 - 16,4.2,6233\n")
    with pytest.raises(ImportRejected) as exc:
        run_import("fingertips", [path], quiet=True)
    [problem] = exc.value.problems
    assert (problem.row, problem.column) == (1, "Count")
    assert "required column missing" in problem.reason
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n")
    with pytest.raises(ImportRejected, match="1 problem"):
        run_import("fingertips", [other], quiet=True)


def test_a_pooled_indicator_in_a_fingertipsnext_extract_is_a_problem(reference_data, tmp_path):
    path = tmp_path / "next.csv"
    path.write_text("IndicatorId,AreaCode,Year,Sex,Age,Value,Count,Denominator\n"
                    "92196,E06000008,2016,Persons,<1 yr,4.2,26,6233\n"
                    "93085,E06000008,2018,Female,All ages,15.1,300,1987\n")
    with pytest.raises(ImportRejected) as exc:
        run_import("fingertips", [path], quiet=True)
    [problem] = exc.value.problems
    assert (problem.row, problem.column) == (2, "Year") and "pooled" in problem.reason


def test_a_fingertips_download_updates_the_rows_another_source_made(reference_data, tmp_path):
    """ONS-style tidy rows (no sex or age) and a Fingertips download (Persons, <1 yr) are one figure."""
    tidy = tmp_path / "tidy.csv"
    tidy.write_text("area_code,indicator,period,breakdown,count,denominator\n"
                    "E06000008,infant-mortality,2014 - 16,,26,6233\n")
    run_import("observations", [tidy], quiet=True)
    path = standard_csv(tmp_path / "fingertips.csv", [fingertips_row(92196, "E06000008", "2014 - 16", 26, 6233, "4.2")])
    summary = run_import("fingertips", [path], quiet=True)
    assert (summary.created, summary.updated) == (0, 1)
    [row] = Observation.objects.filter(area__code="E06000008")
    assert (row.sex, row.age, row.published_value) == ("Persons", "", 4.2)
