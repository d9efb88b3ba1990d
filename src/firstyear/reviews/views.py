"""Pages of the child death review register. Thin: reads through queries, writes through actions,
every access to a case audited (actions.record_*). A case outside the user's footprints is a 404,
so its existence does not leak.

Every form that changes a case carries the case's revision (a hidden field). When someone else
saved the case in between, the action raises ``actions.EditConflict``: the page is shown again
with status 409, saying who changed what and when, with everything the person typed kept and the
form's revision moved on, so that saving again is a deliberate choice."""

from __future__ import annotations

import json

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from firstyear.accounts.audit import AuditAction, record
from firstyear.accounts.permissions import has_permission
from firstyear.accounts.roles import Permission
from firstyear.areas.models import Area
from firstyear.reports.render import document_response
from firstyear.reviews import actions, queries, report, scope
from firstyear.reviews.auditlog import events_for
from firstyear.reviews.forms import (
    AgencyRequestForm,
    AgencyReturnForm,
    CarerForm,
    CaseEditForm,
    ExportForm,
    ExternalForm,
    JarForm,
    MoveForm,
    NarrativeForm,
    NotifyForm,
    RecommendationForm,
    RecommendationStatusForm,
    ReviewForm,
)
from firstyear.reviews.importer import template_bytes
from firstyear.reviews.models import (
    Case,
    CodeListVersion,
    Recommendation,
    RecommendationStatus,
    State,
)
from firstyear.web.downloads import table_response


def _crumbs(*extra):
    return [("Home", reverse("web:home")), ("Child death reviews", reverse("reviews:cases")), *extra]


def _case_or_404(request, case_ref: str, what: str) -> Case:
    candidates = list(Case.objects.filter(case_ref=case_ref).select_related("footprint", "residence_la", "category",
                                                                             "codelist_version"))
    wanted = request.GET.get("footprint") or request.POST.get("footprint")
    visible = [c for c in candidates if scope.can_view_case(request.user, c.footprint)
               and (not wanted or c.footprint.code == wanted)]
    if len(visible) != 1:
        actions.record_access_denied(by=request.user, case_ref=case_ref, what=what)
        raise Http404("No such case")
    return visible[0]


def case_list(request):
    footprints = scope.viewable_footprints(request.user)
    if not footprints:
        raise PermissionDenied
    filters = queries.CaseFilters.from_query(request.GET, footprints)
    qs = queries.filtered_cases(footprints, filters, identify=[f for f in footprints if scope.can_identify(request.user, f)])
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = queries.list_rows(request.user, list(page.object_list))
    identifiable = any(r["name"] for r in rows)
    actions.record_case_list_view(by=request.user, footprints=[f.code for f in footprints], filters=filters.audit(),
                                  shown=len(rows), identifiable=identifiable)
    return render(request, "reviews/case_list.html", {
        "rows": rows, "page_obj": page, "filters": filters, "footprints": footprints,
        "states": State.choices, "breadcrumbs": _crumbs(), "identifiable": identifiable,
        "can_add": any(scope.can_edit(request.user, f) for f in footprints),
        "can_export": [f for f in footprints if scope.can_export(request.user, f)],
        "can_audit": [f for f in footprints if has_permission(request.user, Permission.VIEW_AUDIT_LOG, area=f)],
        "any_synthetic": any(r["synthetic"] for r in rows), "overdue_months": queries.overdue_months(),
    })


def case_detail(request, case_ref: str):
    case = _case_or_404(request, case_ref, "case page")
    return _case_page(request, case)


