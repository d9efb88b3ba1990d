"""Every write to plans, recommendations and board papers goes through these functions.

Keyword-only arguments, ``by=`` the acting user (None for the system), one transaction, the audit
event in that transaction. Edits name the ``version`` they started from: if someone else saved
in between, :class:`EditConflict` is raised and nothing is written, so no one silently
overwrites anyone. Every change to an action is also a dated :class:`ActionUpdate`.

Permission checks belong to the callers (views check ``has_permission``; commands run as the
system).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from firstyear.accounts.audit import AuditAction, actor_label, record
from firstyear.areas.models import Area
from firstyear.indicators.models import Indicator
from firstyear.plans.constants import FACTORS, Board, Level, Response, Status, reporting_kind
from firstyear.plans.dates import PlanDate, parse_plan_date
from firstyear.plans.models import (
    Action,
    ActionFactor,
    ActionUpdate,
    BoardPaper,
    Evidence,
    Objective,
    Plan,
    Priority,
    Recommendation,
    RecommendationResponse,
    RecommendationSource,
    ResponseHistory,
    UpdateKind,
)

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
EVIDENCE_TYPES = (".pdf", ".docx", ".xlsx", ".pptx", ".doc", ".xls", ".csv", ".txt", ".png", ".jpg", ".jpeg", ".odt", ".ods")


class PlanActionError(ValueError):
    """A request that cannot be carried out; the message says why, in plain English."""


@dataclass
class Change:
    who: str
    when: dt.datetime
    field: str
    before: str
    after: str


@dataclass
class EditConflict(Exception):
    """Someone saved the record after the version the form was loaded with."""

    current: object
    expected_version: int
    changes: list[Change] = field(default_factory=list)

    def __str__(self) -> str:
        return (f"This was changed by someone else (now version {self.current.version}, "
                f"you started from version {self.expected_version}); nothing was saved.")


def today() -> dt.date:
    """Today in the site's time zone; tests freeze ``django.utils.timezone.now``."""
    return timezone.localdate(timezone.now())


def _who(by) -> str:
    return actor_label(by)[1]


def _user(by):
    return by if by is not None and getattr(by, "is_authenticated", False) else None


# -- action fields: how each is read for history and written from a form --------------------------

ACTION_FIELDS = {
    "description": "Action",
    "ref": "Reference",
    "objective": "Objective",
    "lead": "Lead",
    "lead_organisation": "Lead organisation",
    "lead_user": "Lead (platform user)",
    "partners": "Partners",
    "outcome": "Outcome",
    "reporting": "Reporting",
    "deep_dive": "Deep dive",
    "due": "Due",
    "status": "Status",
    "notes": "Notes",
    "factors": "Modifiable factors",
    "indicators": "Indicators",
}


def action_value(action: Action, name: str) -> str:
    """A field as words, for history entries and conflict messages."""
    if name in ("due", "deep_dive"):
        return getattr(action, name).display()
    if name == "status":
        return Status(action.status).label
    if name == "objective":
        return str(action.objective)
    if name == "lead_user":
        return str(action.lead_user) if action.lead_user_id else ""
    if name == "factors":
        return ", ".join(FACTORS.get(c, c) for c in sorted(action.factors.values_list("code", flat=True)))
    if name == "indicators":
        return ", ".join(sorted(action.indicators.values_list("short_name", flat=True)))
    return str(getattr(action, name) or "")


def _apply(action: Action, name: str, value) -> None:
    if name == "due":
        action.set_due(value if isinstance(value, PlanDate) else parse_plan_date(value))
    elif name == "deep_dive":
        action.set_deep_dive(value if isinstance(value, PlanDate) else parse_plan_date(value))
    elif name == "reporting":
        action.reporting = (value or "").strip()
        action.reporting_kind = reporting_kind(action.reporting)
    elif name == "status":
        action.status = Status(value)
    elif name == "factors":
        codes = sorted(set(value or []))
        unknown = [c for c in codes if c not in FACTORS]
        if unknown:
            raise PlanActionError(f"Unknown modifiable factor(s): {', '.join(unknown)}.")
        ActionFactor.objects.filter(action=action).exclude(code__in=codes).delete()
        have = set(action.factors.values_list("code", flat=True))
        ActionFactor.objects.bulk_create(ActionFactor(action=action, code=c) for c in codes if c not in have)
    elif name == "indicators":
        action.indicators.set(_indicators(value))
    elif name == "objective":
        if value.priority.plan_id != action.plan_id:
            raise PlanActionError("An action can only move to an objective of the same plan.")
        action.objective = value
    elif name in ("description", "ref", "lead", "lead_organisation", "partners", "outcome", "notes"):
        setattr(action, name, (value or "").strip() if isinstance(value, str) or value is None else value)
    elif name == "lead_user":
        action.lead_user = value
    else:
        raise PlanActionError(f"Unknown action field {name!r}.")


