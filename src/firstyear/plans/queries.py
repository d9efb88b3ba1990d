"""Reading plans: who may see which, filters of the plan table, SMART checks, counts and coverage.

One place for pages, commands, board papers and the benchmark.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet

from firstyear.accounts.permissions import areas_with_permission, has_permission
from firstyear.accounts.roles import Permission
from firstyear.areas.models import Area
from firstyear.plans.constants import CLOSED, FACTORS, Status
from firstyear.plans.dates import DateKind
from firstyear.plans.models import Action, Plan, RecommendationResponse, RecommendationSource

DEEP_DIVE_WINDOW_DAYS = 92  # "deep dive due": within the next three months
NO_LEAD_WORDS = {"", "tbc", "tba", "n/a", "na", "none", "-", "?", "to be confirmed"}
MEASURE = re.compile(
    r"\d|%|\b(increase[sd]?|reduc(e|ed|tion)|decrease[sd]?|fewer|more|rate|number of|proportion|percentage|"
    r"uptake|all|every|target|coverage)\b", re.I)


# -- who sees what --------------------------------------------------------------------------------


def visible_plans(user) -> QuerySet:
    """Plans whose owner lies inside an area where the user may view plans."""
    from firstyear.areas.scope import area_within

    areas = areas_with_permission(user, Permission.VIEW_PLANS)
    if not areas:
        return Plan.objects.none()
    plans = Plan.objects.select_related("owner__parent__parent")
    ids = [p.pk for p in plans if any(area_within(p.owner, a) for a in areas)]
    return Plan.objects.filter(pk__in=ids).select_related("owner").order_by("owner__name", "title")


def can_view(user, area: Area) -> bool:
    return has_permission(user, Permission.VIEW_PLANS, area=area)


def can_edit(user, area: Area) -> bool:
    return has_permission(user, Permission.EDIT_PLANS, area=area)


def can_respond(user, area: Area) -> bool:
    """A locality's responses: its programme lead, or the region's coordinator."""
    return has_permission(user, Permission.EDIT_PLANS, area=area) or has_permission(
        user, Permission.MANAGE_RECOMMENDATIONS, area=area)


def visible_sources(user) -> QuerySet:
    areas = areas_with_permission(user, Permission.VIEW_PLANS)
    if not areas:
        return RecommendationSource.objects.none()
    visible = [s.pk for s in RecommendationSource.objects.select_related("area")
               if any(_overlaps(s.area, a) for a in areas)]
    return RecommendationSource.objects.filter(pk__in=visible).select_related("area")


def _overlaps(source_area: Area, scope: Area) -> bool:
    """A source is visible to anyone whose scope is inside it, or who covers it."""
    from firstyear.areas.scope import area_within

    return area_within(scope, source_area) or area_within(source_area, scope)


# -- SMART ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SmartRow:
    lead: str
    lead_user_id: int | None
    outcome: str
    due_date: dt.date | None
    due_kind: str
    deep_dive_date: dt.date | None
    indicator_count: int


def smart_problems(row: SmartRow) -> list[str]:
    """Why an action is not SMART: no lead, no date, no measurable outcome (empty list if fine)."""
    problems = []
    if row.lead.strip().lower().rstrip(".") in NO_LEAD_WORDS and not row.lead_user_id:
        problems.append("No lead")
    if row.due_date is None and row.deep_dive_date is None and row.due_kind != DateKind.REVIEW:
        problems.append("No date")
    outcome = row.outcome.strip().lower().rstrip(".")
    if not row.indicator_count and (outcome in ("", "n/a", "na", "tbc", "none") or not MEASURE.search(outcome)):
        problems.append("No measurable outcome")
    return problems


def smart_row(action: Action, indicator_count: int | None = None) -> SmartRow:
    if indicator_count is None:
        indicator_count = len(action.indicators.all())
    return SmartRow(action.lead, action.lead_user_id, action.outcome, action.due_date, action.due_kind,
                    action.deep_dive_date, indicator_count)


# -- the plan table ---------------------------------------------------------------------------------


@dataclass
class Filters:
    priority: int | None = None
    lead: str = ""
    status: list[str] = field(default_factory=list)
    overdue: bool = False
    deep_dive: bool = False
    recommendation: int | None = None
    factor: str = ""
    smart: bool = False
    q: str = ""

    @classmethod
    def from_query(cls, params) -> Filters:
        def number(name):
            value = params.get(name, "")
            return int(value) if str(value).isdigit() else None

        statuses = [s for s in params.getlist("status") if s in Status.values] if hasattr(params, "getlist") else []
        factor = params.get("factor", "")
        return cls(priority=number("priority"), lead=params.get("lead", "").strip()[:100], status=statuses,
                   overdue=params.get("overdue") == "1", deep_dive=params.get("deep_dive") == "1",
                   recommendation=number("recommendation"), factor=factor if factor in FACTORS else "",
                   smart=params.get("smart") == "1", q=params.get("q", "").strip()[:100])

    @property
    def active(self) -> bool:
        return any((self.priority, self.lead, self.status, self.overdue, self.deep_dive, self.recommendation,
                    self.factor, self.smart, self.q))


def filtered_actions(plan: Plan, filters: Filters, today: dt.date, *, user=None) -> QuerySet:
    qs = Action.objects.filter(plan=plan)
    if filters.priority:
        qs = qs.filter(objective__priority_id=filters.priority)
    if filters.lead:
        if filters.lead == "me" and user is not None:
            qs = qs.filter(lead_user=user)
        else:
            qs = qs.filter(Q(lead__icontains=filters.lead) | Q(lead_organisation__icontains=filters.lead))
    if filters.status:
        qs = qs.filter(status__in=filters.status)
    if filters.overdue:
        qs = qs.filter(due_by__lt=today).exclude(status__in=CLOSED)
    if filters.deep_dive:
        qs = qs.filter(deep_dive_by__gte=today, deep_dive_date__lte=today + dt.timedelta(days=DEEP_DIVE_WINDOW_DAYS))
    if filters.recommendation:
        qs = qs.filter(recommendation_responses__recommendation_id=filters.recommendation)
    if filters.factor:
        qs = qs.filter(factors__code=filters.factor)
    if filters.q:
        qs = qs.filter(Q(description__icontains=filters.q) | Q(outcome__icontains=filters.q)
                       | Q(partners__icontains=filters.q) | Q(ref__iexact=filters.q))
    return qs.distinct() if (filters.recommendation or filters.factor) else qs


def smart_failures(qs: QuerySet) -> dict[int, list[str]]:
    """{action id: problems} for every action in ``qs`` that is not SMART (two light queries)."""
    from django.db.models import Count

    rows = qs.annotate(n_ind=Count("indicators", distinct=True)).values_list(
        "pk", "lead", "lead_user_id", "outcome", "due_date", "due_kind", "deep_dive_date", "n_ind")
    out = {}
    for pk, lead, lead_user_id, outcome, due_date, due_kind, deep_dive_date, n in rows:
        problems = smart_problems(SmartRow(lead, lead_user_id, outcome, due_date, due_kind, deep_dive_date, n))
        if problems:
            out[pk] = problems
    return out


def page_rows(qs: QuerySet) -> QuerySet:
    """What one row of the plan table shows, fetched together."""
    from firstyear.plans.models import ActionFactor

    return (qs.select_related("objective__priority", "lead_user")
            .prefetch_related(Prefetch("factors", queryset=ActionFactor.objects.order_by("code")), "indicators")
            .order_by("objective__priority__order", "objective__order", "order", "pk"))


@dataclass
class Counts:
    total: int = 0
    by_status: Counter = field(default_factory=Counter)
    overdue: int = 0
    deep_dive_due: int = 0

    def status(self, key: str) -> int:
        return self.by_status.get(key, 0)

    @property
    def complete_percent(self) -> int:
        return round(100 * self.status(Status.COMPLETE) / self.total) if self.total else 0


def counts(qs: QuerySet, today: dt.date) -> Counts:
    out = Counts()
    for status, due_by, dd_date, dd_by in qs.values_list("status", "due_by", "deep_dive_date", "deep_dive_by"):
        out.total += 1
        out.by_status[status] += 1
        if due_by is not None and due_by < today and status not in CLOSED:
            out.overdue += 1
        if dd_date is not None and dd_by >= today and dd_date <= today + dt.timedelta(days=DEEP_DIVE_WINDOW_DAYS):
            out.deep_dive_due += 1
    return out


def counts_by_priority(plan: Plan, today: dt.date) -> list[tuple[object, Counts]]:
    per: dict[int, Counts] = {}
    for pid, status, due_by in Action.objects.filter(plan=plan).values_list("objective__priority_id", "status", "due_by"):
        c = per.setdefault(pid, Counts())
        c.total += 1
        c.by_status[status] += 1
        if due_by is not None and due_by < today and status not in CLOSED:
            c.overdue += 1
    return [(p, per.get(p.pk, Counts())) for p in plan.priorities.all()]


# -- calendar ---------------------------------------------------------------------------------------


@dataclass
class CalendarEntry:
    date: dt.date
    precision: str
    kind: str  # "deep dive" or "due"
    action: Action


def calendar(plan: Plan, *, start: dt.date | None = None) -> list[tuple[dt.date, list[CalendarEntry]]]:
    """Deep dives and due dates month by month (a month-precision date sits in its month)."""
    entries = []
    actions = plan.actions.select_related("objective__priority").filter(
        Q(deep_dive_date__isnull=False) | Q(due_date__isnull=False))
    for a in actions:
        if a.deep_dive_date:
            entries.append(CalendarEntry(a.deep_dive_date, a.deep_dive_precision, "Deep dive", a))
        if a.due_date:
            entries.append(CalendarEntry(a.due_date, a.due_precision, "Due", a))
    if start:
        entries = [e for e in entries if e.date >= start.replace(day=1)]
    entries.sort(key=lambda e: (e.date, e.kind, e.action.objective.priority.order, e.action.objective.order, e.action.order))
    months: dict[dt.date, list[CalendarEntry]] = {}
    for e in entries:
        months.setdefault(e.date.replace(day=1), []).append(e)
    return list(months.items())


# -- coverage -------------------------------------------------------------------------------------


@dataclass
class FactorCoverage:
    code: str
    name: str
    deaths: int
    actions: int


def review_factor_summary(area: Area) -> list[tuple[str, str, int]] | None:
    """Modifiable factors found by child death reviews for ``area``, or None when that part of the
    platform (firstyear.reviews) is not installed or has no figures."""
    try:
        from firstyear.reviews.summary import modifiable_factor_summary
    except ImportError:
        return None
    rows = modifiable_factor_summary(area, year=None)
    return list(rows) or None


def area_plans(area: Area) -> QuerySet:
    """Plans that cover an area: its own, and those of footprints it belongs to."""
    return Plan.objects.filter(Q(owner=area) | Q(owner__member_links__member=area), archived=False).distinct()


def factor_coverage(area: Area) -> tuple[list[FactorCoverage] | None, dict[str, int]]:
    plans = area_plans(area)
    linked = Counter(Action.objects.filter(plan__in=plans).exclude(status=Status.STOPPED)
                     .values_list("factors__code", flat=True))
    linked.pop(None, None)
    summary = review_factor_summary(area)
    if summary is None:
        return None, dict(linked)
    rows = [FactorCoverage(code, name, int(deaths or 0), linked.get(code, 0)) for code, name, deaths in summary]
    rows.sort(key=lambda r: (r.actions > 0, -r.deaths, r.name))
    return rows, dict(linked)


def indicator_gaps(area: Area, entries) -> list:
    """Profile entries worse than England whose indicator no action of the area's plans links to."""
    plans = area_plans(area)
    linked = set(Action.objects.filter(plan__in=plans).exclude(status=Status.STOPPED)
                 .values_list("indicators__slug", flat=True))
    return [e for e in entries if e.latest is not None
            and (e.latest.compared_to_england or "").lower().startswith("worse") and e.indicator.slug not in linked]


def responses_for(area: Area) -> QuerySet:
    return (RecommendationResponse.objects.filter(area=area)
            .select_related("recommendation__source", "plan").prefetch_related("actions__objective")
            .order_by("recommendation__source__title", "recommendation__level", "recommendation__number"))
