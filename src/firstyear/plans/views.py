"""Plan pages. Thin: reading through :mod:`firstyear.plans.queries`, writing through
:mod:`firstyear.plans.actions`, permissions through ``has_permission``."""

from __future__ import annotations

import secrets
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from firstyear.accounts.permissions import areas_with_permission, has_permission
from firstyear.accounts.roles import Permission
from firstyear.areas.models import Area
from firstyear.plans import actions as plan_actions
from firstyear.plans import queries
from firstyear.plans.actions import EditConflict, PlanActionError
from firstyear.plans.constants import FACTORS, RAG, Board, Level, Response, Status
from firstyear.plans.forms import (
    ActionForm,
    BoardChoiceForm,
    ImportForm,
    NarrativeForm,
    PlanForm,
    ProgressForm,
    ResponseForm,
)
from firstyear.plans.models import (
    Action,
    BoardPaper,
    Evidence,
    Plan,
    Recommendation,
    RecommendationResponse,
    RecommendationSource,
)
from firstyear.reviews.disclosure import THRESHOLD as REVIEW_DISCLOSURE_THRESHOLD
from firstyear.web.uploads import pending_dir

PAGE_SIZE = 50


def _require_view(request, area: Area) -> None:
    if not queries.can_view(request.user, area):
        raise PermissionDenied


def _require_edit(request, area: Area) -> None:
    if not queries.can_edit(request.user, area):
        raise PermissionDenied


def _plan(request, pk: int) -> Plan:
    plan = get_object_or_404(Plan.objects.select_related("owner__parent"), pk=pk)
    _require_view(request, plan.owner)
    return plan


def _action(request, pk: int) -> Action:
    action = get_object_or_404(Action.objects.select_related("plan__owner", "objective__priority", "lead_user"), pk=pk)
    _require_view(request, action.plan.owner)
    return action


def _crumbs(*extra) -> list[tuple[str, str]]:
    return [("Home", reverse("web:home")), ("Action plans", reverse("plans:index"))] + list(extra)


def _plan_crumb(plan: Plan) -> tuple[str, str]:
    return (plan.title, reverse("plans:plan", args=[plan.pk]))


# -- index and my actions -------------------------------------------------------------------------


def index(request):
    if not has_permission(request.user, Permission.VIEW_PLANS):
        raise PermissionDenied
    plans = list(queries.visible_plans(request.user))
    today = plan_actions.today()
    rows = [(p, queries.counts(p.actions.all(), today)) for p in plans]
    areas = sorted({p.owner for p in plans}, key=lambda a: a.name)
    can_import = bool(areas_with_permission(request.user, Permission.EDIT_PLANS))
    return render(request, "plans/index.html", {
        "rows": rows, "areas": areas, "can_import": can_import, "breadcrumbs": [("Home", reverse("web:home")), ("Action plans", "")],
        "mine": Action.objects.filter(lead_user=request.user).count() if request.user.is_authenticated else 0,
    })


def my_actions(request):
    if not has_permission(request.user, Permission.VIEW_PLANS):
        raise PermissionDenied
    today = plan_actions.today()
    mine = (Action.objects.filter(lead_user=request.user).select_related("plan__owner", "objective__priority")
            .order_by("due_by", "plan__title", "pk"))
    rows = [(a, a.is_overdue(today)) for a in mine if queries.can_view(request.user, a.plan.owner)]
    return render(request, "plans/my_actions.html", {
        "rows": rows, "today": today, "breadcrumbs": _crumbs(("My actions", "")),
    })


# -- the plan table --------------------------------------------------------------------------------


