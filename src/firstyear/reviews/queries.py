"""Reads for the pages: the case list (decrypting only the rows shown), the case views
(identifiable or pseudonymised), exports, panel agendas. No writes here."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from firstyear.reports.document import Document, Paragraph, Table
from firstyear.reviews import crypto, scope
from firstyear.reviews.actions import decrypt_identifiers, review_text
from firstyear.reviews.models import OPEN_STATES, Case, Expected, State
from firstyear.reviews.validation import AGE_BANDS, add_months

AGE_OF_CASE = [("", "Any"), ("lt3", "Under 3 months"), ("3to6", "3 to 6 months"), ("6to12", "6 to 12 months"),
               ("gt12", "Over 12 months")]
AGE_BAND_LABELS = dict(AGE_BANDS)


def overdue_months() -> int:
    """A case open this many months after notification without a panel date is overdue
    (``FIRSTYEAR_REVIEW_OVERDUE_MONTHS``, default 6)."""
    try:
        return int(os.environ.get("FIRSTYEAR_REVIEW_OVERDUE_MONTHS", "6"))
    except ValueError:
        return 6


@dataclass
class CaseFilters:
    footprint: str = ""
    state: str = ""
    age: str = ""
    overdue: bool = False
    post_mortem: bool = False
    ref: str = ""

    @classmethod
    def from_query(cls, query, footprints) -> CaseFilters:
        codes = {f.code for f in footprints}
        return cls(footprint=query.get("footprint") if query.get("footprint") in codes else "",
                   state=query.get("state") if query.get("state") in State.values + ["open"] else "",
                   age=query.get("age") if query.get("age") in dict(AGE_OF_CASE) else "",
                   overdue=query.get("overdue") == "1", post_mortem=query.get("post_mortem") == "1",
                   ref=(query.get("ref") or "").strip()[:40])

    def audit(self) -> dict:
        """What the audit log keeps: filters, never search text (it may be a name)."""
        return {"footprint": self.footprint, "state": self.state, "age": self.age, "overdue": self.overdue,
                "post_mortem": self.post_mortem, "searched_ref": bool(self.ref)}


def filtered_cases(footprints, f: CaseFilters, today: dt.date | None = None, identify=()):
    """Cases matching the filters. ``identify``: footprints where the user may identify; there a
    10-digit search also matches the NHS number (through its keyed hash, nothing decrypted)."""
    today = today or timezone.localdate()
    qs = Case.objects.filter(footprint__in=[x for x in footprints if not f.footprint or x.code == f.footprint])
    if f.state == "open":
        qs = qs.filter(state__in=OPEN_STATES)
    elif f.state:
        qs = qs.filter(state=f.state)
    bounds = {"lt3": (3, 0), "3to6": (6, 3), "6to12": (12, 6), "gt12": (None, 12)}
    if f.age:
        older, newer = bounds[f.age]
        qs = qs.filter(state__in=OPEN_STATES, notified_on__lte=add_months(today, -newer))
        if older is not None:
            qs = qs.filter(notified_on__gt=add_months(today, -older))
    if f.overdue:
        qs = qs.filter(state__in=OPEN_STATES, panel_date__isnull=True,
                       notified_on__lte=add_months(today, -overdue_months()))
    if f.post_mortem:
        qs = qs.filter(state__in=OPEN_STATES, awaiting_post_mortem=True)
    if f.ref:
        match = Q(case_ref__icontains=f.ref)
        digits = "".join(ch for ch in f.ref if ch.isdigit())
        if len(digits) == 10 and identify:
            match |= Q(nhs_number_index=crypto.blind_index(digits), footprint__in=list(identify))
        qs = qs.filter(match)
    return qs.select_related("footprint").order_by("-notified_on", "case_ref").only(
        "case_ref", "state", "footprint__code", "footprint__name", "notified_on", "age_at_death_days", "age_band",
        "death_year", "death_month", "expected", "panel_date", "awaiting_post_mortem", "identifiers", "synthetic",
        "days_to_notification", "closed_on", "panel_reviewed_on")


def _is_overdue(case: Case, today: dt.date) -> bool:
    return (case.state in OPEN_STATES and case.panel_date is None
            and case.notified_on <= add_months(today, -overdue_months()))


def list_rows(user, cases: list[Case], today: dt.date | None = None) -> list[dict]:
    """The page's rows; names decrypted only for footprints where the user may identify."""
    today = today or timezone.localdate()
    identify = {}
    rows = []
    for c in cases:
        if c.footprint_id not in identify:
            identify[c.footprint_id] = scope.can_identify(user, c.footprint)
        name = ""
        if identify[c.footprint_id]:
            ids = crypto.decrypt(c.identifiers)
            name = " ".join(x for x in (ids.get("given_name"), ids.get("family_name")) if x) or "Name not recorded"
        end = c.closed_on or today
        rows.append({
            "case": c, "name": name, "state": State(c.state).label, "overdue": _is_overdue(c, today),
            "age_at_death": _age_text(c.age_at_death_days), "death_month": dt.date(c.death_year, c.death_month, 1),
            "days_open": (end - c.notified_on).days, "synthetic": c.synthetic,
            "url_query": f"?footprint={c.footprint.code}",
        })
    return rows


