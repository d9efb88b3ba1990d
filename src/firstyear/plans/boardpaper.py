"""Board papers: the annual (or any period's) assurance report on an area's infant mortality plans.

Built as one :class:`firstyear.reports.document.Document`, so the page, DOCX, PDF and HTML never
drift apart. Sections: purpose, recommendations to the board, background (editable narrative);
the indicator snapshot (from the platform's profile, with trend charts); progress by priority
with RAG counts; exceptions (off-track and overdue actions: what "report by exception" means);
deep dives due; next steps (editable); and an appendix of every recommendation's response,
status and next steps. The narrative is stored per area, board and period
(:class:`~firstyear.plans.models.BoardPaper`), so regenerating never loses it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import Case, F, IntegerField, Q, Value, When

from firstyear.areas.models import Area
from firstyear.plans import queries
from firstyear.plans.constants import CLOSED, RAG, RAG_WORDS, Board, Level, Response, Status
from firstyear.plans.models import Action, BoardPaper, Plan, RecommendationResponse
from firstyear.reports.document import Bullets, Callout, Document, Figure, Paragraph, Table

NARRATIVE_SECTIONS = [
    ("purpose", "Purpose"),
    ("recommendations", "Recommendations for the board"),
    ("background", "Background"),
    ("next_steps", "Next steps"),
]
SNAPSHOT_INDICATORS = [
    "infant-mortality", "neonatal-mortality", "post-neonatal-mortality", "stillbirth-rate", "smoking-at-delivery",
    "low-birth-weight-term", "breastfeeding-initiation", "under-18-conceptions", "early-access-maternity",
    "obesity-early-pregnancy", "flu-vaccination-pregnancy", "children-low-income",
]
TREND_CHARTS = ["infant-mortality", "smoking-at-delivery"]
DEEP_DIVE_HORIZON_DAYS = 183
LISTED_EXCEPTIONS = 60  # beyond this a paper counts exceptions by priority and lists the most serious
LISTED_DEEP_DIVES = 40
STATUS_ORDER = [Status.COMPLETE, Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK, Status.NOT_STARTED, Status.STOPPED]


@dataclass(frozen=True)
class Period:
    label: str
    start: dt.date
    end: dt.date

    @property
    def prose(self) -> str:
        return self.label.replace("/", " to 20") if re.fullmatch(r"\d{4}/\d{2}", self.label) else self.label


def parse_period(label: str) -> Period:
    """"2016/17" (financial year), "2017" (calendar year) or "2017-Q3" (a quarter)."""
    text = label.strip()
    if m := re.fullmatch(r"(\d{4})/(\d{2})", text):
        start = int(m[1])
        if (start + 1) % 100 != int(m[2]):
            raise ValueError(f"{label!r}: a financial year is written like 2016/17.")
        return Period(text, dt.date(start, 4, 1), dt.date(start + 1, 3, 31))
    if m := re.fullmatch(r"(\d{4})", text):
        year = int(m[1])
        return Period(text, dt.date(year, 1, 1), dt.date(year, 12, 31))
    if m := re.fullmatch(r"(\d{4})-?Q([1-4])", text, re.I):
        year, q = int(m[1]), int(m[2])
        start = dt.date(year, 3 * q - 2, 1)
        end = (dt.date(year + (q == 4), (3 * q) % 12 + 1, 1) - dt.timedelta(days=1))
        return Period(f"{year}-Q{q}", start, end)
    raise ValueError(f"{label!r}: use a financial year (2016/17), a calendar year (2017) or a quarter (2017-Q3).")


def current_period(today: dt.date) -> str:
    start = today.year if today.month >= 4 else today.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def _month(day: dt.date) -> str:
    return f"{day:%B %Y}"


def _plans(area: Area) -> list[Plan]:
    return list(queries.area_plans(area).select_related("owner").order_by("title"))


def default_narrative(area: Area, board: str, period: Period, plans: list[Plan], n_actions: int,
                      n_recommendations: int) -> dict[str, str]:
    board_name = Board(board).label
    plan_names = "; ".join(p.title for p in plans) or "the infant mortality action plan"
    purpose = (f"To update the {board_name} on progress in {period.prose} with {plan_names}, "
               f"and to assure the board that the actions and the review recommendations it holds are being delivered.")
    recommendations = "\n".join([
        "Note the progress made against each priority, and the actions reported by exception.",
        "Note the response to each review recommendation set out in the appendix.",
        "Receive a further update in 12 months' time.",
    ])
    boards = "; ".join(p.boards for p in plans if p.boards)
    background = (f"{area.name}'s infant mortality work is set out in {plan_names}"
                  + (f", governed through {boards}" if boards else "") + ". "
                  f"It holds {n_actions} actions"
                  + (f" and answers {n_recommendations} review recommendations" if n_recommendations else "") + ". "
                  "Each action has a lead, the outcome it seeks and a reporting route; most report by exception, "
                  "so this paper sets out progress by priority and then every action that is off track or overdue.")
    next_steps = ("Leads of the actions reported by exception will bring recovery plans to the next steering group. "
                  "Deep dives listed above will take place as scheduled. Progress will be reported to the board in 12 months.")
    return {"purpose": purpose, "recommendations": recommendations, "background": background, "next_steps": next_steps}


def _paragraphs(text: str) -> list[Paragraph]:
    return [Paragraph(p.strip()) for p in re.split(r"\n\s*\n", text or "") if p.strip()]


def _status_words(status: str) -> str:
    return f"{RAG_WORDS[RAG[Status(status)]]}: {Status(status).label}"


def build_board_paper(area: Area, board: str, period_label: str, *, today: dt.date | None = None,
                      narrative: dict[str, str] | None = None, charts: bool = True) -> Document:
    from firstyear.plans.actions import today as site_today

    board = Board(board)
    period = parse_period(period_label)
    today = today or site_today()
    as_at = min(today, period.end)
    plans = _plans(area)
    actions_qs = Action.objects.filter(plan__in=plans)
    responses = list(queries.responses_for(area))
    stored = BoardPaper.objects.filter(area=area, board=board, period=period.label).first()
    text = default_narrative(area, board, period, plans, actions_qs.count(), len(responses))
    text.update({k: v for k, v in (stored.narrative if stored else {}).items() if v})
    if narrative:
        text.update({k: v for k, v in narrative.items() if v})

    doc = Document(
        title=f"Infant mortality: progress report {period.label}",
        subtitle=f"{area.name}: report to the {board.label}",
        meta=[("To", board.label), ("Area", area.name), ("Period", period.prose), ("Position at", as_at.strftime("%-d %B %Y")),
              ("Plans", "; ".join(p.title for p in plans) or "No plan recorded")],
        footer=("Built by firstyear from the area's action plans, recommendation responses and published indicators. "
                "Figures marked synthetic are not real."),
    )
    if any(p.synthetic for p in plans):
        doc.section("About this paper", Callout("This paper is built from synthetic demonstration data: the plans, "
                                                "progress updates and responses are not real.", "warning"), key="synthetic")
    doc.section("1. Purpose", *_paragraphs(text["purpose"]), key="purpose")
    items = tuple(line.strip(" -•") for line in text["recommendations"].splitlines() if line.strip(" -•"))
    doc.section("2. Recommendations for the board", Paragraph("The board is asked to:"), Bullets(items, numbered=True),
                key="recommendations")
    doc.section("3. Background", *_paragraphs(text["background"]), key="background")
    _snapshot(doc, area, charts=charts)
    _progress(doc, plans, actions_qs, as_at, period)
    _exceptions(doc, actions_qs, as_at)
    _deep_dives(doc, actions_qs, as_at)
    doc.section("8. Next steps", *_paragraphs(text["next_steps"]), key="next_steps")
    _appendix(doc, area, responses)
    return doc


def _snapshot(doc: Document, area: Area, *, charts: bool) -> None:
    from firstyear.indicators import visuals
    from firstyear.indicators.profile import build_profile
    from firstyear.indicators.wording import format_number, period_in_prose

    entries = {e.indicator.slug: e for e in build_profile(area) if e.latest is not None}
    section = doc.section("4. Infant mortality and its risk factors", key="snapshot")
    if not entries:
        section.add(Paragraph(f"There are no published figures for {area.name} on the platform yet."))
        return
    region = area.region()
    section.add(Paragraph(f"The latest published figures for {area.name}, compared with England"
                          + (f" and the {region.name} region" if region and region.pk != area.pk else "") + "."))
    headline = entries.get("infant-mortality")
    if headline:
        section.add(Bullets(tuple(headline.sentences)))
    rows, synthetic = [], False
    for slug in SNAPSHOT_INDICATORS:
        e = entries.get(slug)
        if e is None:
            continue
        d = e.indicator.decimals
        label = e.indicator.short_name + (" (synthetic)" if e.synthetic else "")
        synthetic |= e.synthetic
        comparison = (e.latest.compared_to_england or "not compared").replace("_", " ")
        rows.append((label, period_in_prose(e.latest.period), format_number(e.latest.value, d), format_number(e.latest.england_value, d),
                     format_number(e.latest.region_value, d) if region else "", comparison.capitalize(),
                     e.recent_trend.capitalize() if e.recent_trend else "Not enough points"))
    columns = ("Indicator", "Period", area.name[:30], "England", region.name if region else "Region",
               "Compared with England", "Recent trend")
    section.add(Table("Indicator snapshot", columns, tuple(rows), numeric=(2, 3, 4),
                      notes=("Comparisons use 95% confidence intervals, as England's public health profiles do. "
                             + ("Rows marked synthetic are demonstration figures." if synthetic else ""))))
    if charts:
        for slug in TREND_CHARTS:
            e = entries.get(slug)
            if e is None or len(e.trend) < 2:
                continue
            chart = visuals.trend(area, e.indicator, e.recent_trend)
            section.add(Figure(chart, f"{e.indicator.name}, {area.name}, with England"
                                      + (f" and {region.name}" if region and region.pk != area.pk else "") + "."))


def _progress(doc: Document, plans: list[Plan], actions_qs, as_at: dt.date, period: Period) -> None:
    section = doc.section("5. Progress by priority", key="progress")
    if not plans:
        section.add(Paragraph("No action plan is recorded for this area."))
        return
    total = queries.counts(actions_qs, as_at)
    done = total.status(Status.COMPLETE)
    section.add(Paragraph(
        f"There are {total.total} actions: {done} complete, {total.status(Status.ON_TRACK)} on track, "
        f"{total.status(Status.AT_RISK)} at risk, {total.status(Status.OFF_TRACK)} off track, "
        f"{total.status(Status.NOT_STARTED)} not started and {total.status(Status.STOPPED)} stopped; "
        f"{total.overdue} {'is' if total.overdue == 1 else 'are'} past their due date."))
    updates = actions_qs.filter(updates__kind="progress", updates__as_of__gte=period.start,
                                updates__as_of__lte=as_at).count()
    section.add(Paragraph(f"{updates} progress updates were recorded between {period.start:%-d %B %Y} and {as_at:%-d %B %Y}."))
    columns = ("Priority", "Actions", "Complete", "Green: on track", "Amber: at risk", "Red: off track", "Not started",
               "Stopped", "Overdue")
    for plan in plans:
        rows = []
        for priority, c in queries.counts_by_priority(plan, as_at):
            rows.append((priority.label, c.total, c.status(Status.COMPLETE), c.status(Status.ON_TRACK),
                         c.status(Status.AT_RISK), c.status(Status.OFF_TRACK), c.status(Status.NOT_STARTED),
                         c.status(Status.STOPPED), c.overdue))
        section.add(Table(f"{plan.title}: actions by status (RAG)", columns, tuple(rows), numeric=tuple(range(1, 9))))


def _row_for(action: Action, as_at: dt.date) -> tuple:
    due = action.due.display() or "No date"
    if action.is_overdue(as_at):
        due += " (overdue)"
    latest = action.latest_note or "No progress update recorded"
    if action.latest_update_on:
        latest = f"{action.latest_update_on:%-d %b %Y}: {latest}"
    ref = " ".join(x for x in (action.objective.ref, action.ref and f"({action.ref})") if x)
    return (ref or "-", action.description, action.lead or "No lead", due, _status_words(action.status), latest)


def _exceptions(doc: Document, actions_qs, as_at: dt.date) -> None:
    """Off-track and overdue actions. A board reads a list, not a database: beyond
    :data:`LISTED_EXCEPTIONS` the paper counts them by priority and lists the most serious (off track
    first, then the longest overdue); the plan table holds the rest."""
    section = doc.section("6. Exceptions: actions off track or overdue", key="exceptions")
    wanted = actions_qs.filter(Q(status=Status.OFF_TRACK) | (Q(due_by__lt=as_at) & ~Q(status__in=CLOSED)))
    total = wanted.count()
    if not total:
        section.add(Paragraph(f"No action is off track or overdue at {as_at:%-d %B %Y}."))
    else:
        section.add(Paragraph(f"{total} {'action is' if total == 1 else 'actions are'} off track or past "
                              f"the due date at {as_at:%-d %B %Y}. Each is listed with its lead and latest update."
                              if total <= LISTED_EXCEPTIONS else
                              f"{total} actions are off track or past the due date at {as_at:%-d %B %Y}: too many to "
                              f"list here. The table below counts them by priority; the {LISTED_EXCEPTIONS} most serious "
                              f"(off track first, then the longest overdue) follow, and the plan table in firstyear "
                              f"lists every one (filter: overdue, or status off track)."))
        if total > LISTED_EXCEPTIONS:
            per: dict[str, list[int]] = {}
            for label, ref, status, due_by in wanted.values_list("objective__priority__title", "objective__priority__ref",
                                                                 "status", "due_by").order_by("objective__priority__order"):
                key = f"{ref}. {label}" if ref and not label.lower().startswith("priority") else label
                counts = per.setdefault(key, [0, 0])
                counts[0] += status == Status.OFF_TRACK
                counts[1] += due_by is not None and due_by < as_at
            section.add(Table("Exceptions by priority", ("Priority", "Off track", "Overdue"),
                              tuple((k, v[0], v[1]) for k, v in per.items()), numeric=(1, 2)))
        off_first = Case(When(status=Status.OFF_TRACK, then=Value(0)), default=Value(1), output_field=IntegerField())
        rows = list(wanted.select_related("objective__priority").annotate(off_first=off_first)
                    .order_by("off_first", F("due_by").asc(nulls_last=True), "plan__title",
                              "objective__priority__order", "objective__order", "order", "pk")[:LISTED_EXCEPTIONS])
        if total <= LISTED_EXCEPTIONS:
            rows.sort(key=lambda a: (a.plan_id, a.objective.priority.order, a.objective.order, a.order, a.pk))
        caption = "Actions reported by exception" if total <= LISTED_EXCEPTIONS else \
            f"The {LISTED_EXCEPTIONS} most serious exceptions"
        section.add(Table(caption, ("Ref", "Action", "Lead", "Due", "Status", "Latest update"),
                          tuple(_row_for(a, as_at) for a in rows), widths=(1, 5, 2.5, 1.5, 1.5, 4)))
    at_risk = actions_qs.filter(status=Status.AT_RISK).count()
    if at_risk:
        verb = "action is" if at_risk == 1 else "actions are"
        section.add(Paragraph(f"A further {at_risk} {verb} at risk (amber) and watched by the steering group."))


def _deep_dives(doc: Document, actions_qs, as_at: dt.date) -> None:
    section = doc.section("7. Deep dives due", key="deep_dives")
    horizon = as_at + dt.timedelta(days=DEEP_DIVE_HORIZON_DAYS)
    due = (actions_qs.filter(deep_dive_by__gte=as_at, deep_dive_date__lte=horizon)
           .select_related("objective__priority").order_by("deep_dive_date"))
    groups: dict[tuple, list[Action]] = {}
    for a in due:
        groups.setdefault((a.deep_dive_date, a.deep_dive_precision, a.objective_id), []).append(a)
    if not groups:
        section.add(Paragraph(f"No deep dive is scheduled between {as_at:%B %Y} and {horizon:%B %Y}."))
        return
    rows = []
    for (_, _, _), items in groups.items():
        a = items[0]
        rows.append((a.deep_dive.display(), f"{a.objective.ref} {a.objective.title}".strip(),
                     a.objective.priority.label, len(items)))
    section.add(Table(f"Deep dives from {as_at:%B %Y} to {horizon:%B %Y}", ("When", "Issue", "Priority", "Actions"),
                      tuple(rows[:LISTED_DEEP_DIVES]), numeric=(3,)))
    if len(rows) > LISTED_DEEP_DIVES:
        section.add(Paragraph(f"The first {LISTED_DEEP_DIVES} of {len(rows)} deep dives are listed; the plan's calendar "
                              "in firstyear shows them all."))


def _appendix(doc: Document, area: Area, responses: list[RecommendationResponse]) -> None:
    section = doc.section("Appendix 1: Review recommendations, status and next steps", key="appendix")
    if not responses:
        section.add(Paragraph("No response to a review recommendation has been recorded for this area."))
        return
    by_source: dict[tuple, list[RecommendationResponse]] = {}
    for r in responses:
        by_source.setdefault((r.recommendation.source.title, r.recommendation.level), []).append(r)
    for (title, level), items in by_source.items():
        rows = []
        for r in items:
            rec = r.recommendation
            response = Response(r.response).label
            if r.response == Response.ADOPTED and r.plan_id:
                response = f"Adopted into {r.plan.title}"
            elif r.response == Response.NOT_ADOPTED and r.reason:
                response = f"Not adopted: {r.reason}"
            elif r.response == Response.IN_FRAMEWORK and r.reason:
                response = f"Already in our framework: {r.reason}"
            refs = list(dict.fromkeys(a.ref or a.objective.ref for a in r.actions.all() if a.ref or a.objective.ref))
            progress = r.progress or "-"
            if refs:
                progress += f" (actions {', '.join(refs)})" if len(refs) > 1 else f" (action {refs[0]})"
            rows.append((rec.number, rec.text if len(rec.text) < 400 else rec.text[:397] + "...", response,
                         _status_words(r.status), progress, r.next_steps or "-"))
        section.add(Table(f"{title}: {Level(level).label.lower()} recommendations",
                          ("No.", "Recommendation", "Response", "Status", "Summary of progress", "Next steps"),
                          tuple(rows), widths=(0.6, 4, 2.5, 1.6, 3.2, 2.6)))
