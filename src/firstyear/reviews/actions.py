"""Every write to the child death review register: keyword-only arguments, ``by=`` the acting
user, one transaction, the audit event written in it. Audit details never hold identifiers.

No one silently overwrites anyone: every change to a case or its children (carers, agency
requests and returns, transitions, the panel review, recommendations) adds one to
``Case.revision`` under a row lock, and the audit event records the new revision. Writes made from
a form pass the ``expected_revision`` the form was loaded with; if the case has moved on,
:class:`EditConflict` is raised, nothing is written, and it says who changed what and when (field
names only, never values). Imports, the demo loader and commands pass no revision (no check).
Report narratives work the same way, per text (``ReportNarrative.revision``).

Reads of case records are audited here too (``record_case_view`` and friends), so that views,
commands and tests all leave the same trail.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from firstyear.accounts.audit import AuditAction, actor_label, record
from firstyear.accounts.models import AuditEvent
from firstyear.areas.models import Area, AreaKind
from firstyear.reviews import crypto, deprivation
from firstyear.reviews.codelists import category_by_precedence, derive_modifiable
from firstyear.reviews.models import (
    OPEN_STATES,
    AgencyRequest,
    Carer,
    Case,
    CodeListVersion,
    DetailsStatus,
    EthnicGroup,
    Expected,
    NhsMissingReason,
    PlaceOfDeath,
    Recommendation,
    RecommendationStatus,
    Relationship,
    ReportNarrative,
    Sex,
    State,
    Transition,
)
from firstyear.reviews.scope import residence_codes
from firstyear.reviews.validation import (
    LSOA,
    POSTCODE,
    age_band,
    financial_year,
    nhs_number_problem,
    normalise_nhs_number,
)


class CaseError(ValueError):
    """A change that cannot be made. ``errors`` maps a field (import column) to the reason."""

    def __init__(self, errors: dict[str, str] | str):
        self.errors = errors if isinstance(errors, dict) else {"": errors}
        super().__init__("; ".join(f"{k}: {v}" if k else v for k, v in self.errors.items()))


@dataclass
class Change:
    """One change someone else made: who, when, and what (field names, states, agencies; no values)."""

    who: str
    when: dt.datetime
    what: str

    def sentence(self) -> str:
        local = timezone.localtime(self.when)
        return f"{self.who} at {local:%H:%M} on {local.day} {local:%B %Y}: {self.what}"


@dataclass
class EditConflict(Exception):
    """The case (or report text) was saved by someone else after the revision the form was loaded
    with; nothing was written. ``current_revision`` and ``expected_revision`` are numbers for a
    case, ``{key: revision}`` for report narratives."""

    current_revision: int | dict
    expected_revision: int | dict
    changes: list[Change] = field(default_factory=list)
    subject: str = "case"

    SHOWN = 5  # the latest changes named in the message; earlier ones are counted

    def message(self) -> str:
        what = "this case" if self.subject == "case" else "this report's text"
        check = ("Check the current details below, then save again." if self.subject == "case" else
                 "Check the current text in the report above, then save again.")
        if not self.changes:
            return f"Someone else changed {what} while you were editing. {check}"
        shown = self.changes[-self.SHOWN:]
        earlier = len(self.changes) - len(shown)
        listed = "; ".join(c.sentence() for c in shown)
        if earlier:
            listed = f"{earlier} earlier change{'s' if earlier > 1 else ''}, then " + listed
        return f"Someone else changed {what} while you were editing: {listed}. {check}"

    def __str__(self) -> str:
        return self.message()


# Workflow: state -> states it may move to (docs/child-death-review.md).
TRANSITIONS: dict[str, tuple[str, ...]] = {
    State.NOTIFIED: (State.INFORMATION_GATHERING,),
    State.INFORMATION_GATHERING: (State.AWAITING_EXTERNAL, State.LOCAL_REVIEW_HELD),
    State.AWAITING_EXTERNAL: (State.INFORMATION_GATHERING, State.LOCAL_REVIEW_HELD),
    State.LOCAL_REVIEW_HELD: (State.PANEL_SCHEDULED,),
    State.PANEL_SCHEDULED: (State.LOCAL_REVIEW_HELD,),  # deferred; panel_reviewed via record_panel_review
    State.PANEL_REVIEWED: (State.CLOSED,),
    State.CLOSED: (),
}

IDENTIFIER_FIELDS = ("given_name", "family_name", "nhs_number", "date_of_birth", "date_of_death",
                     "address", "postcode", "lsoa_code")
CLEAR_FIELDS = ("sex", "ethnic_group", "residence_la_code", "gestation_weeks", "birthweight_g",
                "maternal_age", "expected", "place_of_death", "notified_on", "nhs_number_missing_reason")


@dataclass
class CaseDetails:
    """What a notification records. Dates are ``datetime.date``; numbers ``int`` or None."""

    case_ref: str
    date_of_birth: dt.date
    date_of_death: dt.date
    sex: str
    ethnic_group: str
    residence_la_code: str
    expected: str
    notified_on: dt.date
    place_of_death: str = "unknown"
    nhs_number: str = ""
    nhs_number_missing_reason: str = ""
    given_name: str = ""
    family_name: str = ""
    address: str = ""
    postcode: str = ""
    lsoa_code: str = ""
    gestation_weeks: int | None = None
    birthweight_g: int | None = None
    maternal_age: int | None = None
    extra: dict = field(default_factory=dict)


RANGES = {"gestation_weeks": (22, 45), "birthweight_g": (200, 6500), "maternal_age": (11, 60)}
# Allowed codes as plain sets: checked once per imported row, so kept out of the enum machinery.
ALLOWED = {"sex": frozenset(Sex.values), "ethnic_group": frozenset(EthnicGroup.values),
           "expected": frozenset(Expected.values), "place_of_death": frozenset(PlaceOfDeath.values)}
NHS_MISSING = frozenset(NhsMissingReason.values)


def check_details(d: CaseDetails, *, allowed_residence: set[str], today: dt.date) -> dict[str, str]:
    """Every problem with ``d``, by field (the import column names). Empty when all is well."""
    errors: dict[str, str] = {}
    ref = (d.case_ref or "").strip()
    if not ref:
        errors["case_ref"] = "a case reference is required"
    elif len(ref) > 40 or not all(ch.isalnum() or ch in "-_/." for ch in ref):
        errors["case_ref"] = "use at most 40 letters, digits and - _ / ."
    if d.nhs_number:
        problem = nhs_number_problem(d.nhs_number)
        if problem:
            errors["nhs_number"] = problem
        elif d.nhs_number_missing_reason:
            errors["nhs_number_missing_reason"] = "leave blank when an NHS number is given"
    elif d.nhs_number_missing_reason not in NHS_MISSING:
        errors["nhs_number_missing_reason" if d.nhs_number_missing_reason else "nhs_number"] = (
            "give the NHS number, or say why it is missing: " + ", ".join(NhsMissingReason.values))
    if d.date_of_birth is None:
        errors["date_of_birth"] = "the date of birth is required"
    if d.date_of_death is None:
        errors["date_of_death"] = "the date of death is required"
    elif d.date_of_death > today:
        errors["date_of_death"] = "the date of death cannot be in the future"
    elif d.date_of_birth is not None and d.date_of_death < d.date_of_birth:
        errors["date_of_death"] = "the date of death cannot be before the date of birth"
    elif d.date_of_birth is not None and (d.date_of_death - d.date_of_birth).days >= 18 * 366:
        errors["date_of_death"] = "child death review covers children under 18"
    if d.notified_on is None:
        errors["notified_on"] = "the date of notification is required"
    elif d.notified_on > today:
        errors["notified_on"] = "the date of notification cannot be in the future"
    elif d.date_of_death is not None and d.notified_on < d.date_of_death:
        errors["notified_on"] = "the death cannot be notified before it happened"
    for name, allowed in ALLOWED.items():
        if getattr(d, name) not in allowed:
            errors[name] = "use one of " + ", ".join(sorted(allowed))
    code = (d.residence_la_code or "").strip().upper()
    if not code:
        errors["residence_la_code"] = "the local authority of residence is required"
    elif code not in allowed_residence:
        errors["residence_la_code"] = "not a local authority of this footprint"
    if d.lsoa_code and not LSOA.match(d.lsoa_code.strip().upper()):
        errors["lsoa_code"] = "an LSOA code is E01 followed by 6 digits"
    if d.postcode and not POSTCODE.match(d.postcode.strip().upper()):
        errors["postcode"] = "not a UK postcode"
    for name, (low, high) in RANGES.items():
        value = getattr(d, name)
        if value is not None and not low <= value <= high:
            errors[name] = f"must be from {low} to {high}, or blank if not known"
    return errors


def _derived(d: CaseDetails, footprint: Area) -> dict:
    age = (d.date_of_death - d.date_of_birth).days
    lsoa = (d.lsoa_code or "").strip().upper()
    return {
        "age_at_death_days": age,
        "age_band": age_band(age),
        "death_year": d.date_of_death.year,
        "death_month": d.date_of_death.month,
        "death_fy": financial_year(d.date_of_death),
        "notification_fy": financial_year(d.notified_on),
        "days_to_notification": (d.notified_on - d.date_of_death).days,
        "deprivation_quintile": deprivation.quintile(lsoa) if lsoa else None,
        "imd_edition": deprivation.IMD_EDITION if lsoa else "",
    }


def _identifiers(d: CaseDetails) -> dict:
    return {
        "given_name": d.given_name.strip(), "family_name": d.family_name.strip(),
        "nhs_number": normalise_nhs_number(d.nhs_number),
        "date_of_birth": d.date_of_birth.isoformat(), "date_of_death": d.date_of_death.isoformat(),
        "address": d.address.strip(), "postcode": d.postcode.strip().upper(),
        "lsoa_code": d.lsoa_code.strip().upper(),
    }


def build_case(d: CaseDetails, *, footprint: Area, residence_ids: dict[str, int], now, synthetic=False) -> Case:
    """An unsaved Case from checked details (shared by notify_case and the bulk importer)."""
    return Case(
        footprint=footprint, case_ref=d.case_ref.strip(), state=State.NOTIFIED, synthetic=synthetic,
        identifiers=crypto.encrypt(_identifiers(d)),
        nhs_number_index=crypto.blind_index(d.nhs_number) if d.nhs_number else "",
        nhs_number_missing_reason="" if d.nhs_number else d.nhs_number_missing_reason,
        sex=d.sex, ethnic_group=d.ethnic_group, residence_la_id=residence_ids[d.residence_la_code.strip().upper()],
        gestation_weeks=d.gestation_weeks, birthweight_g=d.birthweight_g, maternal_age=d.maternal_age,
        expected=d.expected, place_of_death=d.place_of_death or "unknown", notified_on=d.notified_on,
        created_at=now, updated_at=now, **_derived(d, footprint),
    )


def _footprint(footprint: Area | str) -> Area:
    if isinstance(footprint, Area):
        return footprint
    area = Area.objects.filter(code=str(footprint).strip().upper(), kind=AreaKind.CDOP).first()
    if area is None:
        raise CaseError({"footprint": f"no CDOP footprint with code {footprint!r} (see `firstyear areas list --kind cdop`)"})
    return area


def _audit(by, action, case: Case, reason: str = "", **detail):
    return record(by=by, action=action, object_type="case", object_ref=case.case_ref,
                  area_code=case.footprint.code, reason=reason, detail=detail)


# -- edit safety -------------------------------------------------------------------------------

# How a changed field is named in "someone else changed this case" (names only, never values).
FIELD_NAMES = {
    "case_ref": "case reference", "given_name": "first name", "family_name": "last name",
    "nhs_number": "NHS number", "nhs_number_missing_reason": "why there is no NHS number",
    "date_of_birth": "date of birth", "date_of_death": "date of death", "notified_on": "date notified",
    "sex": "sex", "ethnic_group": "ethnic group", "residence_la_code": "local authority of residence",
    "expected": "whether the death was expected", "place_of_death": "place of death", "address": "address",
    "postcode": "postcode", "lsoa_code": "LSOA", "gestation_weeks": "gestation", "birthweight_g": "birthweight",
    "maternal_age": "mother's age",
    "carers": "added a parent or carer", "agency_requests": "requested an agency report",
    "agency_returns": "recorded an agency report returned", "external_processes": "what the review is waiting for",
    "joint_agency_response": "joint agency response", "panel_review": "panel review",
}
NARRATIVE_NAMES = {"summary": "summary", "recommendations": "recommendations of the panel"}


def _describe_case_event(event: AuditEvent) -> str:
    from firstyear.reviews.models import Agency

    detail = event.detail
    if event.object_type == "panel_recommendation":
        if "status" in detail:
            before, after = detail["status"]
            return (f"recommendation status from {RecommendationStatus(before).label.lower()} "
                    f"to {RecommendationStatus(after).label.lower()}")
        return "added a recommendation"
    if "transition" in detail:
        before, after = detail["transition"]
        return f"moved the case from {State(before).label.lower()} to {State(after).label.lower()}"
    names = [FIELD_NAMES.get(name, name.replace("_", " ")) for name in detail.get("fields", [])]
    if detail.get("agency") in Agency.values:
        names = [f"{n} ({Agency(detail['agency']).label})" for n in names]
    return ", ".join(names) or "changed the case"


def _case_changes_since(case: Case, revision: int) -> list[Change]:
    """What others did to ``case`` after ``revision``, oldest first, from the audit log (every
    change records the revision it made). A case renamed meanwhile is followed to its old reference."""
    limit = max(case.revision - revision, 0) + 20
    events = []
    refs = [(case.case_ref, None)]
    seen = set()
    while refs:
        ref, until = refs.pop()
        if ref in seen:
            continue
        seen.add(ref)
        qs = AuditEvent.objects.filter(object_type="case", object_ref=ref, area_code=case.footprint.code,
                                       action=AuditAction.CASE_CHANGED)
        if until is not None:
            qs = qs.filter(at__lte=until)
        for event in qs.order_by("-at", "-id")[:limit]:
            made = event.detail.get("revision")
            if made is None or made <= revision:
                break
            events.append((made, event))
            if event.detail.get("renamed_from"):
                refs.append((event.detail["renamed_from"], event.at))
    recs = AuditEvent.objects.filter(object_type="panel_recommendation", area_code=case.footprint.code,
                                     action=AuditAction.PANEL_RECOMMENDATION_CHANGED,
                                     detail__case__in=sorted(seen)).order_by("-at", "-id")[:limit]
    events += [(e.detail["case_revision"], e) for e in recs if (e.detail.get("case_revision") or 0) > revision]
    events.sort(key=lambda pair: (pair[0], pair[1].at, pair[1].pk))
    return [Change(e.actor, e.at, _describe_case_event(e)) for _, e in events]


def _locked_case(case: Case, expected_revision: int | None) -> Case:
    """The case, locked for this transaction; :class:`EditConflict` if it has moved on from
    ``expected_revision`` (None: no check, for imports, the demo and commands)."""
    current = Case.objects.select_for_update(of=("self",)).select_related("footprint", "residence_la").get(pk=case.pk)
    if expected_revision is not None and current.revision != expected_revision:
        raise EditConflict(current.revision, expected_revision, _case_changes_since(current, expected_revision))
    return current


def _commit(by, case: Case, detail: dict, *, now=None, only_revision: bool = False) -> Case:
    """Save a changed case (or only its revision, when a child changed) one revision on, and audit it."""
    case.revision += 1
    case.updated_at = now or timezone.now()
    case.save(update_fields=["revision", "updated_at"] if only_revision else None)
    _audit(by, AuditAction.CASE_CHANGED, case, **detail, revision=case.revision)
    return case


def _transition(by, case: Case, to_state: str, on: dt.date, now) -> None:
    actor_id, actor = actor_label(by)
    Transition.objects.create(case=case, from_state=case.state if case.pk else "", to_state=to_state, on=on,
                              recorded_at=now, actor_id=actor_id, actor=actor)


@transaction.atomic
def notify_case(*, by, footprint: Area | str, details: CaseDetails, synthetic: bool = False,
                today: dt.date | None = None) -> Case:
    """Record a new death notification."""
    footprint = _footprint(footprint)
    now = timezone.now()
    today = today or timezone.localdate()
    allowed = residence_codes(footprint)
    errors = check_details(details, allowed_residence=allowed, today=today)
    if not errors.get("case_ref") and Case.objects.filter(footprint=footprint, case_ref=details.case_ref.strip()).exists():
        errors["case_ref"] = "this footprint already has a case with this reference"
    if details.nhs_number and "nhs_number" not in errors and Case.objects.filter(
            footprint=footprint, nhs_number_index=crypto.blind_index(details.nhs_number)).exists():
        errors["nhs_number"] = "a case with this NHS number is already on this footprint's register"
    if errors:
        raise CaseError(errors)
    residence = {a.code: a.pk for a in Area.objects.filter(code=details.residence_la_code.strip().upper())}
    case = build_case(details, footprint=footprint, residence_ids=residence, now=now, synthetic=synthetic)
    case.save()
    _transition(by, case, State.NOTIFIED, details.notified_on, now)
    _audit(by, AuditAction.CASE_CREATED, case, detail_kind="notification", revision=case.revision)
    return case


def decrypt_identifiers(case: Case) -> dict:
    return crypto.decrypt(case.identifiers)


def review_text(case: Case) -> dict:
    return crypto.decrypt(case.review_text) if case.review_text else {}


def details_of(case: Case) -> CaseDetails:
    ids = decrypt_identifiers(case)
    return CaseDetails(
        case_ref=case.case_ref, date_of_birth=dt.date.fromisoformat(ids["date_of_birth"]),
        date_of_death=dt.date.fromisoformat(ids["date_of_death"]), sex=case.sex, ethnic_group=case.ethnic_group,
        residence_la_code=case.residence_la.code, expected=case.expected, notified_on=case.notified_on,
        place_of_death=case.place_of_death, nhs_number=ids.get("nhs_number", ""),
        nhs_number_missing_reason=case.nhs_number_missing_reason, given_name=ids.get("given_name", ""),
        family_name=ids.get("family_name", ""), address=ids.get("address", ""), postcode=ids.get("postcode", ""),
        lsoa_code=ids.get("lsoa_code", ""), gestation_weeks=case.gestation_weeks,
        birthweight_g=case.birthweight_g, maternal_age=case.maternal_age,
    )


@transaction.atomic
def update_details(*, by, case: Case, changes: dict, today: dt.date | None = None,
                   expected_revision: int | None = None) -> Case:
    """Correct notification details; derived fields are recomputed. The audit names the fields
    changed, never their values."""
    case = _locked_case(case, expected_revision)
    old_ref = case.case_ref
    current = details_of(case)
    unknown = set(changes) - set(IDENTIFIER_FIELDS) - set(CLEAR_FIELDS) - {"case_ref"}
    if unknown:
        raise CaseError({k: "not a field that can be changed here" for k in unknown})
    changed = [k for k, v in changes.items() if getattr(current, k) != v]
    if not changed:
        return case
    for k in changed:
        setattr(current, k, changes[k])
    errors = check_details(current, allowed_residence=residence_codes(case.footprint),
                           today=today or timezone.localdate())
    if "nhs_number" in changed and current.nhs_number and "nhs_number" not in errors and Case.objects.filter(
            footprint=case.footprint, nhs_number_index=crypto.blind_index(current.nhs_number)).exclude(pk=case.pk).exists():
        errors["nhs_number"] = "a case with this NHS number is already on this footprint's register"
    if "case_ref" in changed and Case.objects.filter(footprint=case.footprint, case_ref=current.case_ref).exclude(pk=case.pk).exists():
        errors["case_ref"] = "this footprint already has a case with this reference"
    if errors:
        raise CaseError(errors)
    now = timezone.now()
    fresh = build_case(current, footprint=case.footprint,
                       residence_ids={current.residence_la_code.strip().upper(): Area.objects.get(
                           code=current.residence_la_code.strip().upper()).pk}, now=now)
    for name in ("case_ref", "identifiers", "nhs_number_index", "nhs_number_missing_reason", "sex", "ethnic_group",
                 "residence_la_id", "gestation_weeks", "birthweight_g", "maternal_age", "expected", "place_of_death",
                 "notified_on", "age_at_death_days", "age_band", "death_year", "death_month", "death_fy",
                 "notification_fy", "days_to_notification", "deprivation_quintile", "imd_edition"):
        setattr(case, name, getattr(fresh, name))
    _recompute_intervals(case)
    detail = {"fields": sorted(changed)}
    if case.case_ref != old_ref:
        detail["renamed_from"] = old_ref
    return _commit(by, case, detail, now=now)


def _date_of_death(case: Case) -> dt.date:
    return dt.date.fromisoformat(decrypt_identifiers(case)["date_of_death"])


def _recompute_intervals(case: Case) -> None:
    died = _date_of_death(case)
    case.days_to_review = (case.panel_reviewed_on - died).days if case.panel_reviewed_on else None
    case.days_to_closure = (case.closed_on - died).days if case.closed_on else None


@transaction.atomic
def move_case(*, by, case: Case, to_state: str, on: dt.date, panel_date: dt.date | None = None,
              expected_revision: int | None = None) -> Case:
    """Move a case along the workflow (dated, by whom). Reviewing happens in record_panel_review."""
    case = _locked_case(case, expected_revision)
    if to_state not in TRANSITIONS.get(case.state, ()):
        allowed = ", ".join(State(s).label.lower() for s in TRANSITIONS.get(case.state, ())) or "nothing"
        raise CaseError({"to_state": f"a case that is {State(case.state).label.lower()} can move to: {allowed}"})
    if on > timezone.localdate():
        raise CaseError({"on": "the date cannot be in the future"})
    if on < case.notified_on:
        raise CaseError({"on": "the date cannot be before the notification"})
    now = timezone.now()
    if to_state == State.PANEL_SCHEDULED:
        if panel_date is None:
            raise CaseError({"panel_date": "give the date of the panel meeting"})
        case.panel_date = panel_date
    if to_state == State.LOCAL_REVIEW_HELD and case.state != State.PANEL_SCHEDULED:
        case.local_review_on = on
    if to_state == State.LOCAL_REVIEW_HELD and case.state == State.PANEL_SCHEDULED:
        case.panel_date = None
    if to_state == State.CLOSED:
        if case.category_id is None or not case.modifiable:
            raise CaseError({"to_state": "record the panel's review before closing the case"})
        case.closed_on = on
        case.closed_fy = financial_year(on)
    _transition(by, case, to_state, on, now)
    before = case.state
    case.state = to_state
    _recompute_intervals(case)
    return _commit(by, case, {"transition": [before, to_state], "on": on.isoformat()}, now=now)


@transaction.atomic
def set_external_processes(*, by, case: Case, post_mortem: bool, inquest: bool, criminal: bool,
                           safeguarding_review: bool, expected_revision: int | None = None) -> Case:
    """What the review is waiting for. Saving what is already recorded changes nothing."""
    case = _locked_case(case, expected_revision)
    flags = (bool(post_mortem), bool(inquest), bool(criminal), bool(safeguarding_review))
    if flags == (case.awaiting_post_mortem, case.awaiting_inquest, case.awaiting_criminal,
                 case.awaiting_safeguarding_review):
        return case
    case.awaiting_post_mortem, case.awaiting_inquest, case.awaiting_criminal, case.awaiting_safeguarding_review = flags
    return _commit(by, case, {"fields": ["external_processes"], "awaiting": [
        n for n, v in zip(("post_mortem", "inquest", "criminal", "safeguarding_review"), flags, strict=True) if v]})


@transaction.atomic
def start_joint_agency_response(*, by, case: Case, on: dt.date, lead: str, note: str = "",
                                expected_revision: int | None = None) -> Case:
    """Unexpected deaths start a joint agency response (police and health), dated."""
    case = _locked_case(case, expected_revision)
    if case.expected != Expected.UNEXPECTED:
        raise CaseError({"on": "a joint agency response is for unexpected deaths"})
    if lead not in ("police", "health", "joint"):
        raise CaseError({"lead": "the lead agency is police, health or joint"})
    case.jar_started_on, case.jar_lead = on, lead
    if note:
        text = review_text(case)
        text["jar_note"] = note
        case.review_text = crypto.encrypt(text)
    return _commit(by, case, {"fields": ["joint_agency_response"]})


@transaction.atomic
def add_carer(*, by, case: Case, relationship: str, details_status: str, name: str = "",
              date_of_birth: dt.date | None = None, address: str = "", age_years: int | None = None,
              ethnic_group: str = "", lives_with_child: str = "unknown",
              expected_revision: int | None = None) -> Carer:
    case = _locked_case(case, expected_revision)
    errors = {}
    if relationship not in Relationship.values:
        errors["relationship"] = "use one of " + ", ".join(Relationship.values)
    if details_status not in DetailsStatus.values:
        errors["details_status"] = "use one of " + ", ".join(DetailsStatus.values)
    elif details_status == DetailsStatus.RECORDED and not name.strip():
        errors["name"] = "give the name, or say why the details are not recorded"
    if ethnic_group and ethnic_group not in EthnicGroup.values:
        errors["ethnic_group"] = "use one of " + ", ".join(EthnicGroup.values)
    if age_years is not None and not 10 <= age_years <= 90:
        errors["age_years"] = "must be from 10 to 90"
    if errors:
        raise CaseError(errors)
    carer = Carer.objects.create(
        case=case, relationship=relationship, details_status=details_status, age_years=age_years,
        ethnic_group=ethnic_group, lives_with_child=lives_with_child,
        identifiers=crypto.encrypt({"name": name.strip(), "address": address.strip(),
                                    "date_of_birth": date_of_birth.isoformat() if date_of_birth else ""}),
    )
    _commit(by, case, {"fields": ["carers"], "relationship": relationship, "status": details_status},
            only_revision=True)
    return carer


@transaction.atomic
def request_agency_report(*, by, case: Case, agency: str, requested_on: dt.date,
                          due_on: dt.date | None = None, expected_revision: int | None = None) -> AgencyRequest:
    case = _locked_case(case, expected_revision)
    from firstyear.reviews.models import Agency

    if agency not in Agency.values:
        raise CaseError({"agency": "use one of " + ", ".join(Agency.values)})
    if due_on and due_on < requested_on:
        raise CaseError({"due_on": "the due date cannot be before the request"})
    request = AgencyRequest.objects.create(case=case, agency=agency, requested_on=requested_on, due_on=due_on)
    _commit(by, case, {"fields": ["agency_requests"], "agency": agency}, only_revision=True)
    return request


@transaction.atomic
def record_agency_return(*, by, request: AgencyRequest, returned_on: dt.date,
                         expected_revision: int | None = None) -> AgencyRequest:
    case = _locked_case(Case(pk=AgencyRequest.objects.values_list("case_id", flat=True).get(pk=request.pk)),
                        expected_revision)
    request = AgencyRequest.objects.get(pk=request.pk)
    if returned_on < request.requested_on:
        raise CaseError({"returned_on": "the return cannot be before the request"})
    request.returned_on = returned_on
    request.save(update_fields=["returned_on"])
    _commit(by, case, {"fields": ["agency_returns"], "agency": request.agency}, only_revision=True)
    request.case = case
    return request


def check_review(*, version: CodeListVersion, categories, factor_levels: dict) -> tuple[dict, str | None, dict]:
    """(errors, chosen category code, clean levels) for a panel review under ``version``."""
    errors = {}
    ranks = dict(version.categories.values_list("code", "rank"))
    chosen = None
    try:
        chosen = category_by_precedence(categories, ranks)
    except ValueError as exc:
        errors["category"] = str(exc)
    if chosen is None and "category" not in errors:
        errors["category"] = "choose the category of death"
    codes = set(version.factors.values_list("code", flat=True))
    clean = {}
    for code, level in (factor_levels or {}).items():
        if code not in codes:
            errors[f"factor_{code}"] = f"not a factor in code lists version {version.number}"
        elif level in (None, ""):
            continue
        elif str(level) not in ("0", "1", "2"):
            errors[f"factor_{code}"] = "the level is 0, 1 or 2"
        else:
            clean[code] = int(level)
    return errors, chosen, clean


@transaction.atomic
def record_panel_review(*, by, case: Case, reviewed_on: dt.date, categories: list[str], factor_levels: dict,
                        insufficient_information: bool = False, factor_notes: dict | None = None,
                        learning_points: str = "", expected_revision: int | None = None) -> Case:
    """The panel's review: one category (by the precedence rule), each factor scored 0/1/2 with a
    note, and the modifiable outcome derived from the scores. A case keeps the code list version
    it was first reviewed under."""
    case = _locked_case(case, expected_revision)
    if case.state not in (State.PANEL_SCHEDULED, State.PANEL_REVIEWED):
        raise CaseError({"state": "schedule the case for a panel meeting before recording the review"})
    if reviewed_on > timezone.localdate():
        raise CaseError({"reviewed_on": "the date cannot be in the future"})
    if reviewed_on < case.notified_on:
        raise CaseError({"reviewed_on": "the review cannot be before the notification"})
    version = CodeListVersion.objects.get(pk=case.codelist_version_id) if case.codelist_version_id else CodeListVersion.current()
    errors, chosen, levels = check_review(version=version, categories=categories, factor_levels=factor_levels)
    if errors:
        raise CaseError(errors)
    now = timezone.now()
    first = case.state == State.PANEL_SCHEDULED
    if first:
        _transition(by, case, State.PANEL_REVIEWED, reviewed_on, now)
    case.state = State.PANEL_REVIEWED
    case.codelist_version = version
    case.category = version.categories.get(code=chosen)
    case.categories_considered = sorted(set(c for c in categories if c))
    case.factor_levels = levels
    case.insufficient_information = bool(insufficient_information)
    case.modifiable = derive_modifiable(levels.values(), case.insufficient_information)
    case.panel_reviewed_on = reviewed_on
    text = review_text(case)
    text["factor_notes"] = {k: v.strip() for k, v in (factor_notes or {}).items() if v and v.strip()}
    text["learning_points"] = learning_points.strip()
    case.review_text = crypto.encrypt(text)
    _recompute_intervals(case)
    return _commit(by, case, {"fields": ["panel_review"], "first_review": first, "codelist_version": version.number,
                              "category": chosen, "modifiable": case.modifiable}, now=now)


@transaction.atomic
def add_recommendation(*, by, footprint: Area, text: str, owner: str, due_on: dt.date, financial_year_label: str,
                       case: Case | None = None, expected_revision: int | None = None) -> Recommendation:
    """A panel recommendation, from a case or not. One from a case moves the case on a revision."""
    if case is not None:
        case = _locked_case(case, expected_revision)
    errors = {}
    if not text.strip():
        errors["text"] = "write the recommendation"
    if not owner.strip():
        errors["owner"] = "name who owns it (a role or organisation)"
    if errors:
        raise CaseError(errors)
    now = timezone.now()
    rec = Recommendation.objects.create(footprint=footprint, case=case, financial_year=financial_year_label,
                                        text=text.strip(), owner=owner.strip(), due_on=due_on, created_at=now,
                                        updated_at=now)
    detail = {"created": True, "case": case.case_ref if case else ""}
    if case is not None:
        detail["case_revision"] = _bump(case, now)
    record(by=by, action=AuditAction.PANEL_RECOMMENDATION_CHANGED, object_type="panel_recommendation", object_ref=str(rec.pk),
           area_code=footprint.code, detail=detail)
    return rec


def _bump(case: Case, now) -> int:
    """One revision on for a change recorded in someone else's audit event (recommendations)."""
    case.revision += 1
    case.updated_at = now
    case.save(update_fields=["revision", "updated_at"])
    return case.revision


