"""Safe editing: two people editing one action never silently overwrite each other."""

from __future__ import annotations

import pytest
from django.test import Client

from firstyear.accounts.models import AuditEvent
from firstyear.plans import actions as act
from firstyear.plans.models import Action

pytestmark = pytest.mark.django_db


def form_data(action, **changes):
    data = {"version": action.version, "description": action.description, "objective": action.objective_id,
            "ref": action.ref, "lead": action.lead, "lead_organisation": "", "lead_user": "", "partners": action.partners,
            "outcome": action.outcome, "reporting": action.reporting, "deep_dive": action.deep_dive.text or action.deep_dive.iso(),
            "due": action.due.text or action.due.iso(), "status": action.status, "notes": "",
            "factors": action.factor_codes}
    data.update(changes)
    return data


def test_second_save_from_a_stale_form_is_refused_and_shows_the_first(small_plans, persona):
    action = small_plans["E06000008"].rows["co_test"]
    alice, bob = Client(), Client()
    alice.force_login(persona("programme_lead", "E06000008", email="alice@example.org"))
    bob.force_login(persona("programme_lead", "E06000008", email="bob@example.org"))
    # Both open the form at the same version.
    assert alice.get(f"/plans/actions/{action.pk}/edit/").status_code == 200
    assert bob.get(f"/plans/actions/{action.pk}/edit/").status_code == 200
    first = alice.post(f"/plans/actions/{action.pk}/edit/", form_data(action, lead="Alice's midwifery lead"))
    assert first.status_code == 302
    second = bob.post(f"/plans/actions/{action.pk}/edit/", form_data(action, outcome="Bob's measurable outcome: 95%"))
    assert second.status_code == 200
    page = second.content.decode()
    assert "Changed by someone else" in page and "alice@example.org" in page
    assert "Alice&#x27;s midwifery lead" in page or "Alice's midwifery lead" in page
    assert "Bob&#x27;s measurable outcome: 95%" in page or "Bob's measurable outcome: 95%" in page  # nothing lost
    action.refresh_from_db()
    assert (action.lead, action.outcome, action.version) == ("Alice's midwifery lead", "90% of women tested", 2)
    # The form now carries the current version: saving again is a deliberate choice.
    assert 'name="version" value="2"' in page
    again = bob.post(f"/plans/actions/{action.pk}/edit/", form_data(action, outcome="Bob's measurable outcome: 95%"))
    assert again.status_code == 302
    action.refresh_from_db()
    assert action.outcome == "Bob's measurable outcome: 95%" and action.lead == "Alice's midwifery lead"
    edits = list(action.updates.filter(kind="edited").order_by("at", "id"))
    assert [(e.by_label, list(e.changes)) for e in edits] == [("alice@example.org", ["lead"]), ("bob@example.org", ["outcome"])]
    assert AuditEvent.objects.filter(action="action.changed", object_ref=str(action.pk)).count() == 2


def test_progress_update_from_a_stale_page_is_refused(small_plans, persona):
    action = small_plans["E06000008"].rows["incentive"]
    lead = persona("programme_lead", "E06000008")
    act.update_action(by=lead, action=action, version=action.version, changes={"status": "at_risk"})
    client = Client()
    client.force_login(lead)
    response = client.post(f"/plans/actions/{action.pk}/progress/",
                           {"version": 1, "status": "on_track", "note": "All fine."})
    assert response.status_code == 200 and "Changed by someone else" in response.content.decode()
    assert "All fine." in response.content.decode()
    assert not action.updates.filter(kind="progress").exists()


def test_actions_layer_refuses_stale_versions(small_plans):
    action = small_plans["E06000008"].rows["leaflet"]
    act.update_action(by=None, action=action, version=1, changes={"lead": "Partnership manager"})
    with pytest.raises(act.EditConflict) as caught:
        act.update_action(by=None, action=action, version=1, changes={"lead": "Someone else"})
    [change] = caught.value.changes
    assert (change.field, change.before, change.after, change.who) == ("Lead", "TBC", "Partnership manager", "system")
    assert Action.objects.get(pk=action.pk).lead == "Partnership manager"


def test_every_change_is_in_the_history(small_plans):
    action = small_plans["E06000008"].rows["co_test"]
    act.update_action(by=None, action=action, version=1, changes={"due": "Jul-17", "factors": ["smoking_pregnancy", "smoking_household"]})
    action.refresh_from_db()
    act.record_progress(by=None, action=action, version=2, status="at_risk", note="Two midwife vacancies.")
    history = list(action.updates.order_by("at", "id"))
    assert [h.kind for h in history] == ["created", "edited", "progress"]
    assert history[1].changes["due"] == ["June 2017", "July 2017"]
    assert history[1].changes["factors"][1] == "Smoking in the household, Maternal smoking in pregnancy"
    assert history[2].changes == {"status": ["On track", "At risk"]} and history[2].version == 3
