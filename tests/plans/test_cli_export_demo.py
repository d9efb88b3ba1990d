"""The `firstyear plans` command, export round trips, and the demo."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command
from docx import Document as Docx

from firstyear.accounts.models import AuditEvent
from firstyear.plans.export import export_xlsx
from firstyear.plans.importers import parse_plan_bytes
from firstyear.plans.models import Action, Plan, Recommendation, RecommendationResponse
from tests.plans import seeds

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("plans", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_import_dry_run_then_import_seed004(geography, tmp_path):
    path = seeds.build_seed004_docx(tmp_path / "llr.docx")
    dry = run("import", str(path), "--locality", "E06000008", "--title", "LLR plan", "--dry-run")
    assert "5 priorities, 29 objectives" in dry and "Dry run: nothing was written." in dry
    assert not Plan.objects.exists()
    done = run("import", str(path), "--locality", "E06000008", "--title", "LLR plan", "--version", "2016")
    assert "Created plan" in done
    plan = Plan.objects.get()
    assert (plan.priorities.count(), plan.priorities.first().objectives.count(), plan.version_label) == (5, 3, "2016")
    assert Action.objects.filter(plan=plan).count() == sum(
        1 for i in seeds.seed004_expected()["issues"].values() for r in i["rows"] if r[3].strip())
    assert AuditEvent.objects.filter(action="plan.imported").count() == 1


def test_import_of_a_bad_file_explains_and_writes_nothing(geography, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("Name,Date\nx,y\n")
    with pytest.raises(CommandError, match="nothing was imported"):
        run("import", str(path), "--locality", "E06000008", "--title", "Bad")
    with pytest.raises(CommandError, match="No area"):
        run("import", str(path), "--locality", "E99999999", "--title", "Bad")
    assert not Plan.objects.exists()


def test_export_json_xlsx_docx_and_board_paper(small_plans, tmp_path, capsys):
    call_command("plans", "export", "--locality", "E06000008", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert [p["title"] for p in data["plans"]] == ["Infant mortality action plan"]
    assert set(data["plans"][0]["priorities"][0]["objectives"][0]["actions"][0]) >= {
        "description", "lead", "partners", "outcome", "reporting", "deep_dive", "due", "status"}
    run("export", "--locality", "E06000008", "--format", "docx", "--out", str(tmp_path / "plan.docx"))
    word = Docx(str(tmp_path / "plan.docx"))
    assert word.tables[0].rows[1].cells[2].text == "Carbon monoxide test at booking for every woman"
    run("board-paper", "--locality", "E06000008", "--board", "safeguarding", "--period", "2016/17", "--format", "html",
        "--out", str(tmp_path / "paper.html"))
    html = (tmp_path / "paper.html").read_text()
    assert "report to the Safeguarding Children Partnership" in html and "Voucher incentive scheme" in html
    assert AuditEvent.objects.filter(action="report.generated", area_code="E06000008").exists()


def test_xlsx_export_imports_back_to_the_same_plan(small_plans):
    plan = small_plans["E06000008"]
    parsed = parse_plan_bytes(export_xlsx([plan]), "export.xlsx")
    assert parsed.problems == []
    assert [(p.ref, p.title) for p in parsed.priorities] == [("1", "Smoking in pregnancy"), ("2", "Safer sleep")]
    original = [(a.objective.ref, a.description, a.lead, a.due.iso(), a.status, sorted(a.factor_codes))
                for a in plan.actions.order_by("objective__priority__order", "objective__order", "order")]
    again = [(o.ref, a.description, a.lead, a.due.iso(), a.status, sorted(a.factors))
             for o in parsed.objectives for a in o.actions]
    assert again == original


def test_demo_loads_register_plans_and_a_year_of_progress_once(reference_data):
    from firstyear.demo.accounts import ensure_demo_users
    from firstyear.plans.demo import load_demo_plans

    ensure_demo_users()
    first = load_demo_plans()
    assert "30 regional and 22 locality" in first
    assert load_demo_plans() == "already loaded"
    assert Recommendation.objects.filter(level="regional").count() == 30
    assert Recommendation.objects.filter(level="locality").count() == 22
    plans = {p.owner.code: p for p in Plan.objects.select_related("owner")}
    assert set(plans) == {"E06000008", "E06000009"} and all(p.synthetic for p in plans.values())
    bwd = plans["E06000008"]
    updates = [u for a in bwd.actions.all() for u in a.updates.filter(kind="progress")]
    assert updates and all(u.synthetic for u in updates)
    span = max(u.as_of for u in updates) - min(u.as_of for u in updates)
    assert span.days >= 300  # a year of progress
    assert RecommendationResponse.objects.filter(area__code="E06000008").count() == 22
    assert RecommendationResponse.objects.values("area").distinct().count() >= 5
    assert bwd.actions.filter(lead_user__email="lead@demo.firstyear.test").exists()