@transaction.atomic
def set_recommendation_status(*, by, recommendation: Recommendation, status: str,
                              expected_revision: int | None = None) -> Recommendation:
    """The status of a recommendation not (yet) tracked as an action. For one made from a case,
    ``expected_revision`` is the case's (the form is on the case page)."""
    if status not in RecommendationStatus.values:
        raise CaseError({"status": "use one of " + ", ".join(RecommendationStatus.values)})
    case_id = Recommendation.objects.values_list("case_id", flat=True).get(pk=recommendation.pk)
    case = _locked_case(Case(pk=case_id), expected_revision) if case_id else None
    rec = Recommendation.objects.select_for_update(of=("self",)).select_related("footprint").get(pk=recommendation.pk)
    before = rec.status
    if before == status:
        return rec
    now = timezone.now()
    rec.status, rec.updated_at = status, now
    rec.save(update_fields=["status", "updated_at"])
    detail = {"status": [before, status]}
    if case is not None:
        detail |= {"case": case.case_ref, "case_revision": _bump(case, now)}
    record(by=by, action=AuditAction.PANEL_RECOMMENDATION_CHANGED, object_type="panel_recommendation", object_ref=str(rec.pk),
           area_code=rec.footprint.code, detail=detail)
    return rec


PANEL_PLAN_TITLE = "Child death overview panel recommendations"


