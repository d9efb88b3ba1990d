"""The tidy observations format: all or nothing, idempotent, every problem listed."""

from __future__ import annotations

import sys
import types

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from firstyear.accounts.models import AuditEvent
from firstyear.indicators.importers import run_import
from firstyear.indicators.importers.base import ImportRejected, after_import
from firstyear.indicators.models import ImportBatch, Observation, Period

HEADER = "area_code,indicator,period,breakdown,count,denominator,sex,age,value,synthetic,note"
GOOD = [
    "E06000008,infant-mortality,2014 - 16,,26,6233,,,,,",
    "E06000008,92196,2011 - 13,,30,6400,,,,,",
    "E06000008,infant-mortality,2014 - 16,Deprivation quintile: Most deprived 20%,12,2100,,,,,",
    "E06000008,deprivation-score,2019,,,,,,36.013,,",
    "E06000008,breastfeeding-initiation,2020/21,,1250,1992,,,,true,Made up for a test",
    "CDOP-PANLANCS,infant-mortality,2014 - 16,,150,40000,,,,false,",
]


def tidy_csv(path, lines, comments=("# a comment line above the header",)):
    path.write_text("\n".join([*comments, HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def snapshot():
    return (list(Observation.objects.order_by("pk").values()), ImportBatch.objects.count(),
            Period.objects.count(), AuditEvent.objects.count())


def test_a_tidy_csv_is_imported(reference_data, tmp_path):
    summary = run_import("observations", [tidy_csv(tmp_path / "tidy.csv", GOOD)], quiet=True)
    assert (summary.rows_read, summary.created, summary.updated, summary.unchanged) == (6, 6, 0, 0)
    quintile = Observation.objects.get(category_type="Deprivation quintile")
    assert (quintile.category, quintile.count, quintile.denominator) == ("Most deprived 20%", 12, 2100.0)
    score = Observation.objects.get(indicator__slug="deprivation-score")
    assert (score.raw_value, score.count, score.sex) == (36.013, None, "Persons")
    synthetic = Observation.objects.get(indicator__slug="breastfeeding-initiation")
    assert synthetic.synthetic and synthetic.note == "Made up for a test"
    assert Observation.objects.filter(indicator__slug="infant-mortality", period__label="2011 - 13").exists()
    assert Observation.objects.filter(area__code="CDOP-PANLANCS").exists()
    batch = ImportBatch.objects.get()
    assert (batch.kind, batch.filename, batch.created, batch.rows_read) == ("observations", "tidy.csv", 6, 6)
    assert len(batch.sha256) == 64
    event = AuditEvent.objects.get(action="data.imported", object_type="import_batch")
    assert event.detail["created"] == 6 and event.object_ref == str(batch.pk)


def test_the_same_file_twice_changes_nothing(reference_data, tmp_path):
    path = tidy_csv(tmp_path / "tidy.csv", GOOD)
    run_import("observations", [path], quiet=True)
    observations_before = list(Observation.objects.order_by("pk").values())
    again = run_import("observations", [path], quiet=True)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 6)
    assert list(Observation.objects.order_by("pk").values()) == observations_before


def test_a_changed_figure_is_updated_and_attributed_to_the_new_batch(reference_data, tmp_path):
    run_import("observations", [tidy_csv(tmp_path / "tidy.csv", GOOD)], quiet=True)
    changed = [GOOD[0].replace(",26,", ",27,"), *GOOD[1:]]
    summary = run_import("observations", [tidy_csv(tmp_path / "tidy.csv", changed)], quiet=True)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 5)
    obs = Observation.objects.get(area__code="E06000008", indicator__slug="infant-mortality",
                                  period__label="2014 - 16", category_type="")
    assert (obs.count, obs.batch_id) == (27, summary.batch_id)


def test_a_dry_run_reports_and_writes_nothing(reference_data, tmp_path):
    before = snapshot()
    summary = run_import("observations", [tidy_csv(tmp_path / "tidy.csv", GOOD)], dry_run=True, quiet=True)
    assert summary.dry_run and summary.created == 6 and summary.batch_id is None
    assert "Would import" in str(summary) and "nothing was written" in str(summary)
    assert snapshot() == before


def test_every_problem_is_listed_with_row_column_value_and_reason(reference_data, tmp_path):
    bad = [
        GOOD[0],
        "E06000008,infant-mortality,2014 - 16,,ten,6233,,,,,",  # row 4
        "E06000008,infant-mortality,2011 - 13,,-2,6233,,,,,",
        "E99999999,infant-mortality,2014 - 16,,3,6233,,,,,",
        "E06000008,no-such-indicator,2014 - 16,,3,6233,,,,,",
        "E06000008,infant-mortality,2014/15,,3,6233,,,,,",
        "E06000008,infant-mortality,2012 - 14,Most deprived,3,6233,,,,,",
        "E06000008,infant-mortality,2010 - 12,,2.5,6233,,,,maybe,",
        "E06000008,smoking-at-delivery,2018/19,,300,200,,,,,",
        GOOD[0],
    ]
    before = snapshot()
    with pytest.raises(ImportRejected) as exc:
        run_import("observations", [tidy_csv(tmp_path / "bad.csv", bad)], quiet=True)
    found = [(p.file, p.row, p.column, p.value) for p in exc.value.problems]
    assert found == [
        ("bad.csv", 4, "count", "ten"),
        ("bad.csv", 5, "count", "-2"),
        ("bad.csv", 6, "area_code", "E99999999"),
        ("bad.csv", 7, "indicator", "no-such-indicator"),
        ("bad.csv", 8, "period", "2014/15"),
        ("bad.csv", 9, "breakdown", "Most deprived"),
        ("bad.csv", 10, "count", "2.5"),
        ("bad.csv", 10, "synthetic", "maybe"),
        ("bad.csv", 11, "count", "300"),
        ("bad.csv", 12, "", "E06000008"),
    ]
    reasons = [p.reason for p in exc.value.problems]
    assert reasons[:4] == ["not a number", "a count cannot be negative",
                           "unknown area code (see `firstyear areas list`)", reasons[3]]
    assert "not a catalogue indicator" in reasons[3]
    assert "is a financial year; this indicator uses 3 calendar years pooled" in reasons[4]
    assert "'Category type: Category'" in reasons[5]
    assert reasons[6] == "a count must be a whole number" and reasons[7] == "use true or false"
    assert "larger than the denominator" in reasons[8]
    assert "same indicator, area, period and breakdown as bad.csv row 3" in reasons[9]
    assert snapshot() == before


def test_a_missing_required_column_is_named(reference_data, tmp_path):
    path = tmp_path / "missing.csv"
    path.write_text("area_code,indicator,period,count,denominator\nE06000008,infant-mortality,2014 - 16,26,6233\n")
    with pytest.raises(ImportRejected) as exc:
        run_import("observations", [path], quiet=True)
    [problem] = exc.value.problems
    assert (problem.row, problem.column, problem.reason.split(" (")[0]) == (1, "breakdown", "required column missing")


def test_several_files_are_one_all_or_nothing_import(reference_data, tmp_path):
    good = tidy_csv(tmp_path / "good.csv", GOOD)
    bad = tidy_csv(tmp_path / "bad.csv", ["E06000008,infant-mortality,2014 - 16,,x,6233,,,,,"])
    before = snapshot()
    with pytest.raises(ImportRejected) as exc:
        run_import("observations", [good, bad, tmp_path / "absent.csv"], quiet=True)
    assert [p.file for p in exc.value.problems] == ["absent.csv"]
    with pytest.raises(ImportRejected) as exc:
        run_import("observations", [good, bad], quiet=True)
    assert [(p.file, p.row) for p in exc.value.problems] == [("bad.csv", 3)]
    assert snapshot() == before


def test_an_xlsx_file(reference_data, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["# tidy observations as a spreadsheet"])
    sheet.append(HEADER.split(","))
    sheet.append(["E06000009", "infant-mortality", "2014 - 16", None, 25, 6000])
    sheet.append(["E06000009", "deprivation-score", 2019, None, None, None, None, None, 45.039])
    sheet.append(["E06000009", "infant-mortality", "2013 - 15", None, "lots", 6000])
    path = tmp_path / "tidy.xlsx"
    book.save(path)
    with pytest.raises(ImportRejected) as exc:
        run_import("observations", [path], quiet=True)
    assert [(p.row, p.column, p.value) for p in exc.value.problems] == [(5, "count", "lots")]
    sheet.delete_rows(5)
    book.save(path)
    summary = run_import("observations", [path], quiet=True)
    assert summary.created == 2
    assert Observation.objects.get(indicator__slug="deprivation-score").period.label == "2019"


def test_the_import_command_prints_problems_as_a_table_and_exits_1(reference_data, no_database_check,
                                                                  tmp_path, capsys):
    path = tidy_csv(tmp_path / "bad.csv", ["E99999999,infant-mortality,2014 - 16,,3,6233,,,,,"])
    with pytest.raises(SystemExit) as exc:
        call_command("import_data", "observations", str(path), "--quiet")
    assert exc.value.code == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].split() == ["file", "row", "column", "value", "reason"]
    assert err[1].split()[:4] == ["bad.csv", "3", "area_code", "E99999999"]
    assert "nothing was imported" in err[-1]
    call_command("import_data", "observations", str(tidy_csv(tmp_path / "good.csv", GOOD)), "--dry-run")
    assert "Would import good.csv" in capsys.readouterr().out
    assert Observation.objects.count() == 0


