"""Every table of the annual report on a small hand-built register, with the arithmetic visible."""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from firstyear.areas.models import Area
from firstyear.indicators.importers.base import ImportRejected
from firstyear.reviews import actions, report
from firstyear.reviews.deprivation import lsoas_by_district
from firstyear.reviews.importer import import_cases, template_columns

pytestmark = pytest.mark.django_db

D = dt.date


def lsoa(quintile):
    return next(code for code, q in sorted(lsoas_by_district()["E06000008"]) if q == quintile)


def case(ref, nhs, born, died, **extra):
    return {"case_ref": ref, "nhs_number": nhs, "date_of_birth": born.isoformat(), "date_of_death": died.isoformat(),
            "notified_on": (died + dt.timedelta(days=2)).isoformat(), "residence_la_code": "E06000008",
            "sex": "female", "ethnic_group": "white", "expected": "expected", **extra}


def closed(reviewed: dt.date, closed_on: dt.date, category: str, **factors):
    return {"panel_reviewed_on": reviewed.isoformat(), "closed_on": closed_on.isoformat(), "category": category,
            **{f"factor_{k}": v for k, v in factors.items()}}


@pytest.fixture
def register(tmp_path, footprints):
    died = D(2014, 3, 1)
    rows = [
        # 1: neonatal, most deprived, expected perinatal death, no modifiable factor, 1,200 g
        case("R1", "9434765919", died - dt.timedelta(days=5), died, lsoa_code=lsoa(1), birthweight_g="1200",
             partner_details="recorded", **closed(died + dt.timedelta(days=100), D(2014, 7, 1), "perinatal",
                                                   smoking_pregnancy="1")),
        # 2: post-neonatal, unexpected SUDI with co-sleeping and household smoking (modifiable), JAR
        case("R2", "4010232137", died - dt.timedelta(days=100), died, sex="male", ethnic_group="asian",
             lsoa_code=lsoa(1), birthweight_g="3000", expected="unexpected", jar_started_on=(died + dt.timedelta(days=1)).isoformat(),
             partner_details="not_recorded", **closed(died + dt.timedelta(days=200), D(2014, 10, 1), "sudi",
                                                       co_sleeping="2", smoking_household="2")),
        # 3: aged 2, unexpected trauma with safeguarding concerns (modifiable)
        case("R3", "", died - dt.timedelta(days=800), died, nhs_number_missing_reason="non_resident", sex="male",
             ethnic_group="black", lsoa_code=lsoa(3), expected="unexpected",
             **closed(died + dt.timedelta(days=390), D(2015, 3, 31), "trauma", safeguarding="2")),
        # 4: aged 16, malignancy, insufficient information, no LSOA
        case("R4", "", D(1998, 1, 1), D(2013, 9, 1), nhs_number_missing_reason="not_available",
             ethnic_group="not_stated", modifiable="insufficient_information",
             **closed(D(2013, 9, 1) + dt.timedelta(days=560), D(2015, 3, 22), "malignancy")),
        # 5: open, notified in 2014/15
        case("R5", "", D(2014, 12, 1), D(2014, 12, 20), nhs_number_missing_reason="not_available"),
        # 6: closed in the previous year
        case("P1", "", D(2012, 1, 1), D(2012, 2, 1), nhs_number_missing_reason="not_available",
             **closed(D(2012, 9, 1), D(2013, 5, 1), "infection")),
    ]
    path = tmp_path / "register.csv"
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=template_columns())
        writer.writeheader()
        writer.writerows(rows)
    try:
        import_cases(by=None, path=path, footprint="CDOP-PANLANCS")
    except ImportRejected as exc:  # say which, if the fixture itself is wrong
        pytest.fail("\n".join(map(str, exc.problems)))
    actions.add_recommendation(by=None, footprint=Area.objects.get(code="CDOP-PANLANCS"), text="Safer sleep for all",
                               owner="Health visiting", due_on=D(2015, 9, 30), financial_year_label="2014/15")
    data = report.build(Area.objects.get(code="CDOP-PANLANCS"), "2014/15", "restricted")
    return {t.id: t for t in data.tables}


def cells(table, label):
    return next(r for r in table.rows if r[0] == label)[1:]


def test_every_table_is_there(register):
    assert set(report.TABLE_IDS) | set(report.EXTRA_TABLE_IDS) == set(register)