@transaction.atomic
def track_in_plan(*, by, recommendation: Recommendation):
    """Make a panel recommendation a tracked action in its footprint's plan (created if need be),
    under "Panel recommendations" > the financial year. The case's factors scored 2 are linked, so
    the plan's coverage and board papers count it. From then on the action's status is the status."""
    from firstyear.plans import actions as plan_actions
    from firstyear.plans.constants import FACTORS
    from firstyear.plans.models import Plan

    rec = Recommendation.objects.select_for_update(of=("self",)).select_related("footprint", "case").get(pk=recommendation.pk)
    if rec.action_id is not None:
        return rec.action
    footprint = rec.footprint
    plan = Plan.objects.filter(owner=footprint, title=PANEL_PLAN_TITLE, archived=False).first() or \
        plan_actions.create_plan(by=by, owner=footprint, title=PANEL_PLAN_TITLE, boards="Child death overview panel",
                                 summary="Recommendations made by the panel after reviewing children's deaths.")
    priority = plan.priorities.filter(title="Panel recommendations").first() or \
        plan_actions.add_priority(by=by, plan=plan, title="Panel recommendations", ref="1")
    objective_title = f"Recommendations from reviews in {rec.financial_year}"
    objective = priority.objectives.filter(title=objective_title).first() or \
        plan_actions.add_objective(by=by, priority=priority, title=objective_title)
    factors = [code for code, level in ((rec.case.factor_levels or {}) if rec.case else {}).items()
               if int(level) == 2 and code in FACTORS]
    action = plan_actions.create_action(
        by=by, objective=objective, description=rec.text, lead=rec.owner, due=rec.due_on.isoformat(),
        status=rec.status, reporting="Update at each panel meeting", factors=factors,
        outcome="Recommendation carried out and reported to the panel",
    )
    rec.action, rec.updated_at = action, timezone.now()
    rec.save(update_fields=["action", "updated_at"])
    record(by=by, action=AuditAction.PANEL_RECOMMENDATION_CHANGED, object_type="panel_recommendation",
           object_ref=str(rec.pk), area_code=footprint.code, detail={"tracked_as_action": action.pk})
    return action