def _plan_summary(plan, today):
    """Status counts and SMART failures over the whole plan: a pass over every action, so kept
    in the cache until any action changes (its count or latest update time moves) or the day ends."""
    from django.core.cache import cache
    from django.db.models import Count, Max

    base = Action.objects.filter(plan=plan)
    stamp = base.aggregate(n=Count("pk"), latest=Max("updated_at"))
    key = f"plan-summary:{plan.pk}:{stamp['n']}:{stamp['latest']}:{today.isoformat()}".replace(" ", "_")
    summary = cache.get(key)
    if summary is None:
        summary = (queries.counts(base, today), queries.smart_failures(base))
        cache.set(key, summary, 3600)
    return summary


def plan_detail(request, pk: int):
    plan = _plan(request, pk)
    today = plan_actions.today()
    filters = queries.Filters.from_query(request.GET)
    all_counts, failing = _plan_summary(plan, today)
    qs = queries.filtered_actions(plan, filters, today, user=request.user)
    if filters.smart:
        qs = qs.filter(pk__in=list(failing))
    page = Paginator(queries.page_rows(qs), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(a, a.is_overdue(today), failing.get(a.pk, [])) for a in page.object_list]
    sources = RecommendationSource.objects.filter(
        recommendations__responses__actions__plan=plan).distinct()
    recommendations = (Recommendation.objects.filter(responses__actions__plan=plan).select_related("source")
                       .distinct().order_by("source__title", "level", "number"))
    return render(request, "plans/plan.html", {
        "plan": plan, "page_obj": page, "rows": rows, "counts": all_counts, "filters": filters,
        "filtered_count": page.paginator.count, "smart_count": len(failing),
        "priorities": plan.priorities.all(), "statuses": Status.choices, "factors": FACTORS.items(),
        "recommendations": recommendations, "sources": sources, "today": today,
        "can_edit": queries.can_edit(request.user, plan.owner),
        "breadcrumbs": _crumbs((plan.owner.name, ""), (plan.title, "")),
        "rag": RAG,
    })


def plan_calendar(request, pk: int):
    plan = _plan(request, pk)
    today = plan_actions.today()
    show_all = request.GET.get("all") == "1"
    months = queries.calendar(plan, start=None if show_all else today.replace(day=1))
    return render(request, "plans/calendar.html", {
        "plan": plan, "months": months, "today": today, "show_all": show_all,
        "breadcrumbs": _crumbs(_plan_crumb(plan), ("Calendar", "")),
    })


def plan_export(request, pk: int, fmt: str):
    from firstyear.plans.export import export_bytes

    plan = _plan(request, pk)
    types = {"json": "application/json", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
    response = HttpResponse(export_bytes([plan], fmt), content_type=types[fmt])
    response["Content-Disposition"] = f'attachment; filename="plan-{plan.pk}.{fmt}"'
    return response


def plan_edit(request, pk: int):
    plan = _plan(request, pk)
    _require_edit(request, plan.owner)
    conflict = None
    if request.method == "POST":
        form = PlanForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version")
            try:
                plan_actions.update_plan(by=request.user, plan=plan, version=version, **data)
            except EditConflict as exc:
                conflict = exc
                posted = request.POST.copy()
                posted["version"] = str(exc.current.version)
                form = PlanForm(posted)
                form.is_valid()
                form.add_error(None, "Someone else changed this plan's details while you were editing. Your changes "
                                     "are still below and were not saved: check them and save again.")
            except PlanActionError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "Plan details saved.")
                return redirect("plans:plan", pk=plan.pk)
    else:
        form = PlanForm(initial={"version": plan.version, "title": plan.title, "version_label": plan.version_label,
                                 "boards": plan.boards, "period_start": plan.period_start, "period_end": plan.period_end,
                                 "summary": plan.summary})
    return render(request, "plans/plan_edit.html", {
        "plan": plan, "form": form, "conflict": conflict,
        "breadcrumbs": _crumbs(_plan_crumb(plan), ("Plan details", "")),
    })


# -- actions -----------------------------------------------------------------------------------


