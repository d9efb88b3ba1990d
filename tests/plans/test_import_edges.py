"""Import edge cases: header variants, section and continuation rows, shifted and merged cells, blank
rows, Excel's lost trailing zero, and the all-or-nothing write."""

from __future__ import annotations

import datetime as dt

import pytest

from firstyear.accounts.models import AuditEvent
from firstyear.plans import actions as act
from firstyear.plans.importers import parse_plan_bytes
from firstyear.plans.importers.plan_table import header_field, split_actions
from firstyear.plans.models import Action, Plan


def md(*rows: str) -> bytes:
    return "\n".join(rows).encode()


@pytest.mark.pure
@pytest.mark.parametrize("header, field", [
    ("Action: What are we going to do about this?", "action"),
    ("Accountability: Who is responsible?", "lead"),
    ("Lead", "lead"),
    ("Lead officer", "lead"),
    ("Partners", "partners"),
    ('Date for "deep dive"', "deep_dive"),
    ("Date for deep dive", "deep_dive"),
    ("Date to be completed", "due"),
    ("By when?", "due"),
    ("How are they reporting back?", "reporting"),
    ("Outcome: What change do we want to see?", "outcome"),
    ("Detail /Rationale", "rationale"),
    ("no.", "ref"),
    ("Issue", "objective"),
    ("Objective", "objective"),
    ("Action Plan", "action"),
    ("RAG status", "status"),
    ("", ""),
])
def test_header_variants(header, field):
    assert header_field(header) == field


@pytest.mark.pure
def test_bullets_split_actions_unless_introduced_by_a_colon():
    assert split_actions("• Do one thing\n• Do another") == ["Do one thing", "Do another"]
    assert split_actions("· First\n· Second\nA third, on its own line") == ["First", "Second", "A third, on its own line"]
    assert split_actions("Gather information via:\n• Panel report\n• Audit") == ["Gather information via:\n• Panel report\n• Audit"]
    assert split_actions("Just one action") == ["Just one action"]
    assert split_actions("· ") == []


@pytest.mark.pure
def test_shifted_cells_move_back_under_their_headings():
    data = md(
        "| no. | Issue | Action | Outcome | Lead | Reporting | Deep dive | Due |",
        "|---|---|---|---|---|---|---|---|",
        "| 1. Smoking | | | | | | | |",
        "| 1.1 | Smoking | Record smoking status | More quitters | Midwives | by exception | May-17 | Ongoing |",
        "| | | Record CO readings | | | UHL | by exception | May-17 | Ongoing |",
    )
    parsed = parse_plan_bytes(data, "shifted.md")
    second = parsed.actions[1]
    assert (second.lead, second.reporting, second.deep_dive.iso(), second.due.text) == ("UHL", "by exception", "2017-05", "Ongoing")
    assert any("moved left" in n for n in parsed.notes)


@pytest.mark.pure
def test_blank_rows_repeated_headers_and_continuations():
    data = md(
        "| Ref | Objective | Action | Lead | Due |",
        "|---|---|---|---|---|",
        "| Priority 1: Smoke-free pregnancies | | | | |",
        "| | | | | |",
        "| 1.1 | Every smoker identified | CO test at booking | Midwifery | Jun-17 |",
        "| | | Opt-out referral | Stop smoking service | Jul-17 |",
        "| Ref | Objective | Action | Lead | Due |",
        "| | | | Health visiting | |",
        "| Priority 2: Safer sleep | | | | |",
        "| 2.1 | One message | Leaflet for all agencies | TBC | TBC |",
    )
    parsed = parse_plan_bytes(data, "plan.md")
    assert parsed.counts() == {"priorities": 2, "objectives": 2, "actions": 3}
    opt_out = parsed.priorities[0].objectives[0].actions[1]
    assert opt_out.lead == "Stop smoking service; Health visiting"
    assert parsed.priorities[1].title == "Safer sleep"


@pytest.mark.pure
def test_csv_with_semicolons_and_a_flat_priority_column():
    data = (b"Priority;Objective no.;Objective;Action;Lead;Date to be completed\n"
            b"Smoking;1.1;Identify smokers;CO test at booking;Midwifery;Nov-16\n"
            b"Smoking;1.1;Identify smokers;Opt-out referral;Stop smoking service;Ongoing\n"
            b"Safer sleep;2.1;One message;Leaflet;Safeguarding partnership;TBC\n")
    parsed = parse_plan_bytes(data, "flat.csv")
    assert parsed.counts() == {"priorities": 2, "objectives": 2, "actions": 3}
    assert [a.due.iso() for a in parsed.actions] == ["2016-11", "Ongoing", "TBC"]