def _indicators(values) -> list[Indicator]:
    out = []
    for v in values or []:
        if isinstance(v, Indicator):
            out.append(v)
            continue
        found = Indicator.objects.filter(slug=str(v)).first()
        if found is None:
            raise PlanActionError(f"Unknown indicator {v!r}.")
        out.append(found)
    return out


# -- plans ------------------------------------------------------------------------------------------


@transaction.atomic
def create_plan(*, by, owner: Area, title: str, period_start=None, period_end=None, version_label: str = "",
                boards: str = "", summary: str = "", synthetic: bool = False) -> Plan:
    if not title.strip():
        raise PlanActionError("A plan needs a title.")
    now = timezone.now()
    plan = Plan.objects.create(owner=owner, title=title.strip(), period_start=period_start, period_end=period_end,
                               version_label=version_label, boards=boards, summary=summary, synthetic=synthetic,
                               created_at=now, updated_at=now)
    record(by=by, action=AuditAction.PLAN_CREATED, object_type="plan", object_ref=plan.pk, area_code=owner.code,
           detail={"title": plan.title})
    return plan


PLAN_FIELDS = {"title": "Title", "period_start": "Start", "period_end": "End", "version_label": "Version",
               "boards": "Governing boards", "summary": "Summary", "archived": "Archived"}


@transaction.atomic
def update_plan(*, by, plan: Plan, version: int, **changes) -> Plan:
    current = Plan.objects.select_for_update().get(pk=plan.pk)
    if current.version != version:
        raise EditConflict(current, version, [])
    diff = {}
    for name, value in changes.items():
        if name not in PLAN_FIELDS:
            raise PlanActionError(f"Unknown plan field {name!r}.")
        before = getattr(current, name)
        if before != value:
            diff[name] = [str(before or ""), str(value or "")]
            setattr(current, name, value)
    if not current.title.strip():
        raise PlanActionError("A plan needs a title.")
    if diff:
        current.version += 1
        current.updated_at = timezone.now()
        current.save()
        record(by=by, action=AuditAction.PLAN_CHANGED, object_type="plan", object_ref=current.pk,
               area_code=current.owner.code, detail={"changes": diff, "version": current.version})
    return current