def test_notified_and_reviewed(register):
    # notified in 2014/15: R1, R2, R3 (2 March 2014 is 2013/14!) -> only R5; previous year: R1, R2, R3, R4
    assert cells(register["notified"], "Deaths notified")[:2] == [1, 4]
    assert cells(register["notified"], "Infant deaths notified (under 1 year)")[:2] == [1, 2]  # R5 at 19 days; R1, R2
    # closed in 2014/15: R1 (Jul 14), R2 (Oct 14), R3 (Mar 15), R4 (Mar 15) = 4; 2013/14: P1 = 1
    assert cells(register["reviewed"], "Reviews completed (closed) in the year") == [4, 1]
    # open at 31 March 2015: R5, notified 22 Dec 2014 (3 months)
    assert cells(register["reviewed"], "Open at year end: notified under 6 months before")[0] == 1


def test_breakdowns(register):
    # columns: 2014/15 number, %, 2013/14 number, %
    assert cells(register["age_band"], "Under 28 days")[:2] == [1, 25]
    assert cells(register["age_band"], "1 to 4 years")[:2] == [1, 25]
    assert cells(register["age_band"], "15 to 17 years")[:2] == [1, 25]
    assert cells(register["category"], "Sudden unexpected, unexplained death")[:2] == [1, 25]
    assert cells(register["category"], "Infection")[2:] == [1, 100]
    assert cells(register["sex"], "Male")[:2] == [2, 50]
    assert cells(register["ethnic_group"], "All minority ethnic groups")[:2] == [2, 50]
    assert cells(register["deprivation"], "1 (most deprived)")[:2] == [2, 50]
    assert cells(register["deprivation"], "Not known")[:2] == [1, 25]
    assert cells(register["expected"], "Unexpected")[:2] == [2, 50]
    assert cells(register["expected"], "Joint agency response started")[:2] == [1, 25]
    assert cells(register["birthweight"], "Under 2,500 g")[:2] == [1, 25]
    assert cells(register["partner_details"], "Known but not recorded by agencies")[:2] == [1, 25]
    assert cells(register["partner_details"], "No record that agencies were asked")[:2] == [2, 50]


def test_modifiable_factors(register):
    assert cells(register["modifiable"], "Modifiable factors identified")[:2] == [2, 50]
    assert cells(register["modifiable"], "Insufficient information")[:2] == [1, 25]
    # of the 2 deaths with modifiable factors: R2 smoking + co-sleeping, R3 safeguarding
    assert cells(register["factors"], "Smoking (in pregnancy or in the household)")[:2] == [1, 50]
    assert cells(register["factors"], "Smoking: in pregnancy")[:2] == [0, 0]  # R1 scored 1 only
    assert cells(register["factors"], "Unsafe sleep or co-sleeping")[:2] == [1, 50]
    assert cells(register["factors"], "Safeguarding (abuse or neglect)")[:2] == [1, 50]


def test_time_to_review_and_recommendations(register):
    # 100 and 200 days (under 6 months / 6-12), 390 (12-18), 560 (18+); median (200 + 390) / 2
    t = register["time_to_review"]
    assert [cells(t, label)[0] for label, _, _ in report.TIME_BANDS] == [1, 1, 1, 1]
    assert cells(t, "Median (days)")[0] == 295
    assert register["recommendations"].rows == [["Safer sleep for all", "Health visiting", "September 2015", "Not started"]]


def test_public_edition_hides_these_small_numbers(register, footprints):
    data = report.json_report(report.build(Area.objects.get(code="CDOP-PANLANCS"), "2014/15", "public"))
    age = next(t for t in data["tables"] if t["id"] == "age_band")
    assert age["rows"][0][1:3] == ["*", "*"] and age["rows"][-1][1] == "*"   # total 4 is hidden too
    notified = next(t for t in data["tables"] if t["id"] == "notified")
    assert notified["rows"][0][1] == "*"
    # a hidden count never has its percentage shown (the % and the printed total would give it away)
    for table in data["tables"]:
        if table["columns"][1:2] and table["columns"][1].endswith(" number") and table["columns"][2].endswith(" %"):
            for row in table["rows"]:
                for n, pct in zip(row[1::2], row[2::2], strict=False):
                    assert n != "*" or pct in ("*", None), (table["id"], row)