def action_detail(request, pk: int):
    action = _action(request, pk)
    today = plan_actions.today()
    history = action.updates.prefetch_related("evidence").order_by("-at", "-id")
    responses = action.recommendation_responses.select_related("recommendation__source", "area")
    return render(request, "plans/action.html", {
        "action": action, "plan": action.plan, "history": history, "responses": responses,
        "overdue": action.is_overdue(today), "smart": queries.smart_problems(queries.smart_row(action)),
        "can_edit": queries.can_edit(request.user, action.plan.owner),
        "breadcrumbs": _crumbs(_plan_crumb(action.plan), (_action_title(action), "")),
    })


def _action_title(action: Action) -> str:
    ref = " ".join(x for x in (action.objective.ref, action.ref and f"({action.ref})") if x)
    short = action.description.split("\n")[0]
    short = short if len(short) <= 60 else short[:57].rstrip() + "..."
    return f"{ref} {short}".strip()


def action_edit(request, pk: int):
    action = _action(request, pk)
    _require_edit(request, action.plan.owner)
    conflict = None
    if request.method == "POST":
        form = ActionForm(request.POST, plan=action.plan)
        if form.is_valid():
            try:
                plan_actions.update_action(by=request.user, action=action, version=form.cleaned_data["version"],
                                           changes=form.changes())
            except EditConflict as exc:
                conflict = exc
                data = request.POST.copy()
                data["version"] = str(exc.current.version)
                form = ActionForm(data, plan=action.plan)
                form.is_valid()
                form.add_error(None, "Someone else saved this action while you were editing, so your changes were "
                                     "not saved. Their changes are listed below; your changes are still in the form. "
                                     "Check them and save again.")
            except PlanActionError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "Action saved.")
                return redirect("plans:action", pk=action.pk)
    else:
        form = ActionForm(initial=ActionForm.initial_for(action), plan=action.plan)
    return render(request, "plans/action_edit.html", {
        "action": action, "plan": action.plan, "form": form, "conflict": conflict, "creating": False,
        "breadcrumbs": _crumbs(_plan_crumb(action.plan), (_action_title(action), reverse("plans:action", args=[action.pk])),
                               ("Change", "")),
    })


def action_new(request, pk: int):
    plan = _plan(request, pk)
    _require_edit(request, plan.owner)
    if not plan.priorities.filter(objectives__isnull=False).exists():
        messages.info(request, "Add a priority and an objective before adding actions.")
        return redirect("plans:plan", pk=plan.pk)
    if request.method == "POST":
        form = ActionForm(request.POST, plan=plan)
        if form.is_valid():
            data = form.changes()
            objective = data.pop("objective")
            description = data.pop("description")
            try:
                action = plan_actions.create_action(by=request.user, objective=objective, description=description, **data)
            except PlanActionError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "Action added.")
                return redirect("plans:action", pk=action.pk)
    else:
        first = plan.priorities.first().objectives.first() if plan.priorities.exists() else None
        form = ActionForm(initial={"version": 0, "status": Status.NOT_STARTED,
                                   "objective": request.GET.get("objective") or (first.pk if first else None)}, plan=plan)
    return render(request, "plans/action_edit.html", {
        "plan": plan, "form": form, "creating": True,
        "breadcrumbs": _crumbs(_plan_crumb(plan), ("Add an action", "")),
    })


def action_progress(request, pk: int):
    action = _action(request, pk)
    _require_edit(request, action.plan.owner)
    conflict = None
    if request.method == "POST":
        form = ProgressForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            files = [data["evidence"]] if data.get("evidence") else []
            try:
                plan_actions.record_progress(by=request.user, action=action, version=data["version"],
                                             status=data["status"], note=data["note"], as_of=data.get("as_of"),
                                             evidence=files)
            except EditConflict as exc:
                conflict = exc
                posted = request.POST.copy()
                posted["version"] = str(exc.current.version)
                form = ProgressForm(posted)
                form.is_valid()
                form.add_error(None, "Someone else updated this action while you were writing, so your update was not "
                                     "saved. Their change is listed below; your words are still in the form. "
                                     "Check the status and save again" + (" (attach the evidence file again)." if files else "."))
            except PlanActionError as exc:
                form.add_error("evidence" if files else None, str(exc))
            else:
                messages.success(request, "Progress update recorded.")
                return redirect("plans:action", pk=action.pk)
    else:
        form = ProgressForm(initial={"version": action.version, "status": action.status})
    return render(request, "plans/progress.html", {
        "action": action, "plan": action.plan, "form": form, "conflict": conflict,
        "breadcrumbs": _crumbs(_plan_crumb(action.plan), (_action_title(action), reverse("plans:action", args=[action.pk])),
                               ("Record progress", "")),
    })


