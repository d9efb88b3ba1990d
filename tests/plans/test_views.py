"""The working views: plan table filters, calendar, action page, my actions, coverage, import, exports."""

from __future__ import annotations

import json
import sys
import types

import pytest
from django.test import Client

from firstyear.plans import actions as act
from firstyear.plans.models import Plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(persona):
    client = Client()
    user = persona("programme_lead", "E06000008")
    client.force_login(user)
    client.user = user
    return client


def shown(client, plan, query=""):
    page = client.get(f"/plans/{plan.pk}/{query}").content.decode()
    return {name for name, words in (("co_test", "Carbon monoxide test at booking"), ("incentive", "Voucher incentive"),
                                     ("advisers", "Specialist advisers"), ("leaflet", "One leaflet used"),
                                     ("training", "Safer sleep training")) if words in page}


ALL = {"co_test", "incentive", "advisers", "leaflet", "training"}


@pytest.mark.parametrize("query, expected", [
    ("", ALL),
    ("?status=off_track", {"advisers"}),
    ("?status=complete&status=off_track", {"advisers", "training"}),
    ("?overdue=1", {"incentive"}),  # due January 2017, not complete; today is 1 March 2017
    ("?deep_dive=1", {"co_test"}),  # deep dive April 2017
    ("?lead=midwifery", {"co_test"}),
    ("?factor=co_sleeping", {"training"}),
    ("?q=leaflet", {"leaflet"}),
])
def test_plan_table_filters(lead, small_plans, query, expected):
    assert shown(lead, small_plans["E06000008"], query) == expected


def test_priority_and_recommendation_filters(lead, small_plans, geography):
    plan = small_plans["E06000008"]
    sleep = plan.priorities.get(title="Safer sleep")
    assert shown(lead, plan, f"?priority={sleep.pk}") == {"leaflet", "training"}
    source = act.ensure_source(by=None, title="Review", area=geography["E12000002"])
    rec, _ = act.save_recommendation(by=None, source=source, level="locality", number=16, text="One safer sleep message")
    act.save_response(by=None, recommendation=rec, area=geography["E06000008"], version=0, response="adopted", plan=plan,
                      status="on_track", actions=[plan.rows["leaflet"]])
    assert shown(lead, plan, f"?recommendation={rec.pk}") == {"leaflet"}


def test_my_actions_lists_what_a_lead_leads(lead, small_plans):
    action = small_plans["E06000008"].rows["incentive"]
    act.update_action(by=None, action=action, version=1, changes={"lead_user": lead.user})
    page = lead.get("/plans/my-actions/").content.decode()
    assert "Voucher incentive scheme" in page and "Overdue" in page
    assert "Carbon monoxide" not in page
    assert shown(lead, small_plans["E06000008"], "?lead=me") == {"incentive"}


def test_calendar_shows_deep_dives_and_due_dates_by_month(lead, small_plans):
    page = lead.get(f"/plans/{small_plans['E06000008'].pk}/calendar/").content.decode()
    assert page.index("April 2017") < page.index("June 2017")
    assert "January 2017" not in page  # before this month
    everything = lead.get(f"/plans/{small_plans['E06000008'].pk}/calendar/?all=1").content.decode()
    assert "December 2016" in everything and "January 2017" in everything


def test_action_page_shows_its_history(lead, small_plans):
    action = small_plans["E06000008"].rows["advisers"]
    act.record_progress(by=lead.user, action=action, version=1, status="at_risk", note="One adviser on leave.")
    page = lead.get(f"/plans/actions/{action.pk}/").content.decode()
    assert "One adviser on leave." in page and "Progress update" in page and "Created" in page
    assert "Off track" in page and "At risk" in page
    assert "Not SMART: No date." in page  # "Ongoing" with no deep dive or review date


def test_adding_and_changing_an_action_through_the_forms(lead, small_plans):
    plan = small_plans["E06000008"]
    objective = plan.rows["co_test"].objective
    response = lead.post(f"/plans/{plan.pk}/actions/new/", {
        "version": 0, "description": "Stop-smoking support at the 20-week scan", "objective": objective.pk,
        "lead": "Sonography lead", "outcome": "50 referrals a quarter", "due": "Sep-17", "deep_dive": "",
        "status": "not_started", "factors": ["smoking_pregnancy"]})
    assert response.status_code == 302
    action = plan.actions.get(description__startswith="Stop-smoking support")
    assert (action.due.iso(), action.factor_codes) == ("2017-09", ["smoking_pregnancy"])
    errors = lead.post(f"/plans/{plan.pk}/actions/new/", {"version": 0, "objective": objective.pk, "status": "on_track",
                                                          "due": "x"})
    page = errors.content.decode()
    assert "There is a problem" in page and "Enter what will be done" in page and "<title>Error:" in page


def test_coverage_without_child_death_review_figures(lead, small_plans, monkeypatch):
    monkeypatch.setitem(sys.modules, "firstyear.reviews", None)
    page = lead.get("/plans/areas/E06000008/coverage/").content.decode()
    assert "No child death review figures are available for this area" in page