def _case_page(request, case: Case, *, move_form=None, rec_form=None, posted_form=None, posted_status=None,
               status: int = 200, what: str = "case page"):
    """The case page. After a failed or refused save, ``posted_form`` is the form that was sent
    (its errors head the page) and ``move_form``/``rec_form``/``posted_status`` keep what was typed."""
    identifiable = scope.can_identify(request.user, case.footprint)
    actions.record_case_view(by=request.user, case=case, identifiable=identifiable, what=what)
    view = queries.case_view(case, identifiable=identifiable)
    editable = scope.can_edit(request.user, case.footprint)
    for rec in view["recommendations"]:
        rec.form_status = (posted_status or {}).get(rec.pk, rec.status)
    return render(request, "reviews/case_detail.html", {
        "case": case, "view": view, "identifiable": identifiable, "editable": editable,
        "move_form": move_form or (_move_form(case) if editable else None), "statuses": RecommendationStatus.choices,
        "rec_form": rec_form or (RecommendationForm(prefix="rec", initial={"revision": case.revision}) if editable else None),
        "rec_form_open": bool(rec_form is not None and rec_form.errors),
        "posted_form": posted_form,
        "can_export": scope.can_export(request.user, case.footprint),
        "breadcrumbs": _crumbs((case.case_ref, "")),
    }, status=status)


def _current(case: Case) -> Case:
    """The case as it is now (after someone else's change), for the page shown again."""
    return Case.objects.select_related("footprint", "residence_la", "category", "codelist_version").get(pk=case.pk)


def _refused(exc: actions.EditConflict, make, data, revision_key: str = "revision"):
    """The form again after a conflict: what the person typed, the revision moved on to the current
    one (so that saving again is a deliberate choice), and the conflict as a form-wide error."""
    data = data.copy()
    data[revision_key] = str(exc.current_revision)
    form = make(data)
    form.is_valid()
    form.add_error(None, exc.message())
    return form


@require_POST
def case_move(request, case_ref: str):
    case = _case_or_404(request, case_ref, "move case")
    if not scope.can_edit(request.user, case.footprint):
        raise PermissionDenied
    # From a page that is out of date, any step is accepted by the form: the action then refuses
    # the save as a conflict (saying what happened), rather than the form as "not a choice".
    stale = request.POST.get("move-revision") != str(case.revision)
    form = _move_form(case, request.POST, any_step=stale)
    if form is None:
        raise Http404
    if form.is_valid():
        try:
            actions.move_case(by=request.user, case=case, to_state=form.cleaned_data["to_state"],
                              on=form.cleaned_data["on"], panel_date=form.cleaned_data.get("panel_date"),
                              expected_revision=form.cleaned_data["revision"])
            return redirect(reverse("reviews:case", args=[case.case_ref]) + f"?footprint={case.footprint.code}")
        except actions.EditConflict as exc:
            case = _current(case)
            data = request.POST.copy()
            if data.get("move-to_state") not in actions.TRANSITIONS.get(case.state, ()):
                data.pop("move-to_state", None)  # that step is no longer open: choose again
            # No next step left (closed meanwhile): the message alone, on a form with no fields.
            form = _refused(exc, lambda d: _move_form(case, d) or forms.Form(d), data, "move-revision")
            return _case_page(request, case, move_form=form if isinstance(form, MoveForm) else None, posted_form=form,
                              status=409, what="move case (changed by someone else)")
        except actions.CaseError as exc:
            _errors_to_form(form, exc)
    if stale and not form.is_valid():
        form = _move_form(case, request.POST) or form  # show only the steps open now
    return _case_page(request, case, move_form=form, posted_form=form, status=400, what="move case (errors)")


def _move_form(case, data=None, any_step: bool = False) -> MoveForm | None:
    steps = sorted({s for targets in actions.TRANSITIONS.values() for s in targets}, key=State.values.index) \
        if any_step else actions.TRANSITIONS.get(case.state, ())
    states = [(s, State(s).label) for s in steps]
    if not states:
        return None
    form = MoveForm(data, states=states, prefix="move", initial={"revision": case.revision})
    if State.PANEL_SCHEDULED not in dict(states):
        del form.fields["panel_date"]
    return form


def _errors_to_form(form, exc: actions.CaseError) -> None:
    for name, message in exc.errors.items():
        form.add_error(name if name in form.fields else None, message[0].upper() + message[1:])