def narrative_revisions(scope: Area, financial_year_label: str) -> dict[str, int]:
    """The revision of each report text (0: never saved), for the form to send back."""
    saved = dict(ReportNarrative.objects.filter(scope=scope, financial_year=financial_year_label)
                 .values_list("key", "revision"))
    return {key: saved.get(key, 0) for key in NARRATIVE_NAMES}


def _narrative_changes_since(scope: Area, financial_year_label: str, expected: dict[str, int]) -> list[Change]:
    events = AuditEvent.objects.filter(object_type="report", object_ref=f"{scope.code} {financial_year_label}",
                                       area_code=scope.code, action=AuditAction.REPORT_NARRATIVE_CHANGED)
    out = []
    for e in events.order_by("-at", "-id")[:200]:
        key = e.detail.get("key")
        if key in expected and (e.detail.get("revision") or 0) > expected[key]:
            out.append(Change(e.actor, e.at, NARRATIVE_NAMES.get(key, key)))
    return out[::-1]


@transaction.atomic
def save_narratives(*, by, scope: Area, financial_year_label: str, texts: dict[str, str],
                    expected_revisions: dict[str, int] | None = None) -> dict[str, ReportNarrative]:
    """Save the editable texts of one annual report together. ``expected_revisions`` ({key:
    revision the form was loaded with, 0 if there was none}): if any of them has moved on,
    :class:`EditConflict` and nothing is saved. A text that is unchanged is not written again."""
    unknown = set(texts) - set(NARRATIVE_NAMES)
    if unknown:
        raise CaseError({k: "not a text of the annual report" for k in sorted(unknown)})

    def locked() -> dict[str, ReportNarrative]:
        return {n.key: n for n in ReportNarrative.objects.select_for_update().filter(
            scope=scope, financial_year=financial_year_label, key__in=list(texts))}

    def check(rows: dict[str, ReportNarrative]) -> None:
        if expected_revisions is None:
            return
        current = {k: rows[k].revision if k in rows else 0 for k in texts}
        stale = {k: v for k, v in expected_revisions.items() if k in current and current[k] != v}
        if stale:
            raise EditConflict(current, dict(expected_revisions),
                               _narrative_changes_since(scope, financial_year_label, stale), subject="report")

    rows = locked()
    check(rows)
    now, who = timezone.now(), actor_label(by)[1]
    saved = {}
    for key, text in texts.items():
        text = (text or "").strip()
        item = rows.get(key)
        if item is None and not text:
            continue
        if item is not None and item.text == text:
            saved[key] = item
            continue
        if item is None:
            try:
                with transaction.atomic():
                    item = ReportNarrative.objects.create(scope=scope, financial_year=financial_year_label, key=key,
                                                          text=text, revision=1, updated_at=now, updated_by=who)
            except IntegrityError:
                # Someone else saved the first text at the same moment: theirs is the one to check.
                rows = locked()
                check(rows)
                item = rows[key]
                item.text, item.revision, item.updated_at, item.updated_by = text, item.revision + 1, now, who
                item.save()
        else:
            item.text, item.revision, item.updated_at, item.updated_by = text, item.revision + 1, now, who
            item.save()
        saved[key] = item
        record(by=by, action=AuditAction.REPORT_NARRATIVE_CHANGED, object_type="report",
               object_ref=f"{scope.code} {financial_year_label}", area_code=scope.code,
               detail={"key": key, "revision": item.revision})
    return saved


