"""Who may see and change plans: scoped by area, one permission check."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def login(persona, role, code):
    client = Client()
    client.force_login(persona(role, code))
    return client


def test_a_lead_of_one_locality_cannot_edit_another_localitys_plan(small_plans, persona):
    blackpool = small_plans["E06000009"]
    action = blackpool.rows["co_test"]
    client = login(persona, "programme_lead", "E06000008")
    for path in (f"/plans/actions/{action.pk}/edit/", f"/plans/actions/{action.pk}/progress/",
                 f"/plans/{blackpool.pk}/edit/", f"/plans/{blackpool.pk}/actions/new/"):
        assert client.get(path).status_code == 403, path
        assert client.post(path, {"version": 1, "description": "x", "status": "on_track", "note": "x"}).status_code == 403, path
    action.refresh_from_db()
    assert action.version == 1


def test_a_lead_edits_their_own_plan(small_plans, persona):
    action = small_plans["E06000008"].rows["co_test"]
    client = login(persona, "programme_lead", "E06000008")
    assert client.get(f"/plans/actions/{action.pk}/edit/").status_code == 200
    response = client.post(f"/plans/actions/{action.pk}/progress/", {"version": 1, "status": "at_risk", "note": "Delayed."})
    assert response.status_code == 302


def test_viewing_follows_view_plans_scope(small_plans, persona):
    bwd, blackpool = small_plans["E06000008"], small_plans["E06000009"]
    analyst = login(persona, "analyst", "E06000008")
    assert analyst.get(f"/plans/{bwd.pk}/").status_code == 200
    assert analyst.get(f"/plans/{blackpool.pk}/").status_code == 403
    assert analyst.get(f"/plans/actions/{bwd.rows['co_test'].pk}/edit/").status_code == 403
    coordinator = login(persona, "coordinator", "E12000002")
    for plan in (bwd, blackpool):
        assert coordinator.get(f"/plans/{plan.pk}/").status_code == 200
        assert coordinator.get(f"/plans/actions/{plan.rows['co_test'].pk}/edit/").status_code == 403
    index = coordinator.get("/plans/").content.decode()
    assert "Blackpool plan" in index and "Infant mortality action plan" in index


def test_plans_need_view_plans_and_a_login(small_plans, persona, client):
    assert client.get("/plans/").status_code == 302
    panel = login(persona, "panel_member", "CDOP-PANLANCS")
    assert panel.get("/plans/").status_code == 403
    home = panel.get("/").content.decode()
    assert "Action plans" not in home
    lead_home = login(persona, "programme_lead", "E06000008").get("/").content.decode()
    assert 'href="/plans/"' in lead_home


def test_evidence_is_only_for_people_who_can_see_the_plan(small_plans, persona):
    from django.core.files.uploadedfile import SimpleUploadedFile

    action = small_plans["E06000009"].rows["co_test"]
    lead = login(persona, "programme_lead", "E06000009")
    upload = SimpleUploadedFile("audit.csv", b"month,tested\nJan,88\n", content_type="text/csv")
    assert lead.post(f"/plans/actions/{action.pk}/progress/",
                     {"version": 1, "status": "on_track", "note": "Audit attached.", "evidence": upload}).status_code == 302
    evidence = action.updates.get(kind="progress").evidence.get()
    got = lead.get(f"/plans/evidence/{evidence.pk}/")
    assert got.status_code == 200 and b"".join(got.streaming_content) == b"month,tested\nJan,88\n"
    assert login(persona, "programme_lead", "E06000008").get(f"/plans/evidence/{evidence.pk}/").status_code == 403