def notify(request):
    editable = [f for f in scope.viewable_footprints(request.user) if scope.can_edit(request.user, f)]
    if not editable:
        raise PermissionDenied
    footprint = next((f for f in editable if f.code == request.GET.get("footprint")), editable[0])
    residence = Area.objects.filter(code__in=scope.residence_codes(footprint), valid_to__isnull=True).order_by("name")
    choices = [("", "Choose the authority")] + [(a.code, a.name) for a in residence]
    form = NotifyForm(request.POST or None, residence_choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            case = actions.notify_case(by=request.user, footprint=footprint,
                                       details=actions.CaseDetails(**{k: ("" if v is None and k not in (
                                           "gestation_weeks", "birthweight_g", "maternal_age") else v)
                                           for k, v in form.cleaned_data.items()}))
            return redirect(reverse("reviews:case", args=[case.case_ref]) + f"?footprint={footprint.code}")
        except actions.CaseError as exc:
            _errors_to_form(form, exc)
    return render(request, "reviews/notify.html", {"form": form, "footprint": footprint,
                                                   "breadcrumbs": _crumbs(("Record a death", ""))},
                  status=400 if form.errors else 200)


def case_edit(request, case_ref: str):
    """Correct the notification details. Identifiers are shown only to those who may identify."""
    case = _case_or_404(request, case_ref, "edit details")
    if not (scope.can_edit(request.user, case.footprint) and scope.can_identify(request.user, case.footprint)):
        raise PermissionDenied
    footprint = case.footprint
    residence = Area.objects.filter(code__in=scope.residence_codes(footprint)).order_by("name")
    choices = [("", "Choose the authority")] + [(a.code, a.name) for a in residence]
    current = actions.details_of(case)
    initial = {k: getattr(current, k) for k in NotifyForm.base_fields} | {"revision": case.revision}
    form = CaseEditForm(request.POST or None, residence_choices=choices, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        changes = {k: ("" if v is None and k not in ("gestation_weeks", "birthweight_g", "maternal_age") else v)
                   for k, v in form.cleaned_data.items() if k != "revision"}
        try:
            case = actions.update_details(by=request.user, case=case, changes=changes,
                                          expected_revision=form.cleaned_data["revision"])
            return redirect(reverse("reviews:case", args=[case.case_ref]) + f"?footprint={footprint.code}")
        except actions.EditConflict as exc:
            conflict = exc
            form = _refused(exc, lambda d: CaseEditForm(d, residence_choices=choices), request.POST)
        except actions.CaseError as exc:
            _errors_to_form(form, exc)
    actions.record_case_view(by=request.user, case=case, identifiable=True, what="edit details form")
    return render(request, "reviews/notify.html", {
        "form": form, "footprint": footprint, "heading": f"Correct the details of case {case.case_ref}",
        "button": "Save the changes", "case": case, "conflict": conflict,
        "breadcrumbs": _crumbs((case.case_ref, reverse("reviews:case", args=[case.case_ref]) + f"?footprint={footprint.code}"),
                               ("Correct the details", "")),
    }, status=409 if conflict else 400 if form.errors else 200)


def case_review(request, case_ref: str):
    case = _case_or_404(request, case_ref, "panel review form")
    if not scope.can_edit(request.user, case.footprint):
        raise PermissionDenied
    identifiable = scope.can_identify(request.user, case.footprint)
    version = case.codelist_version or CodeListVersion.current()
    initial = {"categories": case.categories_considered, **{f"factor_{k}": str(v) for k, v in case.factor_levels.items()},
               "insufficient_information": case.insufficient_information}
    text = actions.review_text(case)
    initial["learning_points"] = text.get("learning_points", "")
    initial.update({f"note_{k}": v for k, v in text.get("factor_notes", {}).items()})
    initial["revision"] = case.revision
    form = ReviewForm(request.POST or None, version=version, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_panel_review(
                by=request.user, case=case, reviewed_on=data["reviewed_on"], categories=data["categories"],
                factor_levels={f.code: data[f"factor_{f.code}"] for f in form.factors},
                factor_notes={f.code: data[f"note_{f.code}"] for f in form.factors},
                insufficient_information=data["insufficient_information"], learning_points=data["learning_points"],
                expected_revision=data["revision"])
            return redirect(reverse("reviews:case", args=[case.case_ref]) + f"?footprint={case.footprint.code}")
        except actions.EditConflict as exc:
            conflict = exc
            form = _refused(exc, lambda d: ReviewForm(d, version=version), request.POST)
        except actions.CaseError as exc:
            _errors_to_form(form, exc)
    actions.record_case_view(by=request.user, case=case, identifiable=False, what="panel review form")
    return render(request, "reviews/review_form.html", {
        "case": case, "form": form, "version": version, "identifiable": identifiable, "conflict": conflict,
        "breadcrumbs": _crumbs((case.case_ref, reverse("reviews:case", args=[case.case_ref])), ("Panel review", "")),
    }, status=409 if conflict else 400 if form.errors else 200)


@require_POST
def add_recommendation(request, case_ref: str):
    case = _case_or_404(request, case_ref, "add recommendation")
    if not scope.can_edit(request.user, case.footprint):
        raise PermissionDenied
    form = RecommendationForm(request.POST, prefix="rec")
    if form.is_valid():
        from firstyear.reviews.validation import financial_year

        try:
            actions.add_recommendation(by=request.user, footprint=case.footprint, case=case, text=form.cleaned_data["text"],
                                       owner=form.cleaned_data["owner"], due_on=form.cleaned_data["due_on"],
                                       financial_year_label=financial_year(case.panel_reviewed_on or case.notified_on),
                                       expected_revision=form.cleaned_data["revision"])
        except actions.EditConflict as exc:
            form = _refused(exc, lambda d: RecommendationForm(d, prefix="rec"), request.POST, "rec-revision")
            return _case_page(request, _current(case), rec_form=form, posted_form=form, status=409,
                              what="add recommendation (changed by someone else)")
        except actions.CaseError as exc:
            _errors_to_form(form, exc)
        else:
            return redirect(reverse("reviews:case", args=[case.case_ref]) + f"?footprint={case.footprint.code}")
    return _case_page(request, case, rec_form=form, posted_form=form, status=400, what="add recommendation (errors)")


@require_POST
def track_recommendation(request, pk: int):
    rec = get_object_or_404(Recommendation.objects.select_related("footprint", "case"), pk=pk)
    if not scope.can_edit(request.user, rec.footprint):
        raise Http404
    action = actions.track_in_plan(by=request.user, recommendation=rec)
    return redirect("plans:action", pk=action.pk)


@require_POST
def recommendation_status(request, pk: int):
    rec = get_object_or_404(Recommendation.objects.select_related("footprint", "case"), pk=pk)
    if not scope.can_edit(request.user, rec.footprint):
        raise Http404
    form = RecommendationStatusForm(request.POST, auto_id=f"rec-{rec.pk}-%s")
    if form.is_valid():
        try:
            actions.set_recommendation_status(by=request.user, recommendation=rec, status=form.cleaned_data["status"],
                                              expected_revision=form.cleaned_data["revision"])
        except actions.EditConflict as exc:
            # Only a recommendation made from a case has a revision to be stale: show that case again.
            form = _refused(exc, lambda d: RecommendationStatusForm(d, auto_id=f"rec-{rec.pk}-%s"), request.POST)
            return _case_page(request, _current(rec.case), posted_form=form, status=409,
                              posted_status={rec.pk: form.data.get("status")},
                              what="recommendation status (changed by someone else)")
    elif rec.case_id is not None:
        return _case_page(request, rec.case, posted_form=form, status=400, what="recommendation status (errors)")
    target = request.POST.get("next", "")
    from django.utils.http import url_has_allowed_host_and_scheme

    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("reviews:cases")
    return redirect(target)


def case_export(request, case_ref: str):
    case = _case_or_404(request, case_ref, "case export")
    if not scope.can_export(request.user, case.footprint):
        raise PermissionDenied
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        identifiable = scope.can_identify(request.user, case.footprint)
        actions.record_export(by=request.user, footprint=case.footprint, reason=form.cleaned_data["reason"],
                              fmt="json", case_refs=[case.case_ref], identifiable=identifiable, case=case)
        body = json.dumps(queries.case_export(case, identifiable=identifiable), indent=2, default=str)
        response = HttpResponse(body, content_type="application/json")
        response["Content-Disposition"] = f'attachment; filename="case-{case.footprint.code}-{case.case_ref}.json"'
        return response
    return render(request, "reviews/export.html", {"form": form, "case": case, "what": f"case {case.case_ref}",
                                                   "breadcrumbs": _crumbs((case.case_ref, reverse("reviews:case", args=[case.case_ref])), ("Export", ""))},
                  status=400 if form.errors else 200)


def list_export(request):
    footprint = get_object_or_404(Area, code=request.GET.get("footprint", ""), kind="cdop")
    if not scope.can_view_case(request.user, footprint):
        raise Http404
    if not scope.can_export(request.user, footprint):
        raise PermissionDenied
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        identifiable = scope.can_identify(request.user, footprint)
        columns, rows, refs = queries.export_rows(footprint, identifiable=identifiable)
        actions.record_export(by=request.user, footprint=footprint, reason=form.cleaned_data["reason"],
                              fmt=form.cleaned_data["format"], case_refs=refs, identifiable=identifiable)
        if form.cleaned_data["format"] == "json":
            body = json.dumps([dict(zip(columns, r, strict=True)) for r in rows], indent=2, default=str)
            response = HttpResponse(body, content_type="application/json")
            response["Content-Disposition"] = f'attachment; filename="cases-{footprint.code}.json"'
            return response
        return table_response(columns, rows, filename=f"cases-{footprint.code}", fmt="csv")
    return render(request, "reviews/export.html", {"form": form, "footprint": footprint,
                                                   "what": f"all cases of {footprint.name}",
                                                   "breadcrumbs": _crumbs(("Export", ""))},
                  status=400 if form.errors else 200)


def import_template(request, fmt: str):
    if not scope.viewable_footprints(request.user):
        raise PermissionDenied
    response = HttpResponse(template_bytes(fmt), content_type="text/csv" if fmt == "csv" else
                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="child-death-review-import-template.{fmt}"'
    return response


def agenda(request):
    footprints = scope.viewable_footprints(request.user)
    if not footprints:
        raise PermissionDenied
    footprint = next((f for f in footprints if f.code == request.GET.get("footprint")), footprints[0])
    dates = queries.panel_dates(footprint)
    chosen = request.GET.get("date") or (dates[0].isoformat() if dates else "")
    items = queries.agenda_items(footprint, chosen) if chosen else []
    for item in items:
        actions.record_case_view(by=request.user, case=item["case"], identifiable=False, what="panel agenda")
    if request.GET.get("format") in ("pdf", "docx"):
        record(by=request.user, action=AuditAction.REPORT_GENERATED, object_type="agenda", object_ref=chosen,
               area_code=footprint.code, detail={"format": request.GET["format"], "cases": len(items)})
        return document_response(queries.agenda_document(footprint, chosen, items), request.GET["format"])
    return render(request, "reviews/agenda.html", {"footprint": footprint, "footprints": footprints, "dates": dates,
                                                   "chosen": chosen, "items": items,
                                                   "breadcrumbs": _crumbs(("Panel agenda", ""))})


def _year(slug: str) -> str:
    return slug.replace("-", "/")


def report_page(request, code: str, year: str):
    area = get_object_or_404(Area, code=code.upper())
    edition = request.GET.get("edition", "public")
    if edition not in report.EDITIONS:
        raise Http404
    return _report_page(request, area, year, edition, fmt=request.GET.get("format"))


def _can_edit_narrative(user, area: Area) -> bool:
    footprints = scope.footprints_in(area)
    return bool(footprints) and all(scope.can_edit(user, f) for f in footprints)


def _report_page(request, area: Area, year: str, edition: str, *, fmt=None, narrative_form=None, status=200):
    """The report page (or a download). ``narrative_form``: the text form sent back after a refused save."""
    if not scope.can_view_report(request.user, area, edition):
        raise PermissionDenied
    try:
        data = report.build(area, _year(year), edition)
    except ValueError:
        raise Http404 from None
    record(by=request.user, action=AuditAction.REPORT_GENERATED, object_type="report", object_ref=f"{area.code} {data.year}",
           area_code=area.code, detail={"edition": edition, "format": fmt or "page"})
    if fmt == "json":
        response = HttpResponse(json.dumps(report.json_report(data), indent=2), content_type="application/json")
        response["Content-Disposition"] = f'attachment; filename="cdop-{area.code}-{year}-{edition}.json"'
        return response
    doc = report.document(data)
    if fmt in ("html", "pdf", "docx"):
        return document_response(doc, fmt)
    if narrative_form is None and _can_edit_narrative(request.user, area):
        revisions = actions.narrative_revisions(area, _year(year))
        narrative_form = NarrativeForm(initial={**data.narrative, **{f"{k}_revision": v for k, v in revisions.items()}})
    from firstyear.reports.render import to_html

    return render(request, "reviews/report.html", {
        "area": area, "data": data, "doc_html": to_html(doc, standalone=False), "edition": edition, "year_slug": year,
        "can_restricted": scope.can_view_report(request.user, area, "restricted"),
        "narrative_form": narrative_form,
        "breadcrumbs": _crumbs(("Annual reports", reverse("reviews:reports")), (f"{area.name} {data.year}", "")),
    }, status=status)


@require_POST
def report_narrative(request, code: str, year: str):
    area = get_object_or_404(Area, code=code.upper())
    if not _can_edit_narrative(request.user, area):
        raise PermissionDenied
    form = NarrativeForm(request.POST)
    edition = "restricted" if scope.can_view_report(request.user, area, "restricted") else "public"
    if not form.is_valid():
        return _report_page(request, area, year, edition, narrative_form=form, status=400)
    try:
        actions.save_narratives(by=request.user, scope=area, financial_year_label=_year(year),
                                texts={key: form.cleaned_data[key] for key in form.KEYS},
                                expected_revisions=form.expected_revisions())
    except actions.EditConflict as exc:
        data = request.POST.copy()
        for key, revision in exc.current_revision.items():
            data[f"{key}_revision"] = str(revision)
        form = NarrativeForm(data)
        form.is_valid()
        form.add_error(None, exc.message())
        return _report_page(request, area, year, edition, narrative_form=form, status=409)
    return redirect(reverse("reviews:report", args=[area.code, year]) + f"?edition={edition}")


def reports_index(request):
    options = queries.report_scopes(request.user)
    if not options:
        raise PermissionDenied
    return render(request, "reviews/reports.html", {"options": options, "breadcrumbs": _crumbs(("Annual reports", ""))})


def audit_log(request, code: str):
    footprint = get_object_or_404(Area, code=code.upper(), kind="cdop")
    if not has_permission(request.user, Permission.VIEW_AUDIT_LOG, area=footprint):
        raise PermissionDenied
    events = events_for(footprint, action=request.GET.get("action") or None, limit=500)
    record(by=request.user, action=AuditAction.AUDIT_LOG_VIEWED, object_type="audit_log", object_ref=footprint.code,
           area_code=footprint.code)
    return render(request, "reviews/audit.html", {"footprint": footprint, "events": events,
                                                  "breadcrumbs": _crumbs(("Audit log", ""))})


RECORD_PAGES = {
    "carer": ("Add a parent or carer", CarerForm),
    "agency": ("Request an agency report", AgencyRequestForm),
    "return": ("Record an agency report returned", AgencyReturnForm),
    "external": ("External processes", ExternalForm),
    "jar": ("Joint agency response", JarForm),
}


def case_record(request, case_ref: str, what: str):
    """Small one-thing-per-page forms: carers, agency requests and returns, external processes,
    the joint agency response. Each writes through one action."""
    if what not in RECORD_PAGES:
        raise Http404
    case = _case_or_404(request, case_ref, f"record {what}")
    if not scope.can_edit(request.user, case.footprint):
        raise PermissionDenied
    title, form_class = RECORD_PAGES[what]

    def options(case, stale: bool = False) -> dict:
        """The reports still awaited. From a page that is out of date, any of the case's reports:
        the action then refuses the save as a conflict, rather than the form as "not a choice"."""
        if what != "return":
            return {}
        requests = list(case.agency_requests.all())
        return {"requests": requests if stale else [r for r in requests if r.returned_on is None]}

    stale = request.method == "POST" and request.POST.get("revision") != str(case.revision)
    kwargs = options(case, stale)
    if what == "return" and not kwargs["requests"]:
        raise Http404
    initial = {"revision": case.revision}
    if what == "external":
        initial["awaiting"] = [n for n in ("post_mortem", "inquest", "criminal", "safeguarding_review")
                               if getattr(case, f"awaiting_{n}")]
    form = form_class(request.POST or None, initial=initial, **kwargs)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        expected = data["revision"]
        try:
            if what == "carer":
                actions.add_carer(by=request.user, case=case, relationship=data["relationship"],
                                  details_status=data["details_status"], name=data["name"], age_years=data["age_years"],
                                  ethnic_group=data["ethnic_group"], lives_with_child=data["lives_with_child"],
                                  expected_revision=expected)
            elif what == "agency":
                actions.request_agency_report(by=request.user, case=case, agency=data["agency"],
                                              requested_on=data["requested_on"], due_on=data["due_on"],
                                              expected_revision=expected)
            elif what == "return":
                chosen = case.agency_requests.get(pk=int(data["request"]))
                actions.record_agency_return(by=request.user, request=chosen, returned_on=data["returned_on"],
                                             expected_revision=expected)
            elif what == "external":
                flags = set(data["awaiting"])
                actions.set_external_processes(by=request.user, case=case, post_mortem="post_mortem" in flags,
                                               inquest="inquest" in flags, criminal="criminal" in flags,
                                               safeguarding_review="safeguarding_review" in flags,
                                               expected_revision=expected)
            else:
                actions.start_joint_agency_response(by=request.user, case=case, on=data["on"], lead=data["lead"],
                                                    note=data["note"], expected_revision=expected)
            return redirect(reverse("reviews:case", args=[case.case_ref]) + f"?footprint={case.footprint.code}")
        except actions.EditConflict as exc:
            conflict = exc
            case = _current(case)
            current = options(case)
            form = _refused(exc, lambda d: form_class(d, **current), request.POST)
        except actions.CaseError as exc:
            _errors_to_form(form, exc)
    actions.record_case_view(by=request.user, case=case, identifiable=False, what=f"record {what} form")
    return render(request, "reviews/case_form.html", {
        "case": case, "form": form, "title": title, "conflict": conflict,
        "breadcrumbs": _crumbs((case.case_ref, reverse("reviews:case", args=[case.case_ref]) + f"?footprint={case.footprint.code}"),
                               (title, "")),
    }, status=409 if conflict else 400 if form.errors else 200)


def code_lists(request):
    """The definitions panels score against, for every published version (newest first)."""
    if not scope.viewable_footprints(request.user) and not has_permission(request.user, Permission.VIEW_REVIEW_AGGREGATES):
        raise PermissionDenied
    versions = list(CodeListVersion.objects.prefetch_related("categories", "factors", "domains").order_by("-number"))
    chosen = next((v for v in versions if str(v.number) == request.GET.get("version")), versions[0] if versions else None)
    if chosen is None:
        chosen = CodeListVersion.current()
        versions = [chosen]
    return render(request, "reviews/code_lists.html", {"versions": versions, "version": chosen,
                                                       "breadcrumbs": _crumbs(("Code lists", ""))})