def test_after_import_recomputes_when_the_compute_module_is_there(monkeypatch):
    calls = []
    fake = types.ModuleType("firstyear.indicators.compute")
    fake.recompute = lambda indicators: calls.append(indicators) or "3 values recomputed"
    monkeypatch.setitem(sys.modules, "firstyear.indicators.compute", fake)
    assert after_import([4, 2]) == "3 values recomputed" and calls == [[4, 2]]


def test_after_import_steps_aside_while_the_compute_module_cannot_be_imported(monkeypatch):
    def missing(name):
        raise ImportError("cannot import name 'stats' from 'firstyear'", name="firstyear")

    monkeypatch.setattr("importlib.import_module", missing)
    assert after_import([1]) == ""


class _Terminal:
    """A stand-in for stderr on a terminal, collecting what is written."""

    def __init__(self, tty: bool):
        self.tty, self.text = tty, []

    def isatty(self):
        return self.tty

    def write(self, text):
        self.text.append(text)

    def flush(self):
        pass


@pytest.mark.parametrize(("tty", "quiet", "shown"), [(True, False, True), (True, True, False), (False, False, False)])
def test_a_progress_bar_only_for_a_person_at_a_terminal(reference_data, tmp_path, monkeypatch, tty, quiet, shown):
    terminal = _Terminal(tty)
    monkeypatch.setattr(sys, "stderr", terminal)
    run_import("observations", [tidy_csv(tmp_path / "tidy.csv", GOOD)], dry_run=True, quiet=quiet)
    assert any("tidy.csv" in t and "rows" in t for t in terminal.text) is shown
