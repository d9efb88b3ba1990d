"""The command line: import, report, template, audit list."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from firstyear.reviews.importer import template_columns

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_import_report_and_audit_list(tmp_path, footprints, make_case, persona):
    path = tmp_path / "cases.csv"
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=template_columns())
        writer.writeheader()
        writer.writerow({"case_ref": "C-1", "nhs_number_missing_reason": "not_available", "date_of_birth": "2014-05-01",
                         "date_of_death": "2014-05-02", "sex": "male", "ethnic_group": "white",
                         "residence_la_code": "E06000009", "expected": "expected", "notified_on": "2014-05-03",
                         "panel_reviewed_on": "2014-09-01", "closed_on": "2014-09-02", "category": "perinatal"})
    assert "Imported 1 cases into CDOP-PANLANCS" in run("reviews", "import", str(path), "--footprint", "CDOP-PANLANCS")
    out = tmp_path / "report.json"
    run("reviews", "report", "--footprint", "CDOP-PANLANCS", "--year", "2014/15", "--edition", "restricted",
        "--format", "json", "--out", str(out))
    data = json.loads(out.read_text())
    assert data["edition"] == "restricted" and data["tables"][0]["id"] == "notified"
    listed = json.loads(run("audit", "list", "--footprint", "CDOP-PANLANCS", "--format", "json"))
    assert {"cases.imported", "report.generated"} <= {e["action"] for e in listed}
    assert all(set(e) == {"at", "actor", "action", "object_type", "object_ref", "area_code", "reason", "detail"}
               for e in listed)
    rows = list(csv.DictReader(io.StringIO(run("audit", "list", "--footprint", "CDOP-PANLANCS", "--format", "csv"))))
    assert len(rows) == len(listed)


def test_import_problems_are_printed_and_nothing_written(tmp_path, footprints):
    path = tmp_path / "bad.csv"
    path.write_text(",".join(template_columns()) + "\n" + "X-1" + "," * (len(template_columns()) - 1) + "\n")
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("reviews", "import", str(path), "--footprint", "CDOP-PANLANCS", stdout=io.StringIO(), stderr=err)
    assert "bad.csv row 2, column 'date_of_birth'" in err.getvalue()


def test_template_and_unknown_footprint(tmp_path, footprints):
    out = tmp_path / "t.csv"
    run("reviews", "template", "--format", "csv", "--out", str(out))
    assert out.read_text(encoding="utf-8-sig").strip().split(",") == template_columns()
    with pytest.raises(CommandError, match="No area"):
        run("reviews", "report", "--footprint", "NOPE", "--year", "2014/15")