def evidence_download(request, pk: int):
    evidence = get_object_or_404(Evidence.objects.select_related("update__action__plan__owner"), pk=pk)
    _require_view(request, evidence.update.action.plan.owner)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404("The evidence file is missing from storage") from None
    return FileResponse(handle, as_attachment=True, filename=evidence.name)


# -- import ------------------------------------------------------------------------------------


def _editable_areas(user):
    scopes = areas_with_permission(user, Permission.EDIT_PLANS)
    from firstyear.areas.scope import area_within

    candidates = Area.objects.filter(valid_to__isnull=True).select_related("parent__parent").order_by("name")
    ids = [a.pk for a in candidates if not a.kind == "country" and any(area_within(a, s) for s in scopes)
           and a.kind != "region"]
    return Area.objects.filter(pk__in=ids).order_by("name")


def _import_dir() -> Path:
    return pending_dir("plans")


def import_upload(request):
    if not areas_with_permission(request.user, Permission.EDIT_PLANS):
        raise PermissionDenied
    areas = _editable_areas(request.user)
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, areas=areas)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            name = Path(upload.name).name
            if Path(name).suffix.lower() not in (".docx", ".xlsx", ".xlsm", ".csv", ".md", ".markdown", ".txt"):
                form.add_error("file", "The file must be a Word document (.docx), Excel workbook (.xlsx), CSV or Markdown table")
            else:
                token = secrets.token_urlsafe(16)
                (_import_dir() / token).write_bytes(upload.read())
                request.session.setdefault("plan_imports", {})[token] = {
                    "owner": form.cleaned_data["owner"].code, "title": form.cleaned_data["title"], "name": name}
                request.session.modified = True
                return redirect("plans:import_preview", token=token)
    else:
        form = ImportForm(areas=areas, initial={"owner": request.GET.get("area")})
    return render(request, "plans/import.html", {"form": form, "breadcrumbs": _crumbs(("Import a plan", ""))})


def import_preview(request, token: str):
    from firstyear.plans.importers import parse_plan_bytes

    pending = request.session.get("plan_imports", {}).get(token)
    path = _import_dir() / token
    if pending is None or not path.exists():
        raise Http404("No such import: upload the file again")
    owner = get_object_or_404(Area, code=pending["owner"])
    _require_edit(request, owner)
    parsed = parse_plan_bytes(path.read_bytes(), pending["name"])
    if request.method == "POST" and not parsed.problems:
        try:
            plan = plan_actions.import_plan(by=request.user, parsed=parsed, owner=owner, title=pending["title"])
        except PlanActionError as exc:
            messages.error(request, str(exc))
        else:
            path.unlink(missing_ok=True)
            request.session["plan_imports"].pop(token, None)
            request.session.modified = True
            counts = parsed.counts()
            messages.success(request, f"Imported {counts['actions']} actions in {counts['priorities']} priorities.")
            return redirect("plans:plan", pk=plan.pk)
    return render(request, "plans/import_preview.html", {
        "parsed": parsed, "pending": pending, "owner": owner, "counts": parsed.counts(), "token": token,
        "breadcrumbs": _crumbs(("Import a plan", reverse("plans:import")), ("Check the import", "")),
    })


# -- coverage -----------------------------------------------------------------------------------


