"""The SMART check: an action needs a lead, a date and a measurable outcome."""

from __future__ import annotations

import datetime as dt

import pytest

from firstyear.plans.queries import SmartRow, smart_problems


def row(lead="Head of midwifery", outcome="90% of women tested", due=dt.date(2017, 6, 1), due_kind="date",
        deep=None, indicators=0, lead_user=None):
    return SmartRow(lead, lead_user, outcome, due, due_kind, deep, indicators)


@pytest.mark.pure
@pytest.mark.parametrize("action, problems", [
    (row(), []),
    (row(lead=""), ["No lead"]),
    (row(lead="TBC"), ["No lead"]),
    (row(lead="n/a"), ["No lead"]),
    (row(lead="", lead_user=7), []),
    (row(due=None, due_kind="ongoing"), ["No date"]),
    (row(due=None, due_kind="tbc"), ["No date"]),
    (row(due=None, due_kind="review"), []),
    (row(due=None, due_kind="ongoing", deep=dt.date(2017, 5, 1)), []),
    (row(outcome=""), ["No measurable outcome"]),
    (row(outcome="As above"), ["No measurable outcome"]),
    (row(outcome="Better awareness among staff"), ["No measurable outcome"]),
    (row(outcome="Better awareness among staff", indicators=1), []),
    (row(outcome="Increase in the number of women with smoking status recorded"), []),
    (row(lead="", outcome="", due=None, due_kind=""), ["No lead", "No date", "No measurable outcome"]),
])
def test_smart_problems(action, problems):
    assert smart_problems(action) == problems


@pytest.mark.django_db
def test_plan_table_flags_and_filters_actions_that_are_not_smart(client, small_plans, persona):
    plan = small_plans["E06000008"]
    client.force_login(persona("analyst", "E06000008"))
    page = client.get(f"/plans/{plan.pk}/").content.decode()
    assert "2 with no lead, no date or no measurable outcome" in page
    filtered = client.get(f"/plans/{plan.pk}/?smart=1").content.decode()
    assert "One leaflet used by every agency" in filtered and "Specialist advisers see referred women" in filtered
    assert "Carbon monoxide test at booking" not in filtered
    assert "No lead; No date; No measurable outcome" in filtered