def save_narrative(*, by, scope: Area, financial_year_label: str, key: str, text: str,
                   expected_revision: int | None = None) -> ReportNarrative | None:
    """One report text (see :func:`save_narratives`); None when there is nothing to save."""
    return save_narratives(by=by, scope=scope, financial_year_label=financial_year_label, texts={key: text},
                           expected_revisions=None if expected_revision is None else {key: expected_revision}).get(key)


# -- reads that leave a trail ------------------------------------------------------------------


def record_case_view(*, by, case: Case, identifiable: bool, what: str = "case page"):
    return _audit(by, AuditAction.CASE_VIEWED, case, view="identifiable" if identifiable else "pseudonymised", page=what)


def record_case_list_view(*, by, footprints: list[str], filters: dict, shown: int, identifiable: bool):
    return record(by=by, action=AuditAction.CASE_LIST_VIEWED, object_type="case_list",
                  area_code=footprints[0] if len(footprints) == 1 else "",
                  detail={"footprints": footprints, "filters": filters, "rows_shown": shown,
                          "view": "identifiable" if identifiable else "pseudonymised"})


def record_access_denied(*, by, case_ref: str, what: str):
    """A request for a case the user may not see: logged without saying whose it is."""
    return record(by=by, action=AuditAction.CASE_ACCESS_DENIED, object_type="case", object_ref=case_ref[:120],
                  detail={"page": what})