def coverage(request, code: str):
    from firstyear.indicators.profile import build_profile

    area = get_object_or_404(Area, code=code.upper())
    _require_view(request, area)
    factors, linked = queries.factor_coverage(area)
    entries = build_profile(area)
    gaps = queries.indicator_gaps(area, entries)
    worse = [e for e in entries if e.latest is not None and (e.latest.compared_to_england or "").startswith("worse")]
    return render(request, "plans/coverage.html", {
        "area": area, "factors": factors, "linked": [(FACTORS[c], n) for c, n in sorted(linked.items()) if c in FACTORS],
        "unlinked_factors": [name for code_, name in FACTORS.items() if code_ not in linked],
        "gaps": gaps, "worse_count": len(worse), "plans": queries.area_plans(area),
        "suppress_below": REVIEW_DISCLOSURE_THRESHOLD,
        "breadcrumbs": _crumbs((area.name, ""), ("Coverage", "")),
    })


# -- recommendations ------------------------------------------------------------------------------


def recommendations_index(request):
    if not has_permission(request.user, Permission.VIEW_PLANS):
        raise PermissionDenied
    sources = list(queries.visible_sources(request.user))
    return render(request, "plans/recommendations_index.html", {
        "sources": [(s, s.recommendations.filter(level=Level.REGIONAL).count(),
                     s.recommendations.filter(level=Level.LOCALITY).count()) for s in sources],
        "breadcrumbs": _crumbs(("Recommendations", "")),
    })


def _source(request, pk: int) -> RecommendationSource:
    source = get_object_or_404(RecommendationSource.objects.select_related("area"), pk=pk)
    if not queries.visible_sources(request.user).filter(pk=source.pk).exists():
        raise PermissionDenied
    return source


def source_detail(request, pk: int):
    """The register: every recommendation with the roll-up of responses across localities."""
    source = _source(request, pk)
    level = request.GET.get("level") if request.GET.get("level") in Level.values else Level.LOCALITY
    recs = list(source.recommendations.filter(level=level).order_by("number"))
    responses = (RecommendationResponse.objects.filter(recommendation__in=recs).select_related("area")
                 .order_by("area__name"))
    visible = [r for r in responses if queries.can_view(request.user, r.area)]
    by_rec: dict[int, list] = {}
    for r in visible:
        by_rec.setdefault(r.recommendation_id, []).append(r)
    areas = sorted({r.area for r in visible}, key=lambda a: a.name)
    rows = []
    for rec in recs:
        got = by_rec.get(rec.pk, [])
        tally = {k: sum(1 for r in got if r.response == k) for k in Response.values}
        status = {k: sum(1 for r in got if r.status == k) for k in Status.values}
        rows.append((rec, got, tally, status))
    my_areas = [a for a in _responding_areas(request.user, source)]
    return render(request, "plans/source.html", {
        "source": source, "level": level, "levels": Level.choices, "rows": rows, "areas": areas,
        "matrix": _matrix(areas, recs, visible, source),
        "my_areas": my_areas, "can_manage": has_permission(request.user, Permission.MANAGE_RECOMMENDATIONS, area=source.area),
        "statuses": Status.choices, "response_choices": Response.choices,
        "breadcrumbs": _crumbs(("Recommendations", reverse("plans:recommendations")), (source.title, "")),
    })


def _matrix(areas, recs, responses, source) -> list[tuple]:
    """One row per locality: its response to each recommendation (None when not answered)."""
    got = {(r.area_id, r.recommendation_id): r for r in responses}
    return [(a, reverse("plans:area_responses", args=[source.pk, a.code]), [got.get((a.pk, rec.pk)) for rec in recs])
            for a in areas]


def _responding_areas(user, source: RecommendationSource) -> list[Area]:
    from firstyear.areas.scope import area_within

    scopes = areas_with_permission(user, Permission.EDIT_PLANS) + areas_with_permission(
        user, Permission.MANAGE_RECOMMENDATIONS)
    out = []
    for scope in scopes:
        if scope.kind in ("country", "region"):
            continue
        if area_within(scope, source.area) and scope not in out:
            out.append(scope)
    return out


