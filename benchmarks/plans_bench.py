"""Benchmark action plans (not a test): a plan of 2,000 actions with 20,000 progress updates.

    python benchmarks/plans_bench.py [--requests 100] [--actions 2000] [--updates 20000] [--postgres URL]

Measures the plan table's server time (Django's test client in-process: no network), over pages
and filters in turn, and the time to build and render a board paper (DOCX, PDF and HTML) for
the plan's area. Targets: plan table p95 under 200 ms; board paper under 5 s.

The plan is created with the importer's write action (``actions.import_plan``). The 20,000
history rows are bulk-inserted directly, as set-up only: recording them one by one through
``record_progress`` (each with its audit event) would take minutes and measure nothing the
pages do. Runs on SQLite and, when it answers, PostgreSQL (a scratch database, dropped after).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path

from engines import DEFAULT_POSTGRES, print_table, run_on_engines

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

FILTERS = ["", "?status=off_track", "?overdue=1", "?deep_dive=1", "?lead=midwif", "?factor=co_sleeping", "?smart=1",
           "?page=20", "?priority={priority}", "?q=referral&status=on_track&status=at_risk"]


def build(n_actions: int, n_updates: int):
    import random

    from django.utils import timezone

    from firstyear.accounts.actions import create_user
    from firstyear.areas.models import Area
    from firstyear.plans import actions as act
    from firstyear.plans.constants import FACTORS, Status
    from firstyear.plans.dates import PlanDate, month_date
    from firstyear.plans.importers.plan_table import (
        ParsedAction,
        ParsedObjective,
        ParsedPlan,
        ParsedPriority,
    )
    from firstyear.plans.models import Action, ActionUpdate

    rng = random.Random(1)
    today = act.today()
    parsed = ParsedPlan("benchmark.xlsx")
    statuses = list(Status.values)
    leads = ["Head of midwifery", "Health visiting lead", "Stop smoking service", "Public health consultant", "TBC", ""]
    per_priority = n_actions // 10
    for p in range(10):
        priority = ParsedPriority(str(p + 1), f"Priority {p + 1}")
        for o in range(per_priority // 10):
            objective = ParsedObjective(f"{p + 1}.{o + 1}", f"Objective {p + 1}.{o + 1}", rationale="Why it matters.")
            for a in range(10):
                month = today.replace(day=1) + dt.timedelta(days=rng.randint(-400, 400))
                objective.actions.append(ParsedAction(
                    description=f"Action {p + 1}.{o + 1}.{a + 1}: improve referral and support for families",
                    lead=rng.choice(leads), outcome=rng.choice(["", "90% of women tested", "Better awareness"]),
                    reporting=rng.choice(["By exception", "Update at each meeting"]),
                    due=rng.choice([month_date(month), PlanDate(kind="ongoing", text="Ongoing")]),
                    deep_dive=month_date(month - dt.timedelta(days=60)) if a % 3 == 0 else PlanDate(),
                    status=rng.choice(statuses), factors=[rng.choice(list(FACTORS))]))
            priority.objectives.append(objective)
        parsed.priorities.append(priority)
    area = Area.objects.get(code="E06000008")
    plan = act.import_plan(by=None, parsed=parsed, owner=area, title="Benchmark plan")
    ids = list(Action.objects.filter(plan=plan).values_list("pk", "status"))
    now = timezone.now()
    rows = []
    for i in range(n_updates):
        pk, status = ids[i % len(ids)]
        at = now - dt.timedelta(days=365 - (i * 365 // n_updates))
        rows.append(ActionUpdate(action_id=pk, at=at, as_of=at.date(), by_label="benchmark", kind="progress",
                                 status=status, note="Progress as planned this month.", version=2 + i // len(ids),
                                 synthetic=True))
    ActionUpdate.objects.bulk_create(rows, batch_size=2000)
    Action.objects.filter(plan=plan).update(latest_note="Progress as planned this month.", latest_update_on=today)
    user = create_user(by=None, email="bench@example.org", role="programme_lead", area_code="E06000008",
                       password="benchmark-password-123")
    return plan, user


def child(args) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from firstyear.plans.boardpaper import build_board_paper, current_period
    from firstyear.plans.models import ActionUpdate
    from firstyear.reports.render import document_bytes

    call_command("init", verbosity=0, stdout=open(os.devnull, "w"))
    from firstyear.demo import load_demo_observations

    load_demo_observations(quiet=True)
    started = time.perf_counter()
    plan, user = build(args.actions, args.updates)
    setup_s = time.perf_counter() - started
    client = Client()
    client.force_login(user)
    priority = plan.priorities.order_by("order")[3].pk
    paths = [f"/plans/{plan.pk}/" + f.format(priority=priority) for f in FILTERS]
    for path in paths:  # warm up templates and imports
        assert client.get(path).status_code == 200
    times = []
    for i in range(args.requests):
        started = time.perf_counter()
        response = client.get(paths[i % len(paths)])
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    times.sort()
    action_page = []
    action_ids = list(plan.actions.values_list("pk", flat=True)[:20])
    for pk in action_ids:
        started = time.perf_counter()
        assert client.get(f"/plans/actions/{pk}/").status_code == 200
        action_page.append((time.perf_counter() - started) * 1000)
    paper = {}
    period = current_period(plan.created_at.date())
    for fmt in ("html", "docx", "pdf"):
        started = time.perf_counter()
        document_bytes(build_board_paper(plan.owner, "hwb", period), fmt)
        paper[fmt] = time.perf_counter() - started
    return {"setup_s": setup_s, "actions": plan.actions.count(), "updates": ActionUpdate.objects.filter(action__plan=plan).count(),
            "table_median_ms": statistics.median(times), "table_p95_ms": times[int(0.95 * len(times)) - 1],
            "action_median_ms": statistics.median(action_page), "paper_s": paper}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--actions", type=int, default=2000)
    parser.add_argument("--updates", type=int, default=20000)
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args)))
        return
    runs = run_on_engines(__file__, ["--requests", str(args.requests), "--actions", str(args.actions),
                                     "--updates", str(args.updates)], args.postgres)
    print_table(runs, [
        ("set-up (actions + updates)", lambda r: r["setup_s"], "s"),
        ("plan table median", lambda r: r["table_median_ms"], "ms"),
        ("plan table p95", lambda r: r["table_p95_ms"], "ms"),
        ("action page median", lambda r: r["action_median_ms"], "ms"),
        ("board paper HTML", lambda r: r["paper_s"]["html"], "s"),
        ("board paper DOCX", lambda r: r["paper_s"]["docx"], "s"),
        ("board paper PDF", lambda r: r["paper_s"]["pdf"], "s"),
    ])
    first = next((r for r in runs.values() if r), None)
    if first:
        print(f"({first['actions']:,} actions, {first['updates']:,} updates; {args.requests} plan table requests over "
              f"{len(FILTERS)} pages and filters; targets: plan table p95 < 200 ms, board paper < 5 s)")


if __name__ == "__main__":
    main()
