"""A panel recommendation becomes a tracked action in the footprint's plan, and follows it."""

from __future__ import annotations

import datetime as dt

import pytest

from firstyear.plans.models import Action, Plan
from firstyear.reviews import actions
from firstyear.reviews.models import Recommendation
from tests.reviews.conftest import walk_to_panel

pytestmark = pytest.mark.django_db


@pytest.fixture
def recommendation(make_case, persona):
    secretariat = persona("cdop_secretariat", "CDOP-PANLANCS")
    case = walk_to_panel(make_case(by=secretariat), by=secretariat)
    case = actions.record_panel_review(by=secretariat, case=case, reviewed_on=dt.date(2014, 10, 1), categories=["sudi"],
                                       factor_levels={"co_sleeping": 2, "smoking_household": 2, "housing": 1})
    rec = actions.add_recommendation(by=secretariat, footprint=case.footprint, case=case,
                                     text="Give safer sleep advice at every new birth visit", owner="Health visiting",
                                     due_on=dt.date(2015, 3, 31), financial_year_label="2014/15")
    return secretariat, rec


def test_tracking_creates_an_action_in_the_footprint_plan_with_the_case_factors(client, recommendation):
    secretariat, rec = recommendation
    client.force_login(secretariat)
    response = client.post(f"/reviews/recommendations/{rec.pk}/track/")
    action = Action.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/plans/actions/{action.pk}/"
    plan = Plan.objects.get()
    assert (plan.owner.code, plan.title) == ("CDOP-PANLANCS", actions.PANEL_PLAN_TITLE)
    assert (action.description, action.lead, action.objective.title) == (
        "Give safer sleep advice at every new birth visit", "Health visiting", "Recommendations from reviews in 2014/15")
    assert sorted(action.factors.values_list("code", flat=True)) == ["co_sleeping", "smoking_household"]
    # Tracking twice does not make a second action.
    client.post(f"/reviews/recommendations/{rec.pk}/track/")
    assert Action.objects.count() == 1


def test_the_action_status_is_the_recommendation_status(recommendation, persona):
    from firstyear.plans import actions as plan_actions

    secretariat, rec = recommendation
    action = actions.track_in_plan(by=secretariat, recommendation=rec)
    manager = persona("cdop_manager", "CDOP-PANLANCS")
    plan_actions.record_progress(by=manager, action=action, version=action.version, status="at_risk",
                                 note="Training delayed", as_of=dt.date(2015, 1, 10))
    rec = Recommendation.objects.select_related("action").get(pk=rec.pk)
    assert (rec.current_status, rec.rag) == ("at_risk", "amber")


def test_another_footprint_cannot_track_it(client, recommendation, persona):
    _, rec = recommendation
    client.force_login(persona("cdop_secretariat", "CDOP-MCR"))
    assert client.post(f"/reviews/recommendations/{rec.pk}/track/").status_code == 404
    assert not Action.objects.exists()