def _age_text(days: int) -> str:
    if days < 28:
        return f"{days} day{'s' if days != 1 else ''}"
    if days < 365:
        return f"{days // 7} weeks"
    years = int(days / 365.25)
    return f"{years} year{'s' if years != 1 else ''}"


def case_view(case: Case, *, identifiable: bool) -> dict:
    """What the case page shows. The pseudonymised view has no name, NHS number, address,
    postcode, LSOA or exact dates of birth and death: month of death and intervals only."""
    ids = decrypt_identifiers(case) if identifiable else {}
    text = review_text(case)
    summary = []
    if identifiable:
        summary += [
            {"key": "Name", "value": " ".join(x for x in (ids.get("given_name"), ids.get("family_name")) if x)},
            {"key": "NHS number", "value": _nhs(ids.get("nhs_number", "")) or case.get_nhs_number_missing_reason_display()},
            {"key": "Date of birth", "value": _long(ids.get("date_of_birth"))},
            {"key": "Date of death", "value": _long(ids.get("date_of_death"))},
            {"key": "Address", "value": ", ".join(x for x in (ids.get("address"), ids.get("postcode")) if x)},
            {"key": "LSOA of residence", "value": ids.get("lsoa_code", "")},
        ]
    summary += [
        {"key": "Month of death", "value": dt.date(case.death_year, case.death_month, 1).strftime("%B %Y")},
        {"key": "Age at death", "value": f"{_age_text(case.age_at_death_days)} ({AGE_BAND_LABELS[case.age_band].lower()})"},
        {"key": "Sex", "value": case.get_sex_display()},
        {"key": "Ethnic group", "value": case.get_ethnic_group_display()},
        {"key": "Local authority of residence", "value": case.residence_la.name},
        {"key": "Deprivation quintile", "value": f"{case.deprivation_quintile} of 5 (1 is most deprived; {case.imd_edition})"
         if case.deprivation_quintile else ""},
        {"key": "Gestation", "value": f"{case.gestation_weeks} weeks" if case.gestation_weeks else ""},
        {"key": "Birthweight", "value": f"{case.birthweight_g:,} g" if case.birthweight_g else ""},
        {"key": "Mother's age at the birth", "value": case.maternal_age or ""},
        {"key": "Expected or unexpected", "value": case.get_expected_display()},
        {"key": "Place of death", "value": case.get_place_of_death_display()},
    ]
    timeliness = [
        {"key": "Notified", "value": (_long(case.notified_on.isoformat()) + ", " if identifiable else "")
         + f"{case.days_to_notification} day{'s' if case.days_to_notification != 1 else ''} after the death"},
        {"key": "Joint agency response", "value": (f"Started {case.jar_started_on:%-d %B %Y}, lead: {case.jar_lead}"
                                                   if case.jar_started_on else
                                                   ("Not started" if case.expected == Expected.UNEXPECTED else "Not needed: expected death"))},
        {"key": "Awaiting", "value": ", ".join(n for n, v in (("post-mortem", case.awaiting_post_mortem),
                                                             ("inquest", case.awaiting_inquest),
                                                             ("criminal process", case.awaiting_criminal),
                                                             ("safeguarding practice review", case.awaiting_safeguarding_review)) if v) or "Nothing"},
        {"key": "Panel meeting", "value": f"{case.panel_date:%-d %B %Y}" if case.panel_date else ""},
        {"key": "Death to panel review", "value": f"{case.days_to_review} days" if case.days_to_review is not None else ""},
        {"key": "Death to closure", "value": f"{case.days_to_closure} days" if case.days_to_closure is not None else ""},
    ]
    factors = []
    if case.codelist_version_id:
        notes = text.get("factor_notes", {})
        for f in case.codelist_version.factors.all():
            level = case.factor_levels.get(f.code)
            factors.append({"factor": f, "level": level, "note": notes.get(f.code, "")})
    carers = [{"carer": c, "name": crypto.decrypt(c.identifiers).get("name", "") if identifiable else ""}
              for c in case.carers.all()]
    return {
        "summary": summary, "timeliness": timeliness, "factors": factors, "carers": carers,
        "transitions": [{"t": t, "state": State(t.to_state).label, "on": t.on if identifiable else None}
                        for t in case.transitions.all()],
        "agency_requests": list(case.agency_requests.all()),
        "awaited_returns": any(r.returned_on is None for r in case.agency_requests.all()), "learning_points": text.get("learning_points", ""),
        "jar_note": text.get("jar_note", ""), "recommendations": list(case.recommendations.all()),
    }


def _nhs(number: str) -> str:
    return f"{number[:3]} {number[3:6]} {number[6:]}" if len(number) == 10 else number


def _long(iso: str | None) -> str:
    return dt.date.fromisoformat(iso).strftime("%-d %B %Y") if iso else ""


