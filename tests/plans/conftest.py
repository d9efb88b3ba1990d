"""Fixtures for plans: a frozen 'today', and a small plan for Blackburn with Darwen and one for Blackpool,
built through the actions layer."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

TODAY = dt.date(2017, 3, 1)


@pytest.fixture
def frozen_today(monkeypatch):
    """Freeze the site's clock at noon on 1 March 2017 ("overdue" depends on today)."""
    fixed = timezone.make_aware(dt.datetime(2017, 3, 1, 12, 0))
    monkeypatch.setattr(timezone, "now", lambda: fixed)
    return TODAY


@pytest.fixture
def small_plans(geography, frozen_today):
    from tests.plans.factories import make_plan

    return {"E06000008": make_plan("E06000008"), "E06000009": make_plan("E06000009", title="Blackpool plan")}