@transaction.atomic
def add_priority(*, by, plan: Plan, title: str, ref: str = "") -> Priority:
    if not title.strip():
        raise PlanActionError("A priority needs a title.")
    order = (plan.priorities.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    priority = Priority.objects.create(plan=plan, title=title.strip(), ref=ref.strip(), order=order)
    record(by=by, action=AuditAction.PLAN_CHANGED, object_type="plan", object_ref=plan.pk, area_code=plan.owner.code,
           detail={"added_priority": priority.title})
    return priority


@transaction.atomic
def add_objective(*, by, priority: Priority, title: str, ref: str = "", rationale: str = "") -> Objective:
    if not title.strip() and not ref.strip():
        raise PlanActionError("An objective needs a title or a reference.")
    order = (priority.objectives.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    objective = Objective.objects.create(priority=priority, title=title.strip(), ref=ref.strip(),
                                         rationale=rationale.strip(), order=order)
    plan = priority.plan
    record(by=by, action=AuditAction.PLAN_CHANGED, object_type="plan", object_ref=plan.pk, area_code=plan.owner.code,
           detail={"added_objective": str(objective)})
    return objective


# -- actions ------------------------------------------------------------------------------------


@transaction.atomic
def create_action(*, by, objective: Objective, description: str, at: dt.datetime | None = None,
                  synthetic: bool = False, **fields) -> Action:
    if not description.strip():
        raise PlanActionError("An action needs a description.")
    now = at or timezone.now()
    plan = objective.priority.plan
    order = (objective.actions.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    action = Action(plan=plan, objective=objective, description=description.strip(), order=order,
                    created_at=now, updated_at=now, updated_by=_user(by))
    related = {k: fields.pop(k) for k in ("factors", "indicators") if k in fields}
    for name, value in fields.items():
        _apply(action, name, value)
    action.save()
    for name, value in related.items():
        _apply(action, name, value)
    ActionUpdate.objects.create(action=action, at=now, as_of=timezone.localdate(now), by=_user(by),
                                by_label=_who(by), kind=UpdateKind.CREATED, status=action.status,
                                version=action.version, synthetic=synthetic)
    record(by=by, action=AuditAction.ACTION_CREATED, object_type="action", object_ref=action.pk,
           area_code=plan.owner.code, detail={"plan": plan.pk, "description": action.description[:200]})
    return action


def _changes_since(action: Action, version: int) -> list[Change]:
    out = []
    for update in action.updates.filter(version__gt=version).order_by("at", "id"):
        when = update.at
        if update.kind == UpdateKind.PROGRESS:
            out.append(Change(update.by_label, when, "Progress update", "", update.note))
        for name, (before, after) in update.changes.items():
            out.append(Change(update.by_label, when, ACTION_FIELDS.get(name, name), before, after))
    return out


def _locked(action: Action, version: int) -> Action:
    current = Action.objects.select_for_update().select_related("plan__owner", "objective").get(pk=action.pk)
    if current.version != version:
        raise EditConflict(current, version, _changes_since(current, version))
    return current


@transaction.atomic
def update_action(*, by, action: Action, version: int, changes: dict, note: str = "",
                  at: dt.datetime | None = None) -> Action:
    """Change an action's fields; refused with :class:`EditConflict` if ``version`` is stale."""
    current = _locked(action, version)
    diff = {}
    for name, value in changes.items():
        if name not in ACTION_FIELDS:
            raise PlanActionError(f"Unknown action field {name!r}.")
        before = action_value(current, name)
        _apply(current, name, value)
        after = action_value(current, name)
        if before != after:
            diff[name] = [before, after]
    if not current.description.strip():
        raise PlanActionError("An action needs a description.")
    if not diff and not note.strip():
        return current
    now = at or timezone.now()
    current.version += 1
    current.updated_at, current.updated_by = now, _user(by)
    current.save()
    ActionUpdate.objects.create(action=current, at=now, as_of=timezone.localdate(now), by=_user(by),
                                by_label=_who(by), kind=UpdateKind.EDITED, status=current.status, note=note.strip(),
                                changes=diff, version=current.version)
    record(by=by, action=AuditAction.ACTION_CHANGED, object_type="action", object_ref=current.pk,
           area_code=current.plan.owner.code, detail={"changes": diff, "version": current.version})
    return current


@transaction.atomic
def record_progress(*, by, action: Action, version: int, status: str, note: str, as_of: dt.date | None = None,
                    evidence: Iterable = (), at: dt.datetime | None = None, synthetic: bool = False) -> ActionUpdate:
    """A dated progress update (status and words, with evidence files); refused if ``version`` is stale."""
    current = _locked(action, version)
    if not note.strip():
        raise PlanActionError("Say what has happened since the last update.")
    now = at or timezone.now()
    as_of = as_of or timezone.localdate(now)
    diff = {}
    if current.status != status:
        diff["status"] = [Status(current.status).label, Status(status).label]
        current.status = Status(status)
    current.version += 1
    current.latest_note, current.latest_update_on = note.strip(), as_of
    current.updated_at, current.updated_by = now, _user(by)
    current.save()
    update = ActionUpdate.objects.create(action=current, at=now, as_of=as_of, by=_user(by), by_label=_who(by),
                                         kind=UpdateKind.PROGRESS, status=current.status, note=note.strip(),
                                         changes=diff, version=current.version, synthetic=synthetic)
    files = []
    for upload in evidence:
        files.append(_store_evidence(update, upload))
    record(by=by, action=AuditAction.ACTION_PROGRESS, object_type="action", object_ref=current.pk,
           area_code=current.plan.owner.code,
           detail={"status": current.status, "as_of": as_of.isoformat(), "version": current.version,
                   "evidence": [{"name": e.name, "sha256": e.sha256} for e in files]})
    return update


def _store_evidence(update: ActionUpdate, upload) -> Evidence:
    name = getattr(upload, "name", "evidence").rsplit("/", 1)[-1][:150]
    if not name.lower().endswith(EVIDENCE_TYPES):
        raise PlanActionError(f"{name}: evidence must be a document, spreadsheet, PDF or image ({', '.join(EVIDENCE_TYPES)}).")
    data = upload.read()
    if len(data) > MAX_EVIDENCE_BYTES:
        raise PlanActionError(f"{name} is larger than 10 MB.")
    digest = hashlib.sha256(data).hexdigest()
    evidence = Evidence(update=update, name=name, size=len(data), sha256=digest)
    evidence.file.save(name, ContentFile(data), save=False)
    evidence.save()
    return evidence


# -- recommendations ----------------------------------------------------------------------------


@transaction.atomic
def ensure_source(*, by, title: str, area: Area, published: str = "", synthetic: bool = False) -> RecommendationSource:
    source, created = RecommendationSource.objects.get_or_create(
        area=area, title=title.strip(), defaults={"published": published, "synthetic": synthetic})
    if created:
        record(by=by, action=AuditAction.RECOMMENDATION_CHANGED, object_type="recommendation_source",
               object_ref=source.pk, area_code=area.code, detail={"created": source.title})
    return source


@transaction.atomic
def save_recommendation(*, by, source: RecommendationSource, level: str, number: int, text: str, theme: str = "",
                        title: str = "", proposed_lead: str = "") -> tuple[Recommendation, str]:
    """Create or update one recommendation, keyed by source, level and number: "created", "changed" or "unchanged"."""
    Level(level)
    if not text.strip():
        raise PlanActionError(f"Recommendation {number} has no text.")
    wanted = {"text": text.strip(), "theme": theme.strip(), "title": title.strip(), "proposed_lead": proposed_lead.strip()}
    existing = Recommendation.objects.select_for_update().filter(source=source, level=level, number=number).first()
    if existing is None:
        rec = Recommendation.objects.create(source=source, level=level, number=number, **wanted)
        outcome = "created"
    else:
        diff = {k: [getattr(existing, k), v] for k, v in wanted.items() if getattr(existing, k) != v and (v or k != "title")}
        if not diff:
            return existing, "unchanged"
        for k, (_, v) in diff.items():
            setattr(existing, k, v)
        existing.version += 1
        existing.save()
        rec, outcome = existing, "changed"
    record(by=by, action=AuditAction.RECOMMENDATION_CHANGED, object_type="recommendation", object_ref=rec.pk,
           area_code=source.area.code, detail={"level": level, "number": number, "outcome": outcome})
    return rec, outcome


RESPONSE_FIELDS = {"response": "Response", "plan": "Plan", "reason": "Reason", "status": "Status",
                   "progress": "Progress", "next_steps": "Next steps", "actions": "Actions"}


def _response_value(resp: RecommendationResponse, name: str) -> str:
    if name == "response":
        return Response(resp.response).label
    if name == "status":
        return Status(resp.status).label
    if name == "plan":
        return resp.plan.title if resp.plan_id else ""
    if name == "actions":
        return "; ".join(a.description[:60] for a in resp.actions.order_by("pk")) if resp.pk else ""
    return str(getattr(resp, name) or "")


@transaction.atomic
def save_response(*, by, recommendation: Recommendation, area: Area, version: int, synthetic: bool = False,
                  at: dt.datetime | None = None, **fields) -> RecommendationResponse:
    """A locality's response to a recommendation. ``version`` is 0 when none was recorded before."""
    now = at or timezone.now()
    current = (RecommendationResponse.objects.select_for_update()
               .filter(recommendation=recommendation, area=area).first())
    if current is None:
        if version != 0:
            raise PlanActionError("That response no longer exists.")
        current = RecommendationResponse(recommendation=recommendation, area=area, updated_at=now, version=0,
                                         synthetic=synthetic)
    elif current.version != version:
        changes = [Change(h.by_label, h.at, RESPONSE_FIELDS.get(k, k), b, a)
                   for h in current.history.filter(version__gt=version).order_by("at", "id")
                   for k, (b, a) in h.changes.items()]
        raise EditConflict(current, version, changes)
    plan = fields.get("plan")
    if plan is not None and plan.owner_id != area.pk and not area_in_group(area, plan.owner):
        raise PlanActionError("A response can only point to a plan of the same locality.")
    if fields.get("response") == Response.NOT_ADOPTED and not (fields.get("reason") or current.reason).strip():
        raise PlanActionError("Say why the recommendation was not adopted.")
    actions = fields.pop("actions", None)
    diff = {}
    for name, value in fields.items():
        if name not in RESPONSE_FIELDS:
            raise PlanActionError(f"Unknown response field {name!r}.")
        before = _response_value(current, name) if current.pk else ""
        setattr(current, name, value.strip() if isinstance(value, str) else value)
        after = _response_value(current, name)
        if before != after:
            diff[name] = [before, after]
    if actions is not None:
        foreign = [a for a in actions if a.plan.owner_id != area.pk and not area_in_group(area, a.plan.owner)]
        if foreign:
            raise PlanActionError("Only actions of the locality's own plans can deliver its response.")
        before = _response_value(current, "actions") if current.pk else ""
    if not diff and actions is None and current.pk:
        return current
    current.version += 1
    current.updated_at, current.updated_by = now, _user(by)
    current.save()
    if actions is not None:
        current.actions.set(actions)
        after = _response_value(current, "actions")
        if before != after:
            diff["actions"] = [before, after]
    ResponseHistory.objects.create(response=current, at=now, by=_user(by), by_label=_who(by), changes=diff,
                                   version=current.version)
    record(by=by, action=AuditAction.RESPONSE_CHANGED, object_type="recommendation", object_ref=recommendation.pk,
           area_code=area.code, detail={"changes": diff, "version": current.version})
    return current


def area_in_group(area: Area, owner: Area) -> bool:
    return owner.is_group and owner.members.filter(pk=area.pk).exists()


# -- board papers -------------------------------------------------------------------------------


@transaction.atomic
def save_board_narrative(*, by, area: Area, board: str, period: str, version: int, narrative: dict[str, str]) -> BoardPaper:
    """Keep the editable sections of a board paper (they survive every regeneration)."""
    Board(board)
    now = timezone.now()
    paper = BoardPaper.objects.select_for_update().filter(area=area, board=board, period=period).first()
    if paper is None:
        if version != 0:
            raise PlanActionError("That board paper no longer exists.")
        paper = BoardPaper(area=area, board=board, period=period, version=0, updated_at=now)
    elif paper.version != version:
        raise EditConflict(paper, version, [])
    cleaned = {k: v.strip() for k, v in narrative.items() if isinstance(v, str)}
    changed = sorted(k for k, v in cleaned.items() if paper.narrative.get(k, "") != v)
    if not changed and paper.pk:
        return paper
    paper.narrative = {**paper.narrative, **cleaned}
    paper.version += 1
    paper.updated_at, paper.updated_by = now, _user(by)
    paper.save()
    record(by=by, action=AuditAction.BOARD_PAPER_CHANGED, object_type="board_paper", object_ref=paper.pk,
           area_code=area.code, detail={"board": board, "period": period, "sections": changed, "version": paper.version})
    return paper


def record_board_paper_generated(*, by, area: Area, board: str, period: str, fmt: str) -> None:
    record(by=by, action=AuditAction.REPORT_GENERATED, object_type="board_paper", object_ref=f"{board}:{period}",
           area_code=area.code, detail={"format": fmt})


# -- imports --------------------------------------------------------------------------------------


@transaction.atomic
def import_plan(*, by, parsed, owner: Area, title: str, period_start=None, period_end=None, version_label: str = "",
                boards: str = "", synthetic: bool = False, at: dt.datetime | None = None) -> Plan:
    """Create a whole plan from a :class:`~firstyear.plans.importers.plan_table.ParsedPlan`, all or nothing."""
    if parsed.problems:
        raise PlanActionError("The file has problems; nothing was imported: "
                              + "; ".join(str(p) for p in parsed.problems))
    if not title.strip():
        raise PlanActionError("A plan needs a title.")
    now = at or timezone.now()
    notes = [str(p) for p in parsed.unplaced]
    plan = Plan.objects.create(owner=owner, title=title.strip(), period_start=period_start, period_end=period_end,
                               version_label=version_label, boards=boards, source=parsed.file[:300],
                               import_notes="\n".join(notes), synthetic=synthetic, created_at=now, updated_at=now)
    indicator_index = {i.slug: i for i in Indicator.objects.all()}
    indicator_index.update({i.short_name.lower(): i for i in indicator_index.values()})
    pending_actions, factor_rows, indicator_rows = [], [], []
    for p_order, p in enumerate(parsed.priorities, start=1):
        priority = Priority.objects.create(plan=plan, ref=p.ref, title=p.title or "(untitled)", order=p_order)
        objectives = Objective.objects.bulk_create(
            Objective(priority=priority, ref=o.ref, title=o.title, rationale=o.rationale, order=n)
            for n, o in enumerate(p.objectives, start=1))
        for objective, o in zip(objectives, p.objectives, strict=True):
            for a_order, a in enumerate(o.actions, start=1):
                action = Action(plan=plan, objective=objective, ref=a.ref[:20], order=a_order,
                                description=a.description, lead=a.lead, lead_organisation=a.lead_organisation[:200],
                                partners=a.partners, outcome=a.outcome, reporting=a.reporting[:300],
                                reporting_kind=reporting_kind(a.reporting), status=a.status or Status.NOT_STARTED,
                                notes=a.notes, created_at=now, updated_at=now, updated_by=_user(by))
                action.set_due(_trim(a.due))
                action.set_deep_dive(_trim(a.deep_dive))
                pending_actions.append((action, a))
    Action.objects.bulk_create([a for a, _ in pending_actions], batch_size=500)
    for action, a in pending_actions:
        factor_rows += [ActionFactor(action=action, code=c) for c in dict.fromkeys(a.factors) if c in FACTORS]
        for word in a.indicators:
            found = indicator_index.get(word) or indicator_index.get(word.lower())
            if found is not None:
                indicator_rows.append(Action.indicators.through(action_id=action.pk, indicator_id=found.pk))
    ActionFactor.objects.bulk_create(factor_rows, batch_size=1000)
    Action.indicators.through.objects.bulk_create(indicator_rows, batch_size=1000, ignore_conflicts=True)
    ActionUpdate.objects.bulk_create(
        [ActionUpdate(action=action, at=now, as_of=timezone.localdate(now), by=_user(by), by_label=_who(by),
                      kind=UpdateKind.IMPORTED, status=action.status, note=f"Imported from {parsed.file} ({a.where}).",
                      version=1, synthetic=synthetic)
         for action, a in pending_actions], batch_size=1000)
    counts = parsed.counts()
    record(by=by, action=AuditAction.PLAN_IMPORTED, object_type="plan", object_ref=plan.pk, area_code=owner.code,
           detail={"file": parsed.file, **counts, "unplaced": len(parsed.unplaced)})
    return plan


def _trim(value: PlanDate) -> PlanDate:
    if len(value.text) <= 300:
        return value
    return PlanDate(value.date, value.precision, value.kind, value.text[:297] + "...")


@transaction.atomic
def import_recommendations(*, by, parsed, source: RecommendationSource, level: str) -> dict[str, int]:
    """Create or update every recommendation of a parsed table, all or nothing."""
    if parsed.problems:
        raise PlanActionError("The file has problems; nothing was imported: "
                              + "; ".join(str(p) for p in parsed.problems))
    counts = {"created": 0, "changed": 0, "unchanged": 0}
    for item in parsed.items:
        _, outcome = save_recommendation(by=by, source=source, level=level, number=item.number, text=item.text,
                                         theme=item.theme, title=item.title, proposed_lead=item.proposed_lead)
        counts[outcome] += 1
    record(by=by, action=AuditAction.RECOMMENDATIONS_IMPORTED, object_type="recommendation_source",
           object_ref=source.pk, area_code=source.area.code, detail={"file": parsed.file, "level": level, **counts})
    return counts