def case_export(case: Case, *, identifiable: bool) -> dict:
    view = case_view(case, identifiable=identifiable)
    return {
        "footprint": case.footprint.code, "case_ref": case.case_ref, "state": case.state, "synthetic": case.synthetic,
        "details": {r["key"]: r["value"] for r in view["summary"]},
        "timeliness": {r["key"]: r["value"] for r in view["timeliness"]},
        "category": case.category.code if case.category else None, "modifiable": case.modifiable or None,
        "codelist_version": case.codelist_version.number if case.codelist_version else None,
        "factor_levels": case.factor_levels, "learning_points": view["learning_points"],
    }


EXPORT_COLUMNS = ["case_ref", "state", "synthetic", "month_of_death", "age_at_death_days", "sex", "ethnic_group",
                  "residence_la_code", "deprivation_quintile", "expected", "days_to_notification", "days_to_review",
                  "category", "modifiable"]
IDENTIFIABLE_COLUMNS = ["given_name", "family_name", "nhs_number", "date_of_birth", "date_of_death", "postcode"]


def export_rows(footprint, *, identifiable: bool):
    cases = Case.objects.filter(footprint=footprint).select_related("residence_la", "category").order_by("case_ref")
    columns = EXPORT_COLUMNS + (IDENTIFIABLE_COLUMNS if identifiable else [])
    rows, refs = [], []
    for c in cases:
        row = [c.case_ref, c.state, c.synthetic, f"{c.death_year}-{c.death_month:02d}", c.age_at_death_days, c.sex,
               c.ethnic_group, c.residence_la.code, c.deprivation_quintile, c.expected, c.days_to_notification,
               c.days_to_review, c.category.code if c.category else "", c.modifiable]
        if identifiable:
            ids = crypto.decrypt(c.identifiers)
            row += [ids.get(k, "") for k in IDENTIFIABLE_COLUMNS]
        rows.append(row)
        refs.append(c.case_ref)
    return columns, rows, refs


def panel_dates(footprint) -> list[dt.date]:
    return list(Case.objects.filter(footprint=footprint, state=State.PANEL_SCHEDULED, panel_date__isnull=False)
                .values_list("panel_date", flat=True).distinct().order_by("panel_date"))


def agenda_items(footprint, date_text: str) -> list[dict]:
    try:
        day = dt.date.fromisoformat(date_text)
    except ValueError:
        return []
    cases = (Case.objects.filter(footprint=footprint, state=State.PANEL_SCHEDULED, panel_date=day)
             .select_related("footprint", "residence_la").order_by("notified_on"))
    out = []
    for n, c in enumerate(cases, start=1):
        returns = list(c.agency_requests.all())
        out.append({"n": n, "case": c, "age": _age_text(c.age_at_death_days),
                    "month": dt.date(c.death_year, c.death_month, 1).strftime("%B %Y"),
                    "expected": c.get_expected_display(), "days_open": (day - c.notified_on).days,
                    "returns": f"{sum(r.returned_on is not None for r in returns)} of {len(returns)}",
                    "awaiting": ", ".join(n for n, v in (("post-mortem", c.awaiting_post_mortem), ("inquest", c.awaiting_inquest)) if v)})
    return out


def agenda_document(footprint, date_text: str, items: list[dict]) -> Document:
    day = dt.date.fromisoformat(date_text)
    doc = Document(title=f"{footprint.name}: panel meeting agenda", subtitle=f"{day:%-d %B %Y}",
                   marking="RESTRICTED: panel members only (pseudonymised)" + (
                       " SYNTHETIC DATA" if any(i["case"].synthetic for i in items) else ""))
    doc.section("Cases for review", Table(
        "Cases scheduled for this meeting", ("Item", "Case", "Age at death", "Month of death", "Expected",
                                             "Days since notification", "Agency returns", "Awaiting"),
        tuple((i["n"], i["case"].case_ref, i["age"], i["month"], i["expected"], i["days_open"], i["returns"],
               i["awaiting"] or "Nothing") for i in items), numeric=(0, 5)),
        Paragraph("For each case the panel agrees the category of death, scores every factor 0, 1 or 2, "
                  "records learning points and any recommendations."))
    return doc


def report_scopes(user) -> list[dict]:
    """Scopes and years the user may open a report for."""
    from firstyear.areas.models import Area, AreaKind

    out = []
    footprints = list(Area.objects.filter(kind=AreaKind.CDOP).order_by("name"))
    regions = list(Area.objects.filter(kind=AreaKind.REGION, valid_to__isnull=True).order_by("name"))
    years = sorted({y for y in Case.objects.exclude(closed_fy="").values_list("closed_fy", flat=True).distinct()},
                   reverse=True)
    for area in footprints + regions:
        if not scope.footprints_in(area) or not Case.objects.filter(Q(footprint__in=scope.footprints_in(area))).exists():
            continue
        if scope.can_view_report(user, area, "public"):
            out.append({"area": area, "years": years, "restricted": scope.can_view_report(user, area, "restricted")})
    return out
