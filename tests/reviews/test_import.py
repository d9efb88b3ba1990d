"""Import: every problem as file, row, column, value and reason; nothing written unless all is clean."""

from __future__ import annotations

import csv
from datetime import date

import pytest

from firstyear.accounts.models import AuditEvent
from firstyear.indicators.importers.base import ImportRejected
from firstyear.reviews.importer import import_cases, template_bytes, template_columns
from firstyear.reviews.models import Case

pytestmark = pytest.mark.django_db

GOOD = {"case_ref": "PL-1", "nhs_number": "9434765919", "date_of_birth": "2014-05-01", "date_of_death": "2014-05-03",
        "sex": "male", "ethnic_group": "asian", "residence_la_code": "E06000008", "expected": "expected",
        "notified_on": "2014-05-04", "lsoa_code": "E01012345", "birthweight_g": "1800",
        "panel_reviewed_on": "2014-11-01", "closed_on": "2014-11-20", "category": "perinatal",
        "factor_smoking_pregnancy": "2", "factor_co_sleeping": "0"}


def write(tmp_path, rows, name="cases.csv"):
    path = tmp_path / name
    columns = template_columns()
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in columns})
    return path


def test_a_clean_file_imports_with_review_and_audit(tmp_path, footprints):
    path = write(tmp_path, [GOOD, {**GOOD, "case_ref": "PL-2", "nhs_number": "", "nhs_number_missing_reason": "non_resident",
                                   "panel_reviewed_on": "", "closed_on": "", "category": "", "factor_smoking_pregnancy": "",
                                   "factor_co_sleeping": ""}])
    result = import_cases(by=None, path=path, footprint="CDOP-PANLANCS")
    assert (result.created, result.reviewed, result.closed) == (2, 1, 1)
    closed = Case.objects.get(case_ref="PL-1")
    assert (closed.state, closed.modifiable, closed.category.code) == ("closed", "identified", "perinatal")
    assert Case.objects.get(case_ref="PL-2").state == "notified"
    assert list(closed.transitions.values_list("to_state", "on")) == [
        ("notified", date(2014, 5, 4)), ("panel_reviewed", date(2014, 11, 1)), ("closed", date(2014, 11, 20))]
    assert closed.carers.count() == 0 and closed.days_to_review == (date(2014, 11, 1) - date(2014, 5, 3)).days
    event = AuditEvent.objects.get(action="cases.imported")
    assert event.detail["cases"] == 2 and event.area_code == "CDOP-PANLANCS"


def test_every_problem_is_listed_and_nothing_is_written(tmp_path, footprints):
    bad = [
        GOOD,
        {**GOOD, "case_ref": "PL-1", "nhs_number": "9434765918"},                      # row 3
        {**GOOD, "case_ref": "PL-3", "nhs_number": "", "date_of_death": "2014-04-01"},  # row 4
        {**GOOD, "case_ref": "PL-4", "nhs_number": "4010232137", "residence_la_code": "E08000003", "sex": "boy",
         "factor_co_sleeping": "3", "modifiable": "not_identified"},                    # row 5
        {**GOOD, "case_ref": "PL-5", "nhs_number": "", "nhs_number_missing_reason": "not_available",
         "date_of_birth": "01/05/2014", "panel_reviewed_on": "", "closed_on": "2014-12-01"},  # row 6
    ]
    path = write(tmp_path, bad)
    with pytest.raises(ImportRejected) as exc:
        import_cases(by=None, path=path, footprint="CDOP-PANLANCS")
    found = {(p.row, p.column, p.value) for p in exc.value.problems}
    assert {
        (3, "case_ref", "PL-1"), (3, "nhs_number", "9434765918"),
        (4, "nhs_number", ""), (4, "date_of_death", "2014-04-01"),
        (5, "residence_la_code", "E08000003"), (5, "sex", "boy"), (5, "factor_co_sleeping", "3"),
        (5, "modifiable", "not_identified"),
        (6, "date_of_birth", "01/05/2014"), (6, "closed_on", "2014-12-01"),
    } <= found
    assert all(p.file == "cases.csv" and p.reason for p in exc.value.problems)
    reasons = {(p.row, p.column): p.reason for p in exc.value.problems}
    assert "Modulus 11" in reasons[(3, "nhs_number")]
    assert "before the date of birth" in reasons[(4, "date_of_death")]
    assert "a factor is scored 2" in reasons[(5, "modifiable")]
    assert Case.objects.count() == 0


def test_unknown_and_missing_columns(tmp_path, footprints):
    path = tmp_path / "odd.csv"
    path.write_text("case_ref,date_of_birth,favourite_colour\nX,2014-01-01,blue\n")
    with pytest.raises(ImportRejected) as exc:
        import_cases(by=None, path=path, footprint="CDOP-PANLANCS")
    columns = {p.column for p in exc.value.problems}
    assert {"favourite_colour", "date_of_death", "sex", "residence_la_code"} <= columns


def test_xlsx_template_round_trips(tmp_path, footprints):
    from openpyxl import load_workbook

    path = tmp_path / "template.xlsx"
    path.write_bytes(template_bytes("xlsx"))
    book = load_workbook(path)
    sheet = book["cases"]
    assert [c.value for c in sheet[1]] == template_columns()
    sheet.append([GOOD.get(c, None) for c in template_columns()])
    book.save(path)
    assert import_cases(by=None, path=path, footprint="CDOP-PANLANCS").created == 1
