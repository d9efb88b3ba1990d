"""Plans out: JSON (for other systems), XLSX (a flat table the importer reads back) and DOCX."""

from __future__ import annotations

import io
import json

from django.db.models import Prefetch

from firstyear.plans.constants import FACTORS, Status
from firstyear.plans.models import Action, Objective, Plan, Priority
from firstyear.reports.document import Document, Paragraph, Table

XLSX_COLUMNS = ["Priority no.", "Priority", "Objective no.", "Objective", "Rationale", "Action no.", "Action", "Lead",
                "Lead organisation", "Partners", "Outcome", "Reporting", "Deep dive", "Due", "Status",
                "Modifiable factors", "Indicators"]


def _tree(plans):
    actions = Action.objects.order_by("order", "pk").prefetch_related("factors", "indicators")
    objectives = Objective.objects.order_by("order", "pk").prefetch_related(Prefetch("actions", queryset=actions))
    priorities = Priority.objects.order_by("order", "pk").prefetch_related(Prefetch("objectives", queryset=objectives))
    return Plan.objects.filter(pk__in=[p.pk for p in plans]).select_related("owner").order_by("title").prefetch_related(
        Prefetch("priorities", queryset=priorities))


def plan_dict(plan: Plan) -> dict:
    return {
        "title": plan.title,
        "locality": plan.owner.code,
        "version": plan.version_label,
        "boards": plan.boards,
        "priorities": [{
            "ref": p.ref,
            "title": p.title,
            "objectives": [{
                "ref": o.ref,
                "title": o.title,
                "rationale": o.rationale,
                "actions": [{
                    "ref": a.ref,
                    "description": a.description,
                    "lead": a.lead,
                    "partners": a.partners,
                    "outcome": a.outcome,
                    "reporting": a.reporting,
                    "deep_dive": a.deep_dive.iso(),
                    "due": a.due.iso(),
                    "status": a.status,
                    "factors": [f.code for f in a.factors.all()],
                    "indicators": sorted(i.slug for i in a.indicators.all()),
                } for a in o.actions.all()],
            } for o in p.objectives.all()],
        } for p in plan.priorities.all()],
    }


def export_json(plans) -> bytes:
    return json.dumps({"plans": [plan_dict(p) for p in _tree(plans)]}, indent=2, ensure_ascii=False).encode("utf-8")


def export_xlsx(plans) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from firstyear.web.downloads import _safe_cell

    wb = Workbook()
    wb.remove(wb.active)
    for plan in _tree(plans):
        ws = wb.create_sheet(plan.title[:31].replace("/", "-").replace(":", " ") or "Plan")
        ws.append(XLSX_COLUMNS)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for p in plan.priorities.all():
            for o in p.objectives.all():
                for a in o.actions.all():
                    ws.append([_safe_cell(v) for v in (
                        p.ref, p.title, o.ref, o.title, o.rationale, a.ref, a.description, a.lead, a.lead_organisation,
                        a.partners, a.outcome, a.reporting, a.deep_dive.text or a.deep_dive.iso(),
                        a.due.text or a.due.iso(), Status(a.status).label,
                        ", ".join(FACTORS[f.code] for f in a.factors.all() if f.code in FACTORS),
                        ", ".join(sorted(i.slug for i in a.indicators.all())))])
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                cell.number_format = "@"
        for letter, width in zip("ABCDEFGHIJKLMNOPQ", (8, 30, 8, 30, 40, 8, 50, 25, 20, 25, 35, 20, 14, 14, 12, 25, 20),
                                 strict=True):
            ws.column_dimensions[letter].width = width
        ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def export_document(plans) -> Document:
    plans = list(_tree(plans))
    doc = Document(title="Infant mortality action plan" + ("s" if len(plans) > 1 else ""),
                   subtitle="; ".join(f"{p.title} ({p.owner.name})" for p in plans))
    for plan in plans:
        if len(plans) > 1:
            doc.section(plan.title, Paragraph(plan.period_label or ""), level=2)
        for p in plan.priorities.all():
            rows = []
            for o in p.objectives.all():
                for a in o.actions.all():
                    ref = " ".join(x for x in (o.ref, a.ref and f"({a.ref})") if x)
                    rows.append((ref or "-", o.title if a.order == 1 else "", a.description, a.lead or "-",
                                 a.outcome or "-", a.reporting or "-", a.deep_dive.display() or "-",
                                 a.due.display() or "-", Status(a.status).label))
            doc.section(p.label, Table(p.label, ("No.", "Issue", "Action", "Lead", "Outcome", "Reporting", "Deep dive",
                                                 "Due", "Status"), tuple(rows)), level=3 if len(plans) > 1 else 2)
    return doc


def export_docx(plans) -> bytes:
    from firstyear.reports.render import document_bytes

    return document_bytes(export_document(plans), "docx")


def export_bytes(plans, fmt: str) -> bytes:
    if fmt == "json":
        return export_json(plans)
    if fmt == "xlsx":
        return export_xlsx(plans)
    if fmt == "docx":
        return export_docx(plans)
    raise ValueError(f"Unknown export format {fmt!r}: use json, xlsx or docx.")