def record_export(*, by, footprint: Area, reason: str, fmt: str, case_refs: list[str], identifiable: bool,
                  case: Case | None = None):
    if not (reason or "").strip():
        raise CaseError({"reason": "say why you are exporting these records"})
    return record(by=by, action=AuditAction.CASE_EXPORTED, object_type="case" if case else "case_list",
                  object_ref=case.case_ref if case else f"{len(case_refs)} cases", area_code=footprint.code,
                  reason=reason.strip(), detail={"format": fmt, "cases": case_refs[:5000], "count": len(case_refs),
                                                 "view": "identifiable" if identifiable else "pseudonymised"})


def open_state_labels() -> list[tuple[str, str]]:
    return [(s, State(s).label) for s in OPEN_STATES]


@transaction.atomic
def rotate_keys(*, by) -> int:
    """Re-encrypt every token under the primary key and recompute the NHS number index."""
    n = 0
    for case in Case.objects.select_for_update().only("pk", "identifiers", "review_text", "nhs_number_index").iterator():
        case.identifiers = crypto.rotate(case.identifiers)
        case.review_text = crypto.rotate(case.review_text)
        number = crypto.decrypt(case.identifiers).get("nhs_number", "")
        case.nhs_number_index = crypto.blind_index(number) if number else ""
        case.save(update_fields=["identifiers", "review_text", "nhs_number_index"])
        n += 1
    for carer in Carer.objects.select_for_update().exclude(identifiers="").iterator():
        carer.identifiers = crypto.rotate(carer.identifiers)
        carer.save(update_fields=["identifiers"])
        n += 1
    record(by=by, action=AuditAction.CASE_KEYS_ROTATED, object_type="case", detail={"records": n})
    return n