def test_coverage_sets_review_factors_against_actions(lead, small_plans, profile_data, monkeypatch):
    summary = types.ModuleType("firstyear.reviews.summary")
    calls = []

    def modifiable_factor_summary(area, year=None):
        calls.append((area.code, year))
        return [("co_sleeping", "Unsafe sleep or co-sleeping", 5), ("substance_misuse", "Parental drug or alcohol misuse", 3),
                ("smoking_pregnancy", "Maternal smoking in pregnancy", 4)]

    summary.modifiable_factor_summary = modifiable_factor_summary
    package = types.ModuleType("firstyear.reviews")
    package.summary = summary
    monkeypatch.setitem(sys.modules, "firstyear.reviews", package)
    monkeypatch.setitem(sys.modules, "firstyear.reviews.summary", summary)
    page = lead.get("/plans/areas/E06000008/coverage/").content.decode()
    assert calls == [("E06000008", None)]
    rows = page[page.index("Deaths reviewed with each"):page.index("Indicators worse than England with no")]
    # Uncovered factors first: drug or alcohol misuse has deaths and no action.
    assert rows.index("Parental drug or alcohol misuse") < rows.index("Unsafe sleep or co-sleeping")
    assert rows.count("No action") == 1 and rows.count("Addressed") == 2
    # Infant mortality is worse than England in the profile data and no action links to it.
    gaps = page[page.index("Indicators worse than England with no"):]
    assert "/infant-mortality/" in gaps
    act.update_action(by=None, action=small_plans["E06000008"].rows["co_test"], version=1,
                      changes={"indicators": ["infant-mortality"]})
    again = lead.get("/plans/areas/E06000008/coverage/").content.decode()
    gaps = again[again.index("Indicators worse than England with no"):]
    assert "/infant-mortality/" not in gaps and "Smoking at delivery" in gaps


def test_upload_preview_then_create(lead, geography):
    from django.core.files.uploadedfile import SimpleUploadedFile

    table = (b"| no. | Issue | Action | Lead | Date to be completed |\n|---|---|---|---|---|\n"
             b"| 1. Smoking | | | | |\n| 1.1 | Smokers | CO test | Midwifery | Nov-16 |\n"
             b"| | | Referral | Stop smoking | Ongoing |\n| | | | | | stray |\n")
    response = lead.post("/plans/import/", {"owner": geography["E06000008"].pk, "title": "Uploaded plan",
                                             "file": SimpleUploadedFile("plan.md", table)})
    assert response.status_code == 302
    preview = lead.get(response["Location"])
    page = preview.content.decode()
    assert "1 priorities, 1 objectives or issues and 2 actions" in page
    assert not Plan.objects.exists()  # nothing written until confirmed
    created = lead.post(response["Location"])
    assert created.status_code == 302
    plan = Plan.objects.get()
    assert (plan.title, plan.actions.count(), plan.owner.code) == ("Uploaded plan", 2, "E06000008")


def test_upload_for_another_locality_is_not_offered(lead, geography):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = lead.post("/plans/import/", {"owner": geography["E06000009"].pk, "title": "Not mine",
                                             "file": SimpleUploadedFile("plan.md", b"| Action |\n|---|\n| x |\n")})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()


def test_exports(lead, small_plans):
    plan = small_plans["E06000008"]
    data = json.loads(lead.get(f"/plans/{plan.pk}/export.json").content)
    [exported] = data["plans"]
    assert (exported["title"], exported["locality"]) == ("Infant mortality action plan", "E06000008")
    first = exported["priorities"][0]["objectives"][0]["actions"][0]
    assert {k: first[k] for k in ("description", "lead", "outcome", "reporting", "deep_dive", "due", "status")} == {
        "description": "Carbon monoxide test at booking for every woman", "lead": "Head of midwifery",
        "outcome": "90% of women tested", "reporting": "By exception", "deep_dive": "2017-04", "due": "2017-06",
        "status": "on_track"}
    ongoing = exported["priorities"][0]["objectives"][0]["actions"][2]
    assert ongoing["due"] == "Ongoing"
    for fmt in ("xlsx", "docx"):
        assert lead.get(f"/plans/{plan.pk}/export.{fmt}").status_code == 200


def test_board_paper_page_and_narrative(lead, small_plans):
    page = lead.get("/plans/areas/E06000008/board-paper/?board=hwb&period=2016/17")
    text = page.content.decode()
    assert page.status_code == 200 and "6. Exceptions" in text and "Edit the paper" in text
    assert text.count("<h1") == 1
    saved = lead.post("/plans/areas/E06000008/board-paper/", {"board": "hwb", "period": "2016/17", "version": 0,
                                                              "purpose": "A purpose of our own.", "recommendations": "Note it",
                                                              "background": "", "next_steps": ""})
    assert saved.status_code == 302
    assert "A purpose of our own." in lead.get("/plans/areas/E06000008/board-paper/?board=hwb&period=2016/17").content.decode()
    download = lead.get("/plans/areas/E06000008/board-paper.docx?board=hwb&period=2016/17")
    assert download.status_code == 200 and download["Content-Disposition"].endswith('-hwb-2016-17.docx"')
    bad = lead.get("/plans/areas/E06000008/board-paper/?period=next+year")
    assert "a financial year is written like" in bad.content.decode() or "use a financial year" in bad.content.decode()