def area_responses(request, pk: int, code: str):
    """One locality's responses (the board paper's appendix, as a page)."""
    source = _source(request, pk)
    area = get_object_or_404(Area, code=code.upper())
    _require_view(request, area)
    level = request.GET.get("level") if request.GET.get("level") in Level.values else Level.LOCALITY
    if level == Level.REGIONAL and area.kind != "region":
        level = Level.LOCALITY
    recs = source.recommendations.filter(level=level).order_by("number")
    got = {r.recommendation_id: r for r in RecommendationResponse.objects.filter(area=area, recommendation__in=recs)
           .select_related("plan").prefetch_related("actions__objective")}
    rows = [(rec, got.get(rec.pk)) for rec in recs]
    return render(request, "plans/area_responses.html", {
        "source": source, "area": area, "rows": rows, "level": level,
        "can_respond": queries.can_respond(request.user, area),
        "answered": len(got), "total": len(rows),
        "breadcrumbs": _crumbs(("Recommendations", reverse("plans:recommendations")),
                               (source.title, reverse("plans:source", args=[source.pk])), (area.name, "")),
    })


def response_edit(request, pk: int, code: str, rec: int):
    source = _source(request, pk)
    area = get_object_or_404(Area, code=code.upper())
    if not queries.can_respond(request.user, area):
        raise PermissionDenied
    recommendation = get_object_or_404(Recommendation, pk=rec, source=source)
    current = RecommendationResponse.objects.filter(recommendation=recommendation, area=area).first()
    plans = queries.area_plans(area)
    conflict = None
    if request.method == "POST":
        form = ResponseForm(request.POST, plans=plans)
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version")
            data["actions"] = list(data["actions"])
            try:
                plan_actions.save_response(by=request.user, recommendation=recommendation, area=area, version=version,
                                           **data)
            except EditConflict as exc:
                conflict = exc
                posted = request.POST.copy()
                posted["version"] = str(exc.current.version)
                form = ResponseForm(posted, plans=plans)
                form.is_valid()
                form.add_error(None, "Someone else saved this response while you were editing, so yours was not "
                                     "saved. Their changes are listed below; check and save again.")
            except PlanActionError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"Response to recommendation {recommendation.number} saved.")
                return redirect(reverse("plans:area_responses", args=[source.pk, area.code]) + f"?level={recommendation.level}")
    else:
        initial = {"version": 0, "response": Response.NOT_CONSIDERED, "status": Status.NOT_STARTED}
        if current is not None:
            initial = {"version": current.version, "response": current.response, "plan": current.plan_id,
                       "reason": current.reason, "status": current.status, "progress": current.progress,
                       "next_steps": current.next_steps, "actions": [a.pk for a in current.actions.all()]}
        form = ResponseForm(initial=initial, plans=plans)
    return render(request, "plans/response_edit.html", {
        "source": source, "area": area, "recommendation": recommendation, "form": form, "conflict": conflict,
        "history": current.history.all()[:10] if current else [],
        "breadcrumbs": _crumbs(("Recommendations", reverse("plans:recommendations")),
                               (source.title, reverse("plans:source", args=[source.pk])),
                               (area.name, reverse("plans:area_responses", args=[source.pk, area.code])),
                               (f"Recommendation {recommendation.number}", "")),
    })


# -- board papers ---------------------------------------------------------------------------------


def _paper_params(request) -> tuple[str, str]:
    from firstyear.plans.boardpaper import current_period

    board = request.GET.get("board") or request.POST.get("board") or Board.HWB
    if board not in Board.values:
        board = Board.HWB
    period = (request.GET.get("period") or request.POST.get("period") or current_period(plan_actions.today())).strip()
    return board, period