@transaction.atomic
def publish_code_lists(*, by, note: str, definitions: dict | None = None, new_factors: list[dict] | None = None,
                       category_definitions: dict | None = None) -> CodeListVersion:
    """Publish a new code list version: a copy of the current one with changed definitions and
    any new factors. Past reviews keep the version they were scored under, so nothing they
    recorded is rewritten; reports say which versions their figures used."""
    from firstyear.accounts.permissions import has_permission
    from firstyear.accounts.roles import Permission
    from firstyear.reviews.models import Category, Domain, Factor

    if by is not None and not has_permission(by, Permission.MANAGE_CODE_LISTS):
        raise CaseError({"": "only a CDOP manager may change the code lists"})
    if not note.strip():
        raise CaseError({"note": "say what changed and why"})
    current = CodeListVersion.current()
    definitions, category_definitions = definitions or {}, category_definitions or {}
    codes = set(current.factors.values_list("code", flat=True))
    errors = {f"factor_{c}": "not a factor in the current code lists" for c in definitions if c not in codes}
    errors |= {f"category_{c}": "not a category" for c in category_definitions
               if not current.categories.filter(code=c).exists()}
    domain_codes = set(current.domains.values_list("code", flat=True))
    for item in new_factors or []:
        code = str(item.get("code", ""))
        if not code or not code.replace("_", "").isalnum() or code in codes:
            errors[f"factor_{code}"] = "a new factor needs a new code of letters, digits and _"
        if not set(str(item.get("domains", "")).split("/")) <= domain_codes:
            errors[f"factor_{code}"] = "domains are letters A to D, joined by /"
        if not item.get("name") or not item.get("definition"):
            errors[f"factor_{code}"] = "a new factor needs a name and a written definition"
    if errors:
        raise CaseError(errors)
    version = CodeListVersion.objects.create(number=current.number + 1, published_at=timezone.now(),
                                             published_by=actor_label(by)[1], note=note.strip()[:300])
    Category.objects.bulk_create(Category(version=version, code=c.code, name=c.name, rank=c.rank,
                                          definition=category_definitions.get(c.code, c.definition))
                                 for c in current.categories.all())
    Domain.objects.bulk_create(Domain(version=version, code=d.code, name=d.name) for d in current.domains.all())
    factors = [Factor(version=version, code=f.code, name=f.name, domains=f.domains, report_group=f.report_group,
                      sort=f.sort, definition=definitions.get(f.code, f.definition)) for f in current.factors.all()]
    last = max((f.sort for f in factors), default=0)
    for i, item in enumerate(new_factors or [], start=1):
        factors.append(Factor(version=version, code=item["code"], name=item["name"], domains=item["domains"],
                              definition=item["definition"], report_group=item.get("report_group") or item["code"],
                              sort=last + i))
    Factor.objects.bulk_create(factors)
    record(by=by, action=AuditAction.CODE_LIST_PUBLISHED, object_type="code_lists", object_ref=str(version.number),
           reason=note.strip()[:300], detail={"changed_definitions": sorted(definitions),
                                               "changed_categories": sorted(category_definitions),
                                               "new_factors": [f["code"] for f in new_factors or []]})
    return version