@pytest.mark.pure
def test_cells_under_no_heading_are_listed_and_kept():
    data = md(
        "| Objective | Action | | Lead |",
        "|---|---|---|---|",
        "| 1.1 Smoking | CO test | a stray comment | Midwifery |",
    )
    parsed = parse_plan_bytes(data, "plan.md")
    [cell] = parsed.unplaced
    assert cell.value == "a stray comment" and "no heading" in cell.reason
    assert "a stray comment" in parsed.actions[0].notes


@pytest.mark.pure
def test_a_file_without_an_action_column_is_refused():
    parsed = parse_plan_bytes(md("| Name | Date |", "|---|---|", "| A | B |"), "notes.md")
    assert parsed.problems and "no header row found" in parsed.problems[0].reason


@pytest.mark.pure
def test_unknown_file_types_are_refused_with_advice():
    parsed = parse_plan_bytes(b"\xd0\xcf", "plan.doc")
    assert "save as .docx" in parsed.problems[0].reason


@pytest.mark.pure
def test_excel_number_that_lost_its_trailing_zero(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["no.", "Issue", "Action"])
    ws.append(["2. Maternal factors"])
    for n, ref in enumerate([2.8, 2.9, 2.1, 2.11]):  # 2.10 typed into a General cell becomes 2.1
        ws.append([ref, f"Issue {n}", f"Action {n}"])
    path = tmp_path / "plan.xlsx"
    wb.save(path)
    parsed = parse_plan_bytes(path.read_bytes(), "plan.xlsx")
    assert [o.ref for o in parsed.objectives] == ["2.8", "2.9", "2.10", "2.11"]


@pytest.mark.pure
def test_merged_lead_applies_to_each_row_but_blank_lead_stays_blank(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Objective", "Action", "Lead"])
    ws.append(["1.1 Smoking", "CO test", "Midwifery"])
    ws.append(["1.2 Referral", "Opt-out referral", None])
    ws.append(["1.3 Homes", "Smoke-free homes", None])
    ws.merge_cells("C2:C3")
    path = tmp_path / "plan.xlsx"
    wb.save(path)
    parsed = parse_plan_bytes(path.read_bytes(), "plan.xlsx")
    assert [a.lead for a in parsed.actions] == ["Midwifery", "Midwifery", ""]


@pytest.mark.django_db
def test_import_writes_everything_with_history_and_audit(geography, tmp_path):
    data = md("| no. | Issue | Action | Lead | Date to be completed |", "|---|---|---|---|---|",
              "| 1. Smoking | | | | |", "| 1.1 | Smokers | CO test | Midwifery | Nov-16 |",
              "| | | Referral | Stop smoking | Ongoing |")
    parsed = parse_plan_bytes(data, "plan.md")
    plan = act.import_plan(by=None, parsed=parsed, owner=geography["E06000008"], title="Imported")
    actions = list(plan.actions.order_by("order"))
    assert [(a.description, a.lead, a.due_by) for a in actions] == [
        ("CO test", "Midwifery", dt.date(2016, 11, 30)), ("Referral", "Stop smoking", None)]
    assert all(a.updates.get().kind == "imported" for a in actions)
    event = AuditEvent.objects.get(action="plan.imported")
    assert event.detail["actions"] == 2 and event.area_code == "E06000008"


@pytest.mark.django_db
def test_import_is_all_or_nothing(geography, monkeypatch):
    parsed = parse_plan_bytes(md("| Objective | Action |", "|---|---|", "| 1.1 A | Do it |"), "plan.md")

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("firstyear.plans.models.ActionUpdate.objects.bulk_create", fail)
    with pytest.raises(RuntimeError):
        act.import_plan(by=None, parsed=parsed, owner=geography["E06000008"], title="Half")
    assert not Plan.objects.exists() and not Action.objects.exists()


@pytest.mark.django_db
def test_a_file_with_problems_writes_nothing(geography):
    parsed = parse_plan_bytes(md("| Name |", "|---|", "| x |"), "bad.md")
    with pytest.raises(act.PlanActionError, match="nothing was imported"):
        act.import_plan(by=None, parsed=parsed, owner=geography["E06000008"], title="Bad")
    assert not Plan.objects.exists()