def board_paper(request, code: str):
    from firstyear.plans.boardpaper import NARRATIVE_SECTIONS, build_board_paper, parse_period
    from firstyear.reports.render import to_html

    area = get_object_or_404(Area, code=code.upper())
    _require_view(request, area)
    board, period = _paper_params(request)
    choice = BoardChoiceForm(initial={"board": board, "period": period})
    try:
        period = parse_period(period).label
    except ValueError as exc:
        choice = BoardChoiceForm({"board": board, "period": period})
        choice.is_valid()
        choice.add_error("period", str(exc))
        return render(request, "plans/board_paper.html", {"area": area, "choice": choice, "doc_html": "",
                                                          "breadcrumbs": _crumbs((area.name, ""), ("Board paper", ""))})
    stored = BoardPaper.objects.filter(area=area, board=board, period=period).first()
    can_edit = queries.can_edit(request.user, area)
    form, conflict = None, None
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = NarrativeForm(request.POST)
        if form.is_valid():
            narrative = {k: form.cleaned_data[k] for k, _ in NARRATIVE_SECTIONS}
            try:
                plan_actions.save_board_narrative(by=request.user, area=area, board=board, period=period,
                                                  version=form.cleaned_data["version"], narrative=narrative)
            except EditConflict as exc:
                conflict = exc
                posted = request.POST.copy()
                posted["version"] = str(exc.current.version)
                form = NarrativeForm(posted)
                form.is_valid()
                form.add_error(None, "Someone else saved this paper's text while you were editing; yours was not saved. "
                                     "Your text is still below: compare it with the paper and save again.")
            else:
                messages.success(request, "Board paper text saved. It is kept each time the paper is rebuilt.")
                return redirect(reverse("plans:board_paper", args=[area.code]) + f"?board={board}&period={period}")
    doc = build_board_paper(area, board, period)
    if form is None and can_edit:
        values = {s.key: "\n\n".join(b.text for b in s.blocks if hasattr(b, "text")) for s in doc.sections}
        values["recommendations"] = "\n".join(
            item for s in doc.sections if s.key == "recommendations" for b in s.blocks if hasattr(b, "items")
            for item in b.items)
        form = NarrativeForm(initial={"version": stored.version if stored else 0,
                                      **{k: values.get(k, "") for k, _ in NARRATIVE_SECTIONS}})
    downloads = [(fmt.upper(), reverse("plans:board_paper_download", args=[area.code, fmt]) + f"?board={board}&period={period}")
                 for fmt in ("docx", "pdf", "html")]
    return render(request, "plans/board_paper.html", {
        "area": area, "board": board, "period": period, "choice": choice, "doc": doc,
        "doc_html": _in_page(to_html(doc, standalone=False)), "form": form, "conflict": conflict, "stored": stored,
        "downloads": downloads, "can_edit": can_edit,
        "breadcrumbs": _crumbs((area.name, ""), ("Board paper", "")),
    })


def _in_page(html: str):
    """The paper inside a page whose own <h1> is "Board paper": its title becomes a level-2 heading."""
    from django.utils.safestring import mark_safe

    html = html.replace('<h1 class="govuk-heading-xl fy-report__title">', '<h2 class="govuk-heading-xl fy-report__title">', 1)
    return mark_safe(html.replace("</h1>", "</h2>", 1))  # noqa: S308 - our own rendered template


def board_paper_download(request, code: str, fmt: str):
    from firstyear.plans.boardpaper import build_board_paper
    from firstyear.reports.render import document_response

    area = get_object_or_404(Area, code=code.upper())
    _require_view(request, area)
    board, period = _paper_params(request)
    try:
        doc = build_board_paper(area, board, period)
    except ValueError as exc:
        raise Http404(str(exc)) from None
    plan_actions.record_board_paper_generated(by=request.user, area=area, board=board, period=period, fmt=fmt)
    name = f"board-paper-{area.code}-{board}-{period.replace('/', '-')}.{fmt}"
    return document_response(doc, fmt, name=name)
