"""A small plan built through the actions layer, with known statuses and dates (today is 1 March 2017)."""

from __future__ import annotations

import datetime as dt

from firstyear.areas.models import Area
from firstyear.plans import actions as act
from firstyear.plans.dates import PlanDate, day_date, month_date


def make_plan(code: str, *, title: str = "Infant mortality action plan", by=None):
    owner = Area.objects.get(code=code)
    plan = act.create_plan(by=by, owner=owner, title=title, boards="Health and Wellbeing Board")
    smoking = act.add_priority(by=by, plan=plan, title="Smoking in pregnancy", ref="1")
    sleep = act.add_priority(by=by, plan=plan, title="Safer sleep", ref="2")
    o11 = act.add_objective(by=by, priority=smoking, title="Identify every smoker", ref="1.1")
    o21 = act.add_objective(by=by, priority=sleep, title="One safer sleep message", ref="2.1")
    rows = {
        "co_test": act.create_action(by=by, objective=o11, description="Carbon monoxide test at booking for every woman",
                                     lead="Head of midwifery", outcome="90% of women tested", reporting="By exception",
                                     due=month_date(dt.date(2017, 6, 1)), deep_dive=month_date(dt.date(2017, 4, 1)),
                                     factors=["smoking_pregnancy"], status="on_track"),
        "incentive": act.create_action(by=by, objective=o11, description="Voucher incentive scheme for quitting",
                                       lead="Consultant in public health", outcome="Quit rate up from 35% to 45%",
                                       due=month_date(dt.date(2017, 1, 1)), status="on_track",
                                       factors=["smoking_pregnancy"]),
        "advisers": act.create_action(by=by, objective=o11, description="Specialist advisers see referred women at home",
                                      lead="Stop smoking service", outcome="More women set a quit date",
                                      due=PlanDate(kind="ongoing", text="Ongoing"), status="off_track"),
        "leaflet": act.create_action(by=by, objective=o21, description="One leaflet used by every agency",
                                     lead="TBC", outcome="", due=PlanDate(kind="tbc", text="TBC")),
        "training": act.create_action(by=by, objective=o21, description="Safer sleep training for housing officers",
                                      lead="Workforce lead", outcome="300 staff trained",
                                      due=day_date(dt.date(2016, 12, 31)), status="complete",
                                      factors=["co_sleeping"]),
    }
    plan.rows = rows
    return plan
