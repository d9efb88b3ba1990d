"""The case workflow through the actions: dated transitions with actors, derived fields, encryption
at rest, duplicate checks and the audit trail."""

from __future__ import annotations

import datetime as dt

import pytest

from firstyear.accounts.models import AuditEvent
from firstyear.reviews import actions, crypto
from firstyear.reviews.models import Case, Transition
from firstyear.reviews.validation import nhs_number_problem, with_check_digit
from tests.reviews.conftest import walk_to_panel

pytestmark = pytest.mark.django_db


def test_notification_derives_clear_fields_and_encrypts_identifiers(make_case, persona):
    secretariat = persona("cdop_secretariat", "CDOP-PANLANCS")
    case = make_case(by=secretariat)
    stored = Case.objects.get(pk=case.pk)
    assert stored.age_at_death_days == (dt.date(2014, 6, 10) - dt.date(2014, 5, 1)).days == 40
    assert stored.age_band == "post_neonatal"
    assert (stored.death_year, stored.death_month, stored.death_fy) == (2014, 6, "2014/15")
    assert stored.days_to_notification == 1
    for secret in ("Testa", "Childe", "9434765919", "2014-05-01", "2014-06-10", "Example Row", "E01012345"):
        assert secret not in stored.identifiers
    assert crypto.decrypt(stored.identifiers)["family_name"] == "Childe"
    assert stored.nhs_number_index == crypto.blind_index("943 476 5919")
    event = AuditEvent.objects.get(action="case.created")
    assert (event.actor, event.object_ref, event.area_code) == (secretariat.email, "A-001", "CDOP-PANLANCS")
    assert "Childe" not in str(event.detail) and "9434765919" not in str(event.detail)


def test_workflow_is_dated_and_attributed_and_refuses_skips(make_case, persona):
    user = persona("cdop_secretariat", "CDOP-PANLANCS")
    case = make_case(by=user)
    with pytest.raises(actions.CaseError, match="can move to: gathering information"):
        actions.move_case(by=user, case=case, to_state="closed", on=dt.date(2014, 7, 1))
    case = walk_to_panel(case, by=user)
    assert case.state == "panel_scheduled" and case.panel_date == dt.date(2014, 10, 1)
    with pytest.raises(actions.CaseError, match="can move to: child death review meeting held"):
        actions.move_case(by=user, case=case, to_state="closed", on=dt.date(2014, 10, 1))
    case = actions.record_panel_review(by=user, case=case, reviewed_on=dt.date(2014, 10, 1),
                                       categories=["sudi", "infection"], factor_levels={"co_sleeping": 2})
    case = actions.move_case(by=user, case=case, to_state="closed", on=dt.date(2014, 10, 15))
    steps = list(Transition.objects.filter(case=case).values_list("to_state", "on", "actor"))
    assert [s for s, _, _ in steps] == ["notified", "information_gathering", "local_review_held", "panel_scheduled",
                                        "panel_reviewed", "closed"]
    assert all(actor == user.email for _, _, actor in steps)
    assert case.category.code == "infection"  # infection (9) outranks SUDI (10)
    assert case.modifiable == "identified"
    assert case.days_to_review == (dt.date(2014, 10, 1) - dt.date(2014, 6, 10)).days
    assert case.closed_fy == "2014/15" and case.days_to_closure == 127
    assert AuditEvent.objects.filter(action="case.changed", object_ref="A-001").count() == 5


def test_duplicates_are_refused(make_case):
    make_case()
    with pytest.raises(actions.CaseError) as exc:
        make_case(case_ref="A-001", nhs_number="9434765919")
    assert set(exc.value.errors) == {"case_ref", "nhs_number"}


def test_residence_must_be_in_the_footprint_and_dates_make_sense(make_case):
    with pytest.raises(actions.CaseError) as exc:
        make_case(residence_la_code="E08000003", date_of_death=dt.date(2014, 4, 1), notified_on=dt.date(2014, 3, 1))
    assert set(exc.value.errors) == {"residence_la_code", "date_of_death", "notified_on"}


def test_joint_agency_response_only_for_unexpected_deaths(make_case):
    case = make_case(expected="expected")
    with pytest.raises(actions.CaseError):
        actions.start_joint_agency_response(by=None, case=case, on=dt.date(2014, 6, 11), lead="police")


def test_carers_record_why_partner_details_are_missing(make_case):
    case = make_case()
    with pytest.raises(actions.CaseError, match="give the name"):
        actions.add_carer(by=None, case=case, relationship="mothers_partner", details_status="recorded")
    carer = actions.add_carer(by=None, case=case, relationship="mothers_partner", details_status="not_recorded")
    assert carer.get_details_status_display() == "Known but not recorded by agencies"


@pytest.mark.parametrize(("number", "ok"), [
    ("9434765919", True), ("943 476 5919", True), ("9434765918", False), ("123456789", False), ("abcdefghij", False),
])
def test_nhs_number_modulus_11(number, ok):
    assert (nhs_number_problem(number) == "") is ok


def test_no_nhs_number_has_check_value_ten():
    # 10 is not a valid check digit: such stems have no valid number at all
    stems = [f"{n:09d}" for n in range(100_000_000, 100_000_200)]
    for stem in stems:
        number = with_check_digit(stem)
        total = sum(int(d) * w for d, w in zip(stem, range(10, 1, -1), strict=True))
        assert (number is None) == (11 - total % 11 == 10)


def test_rotating_keys_keeps_records_readable(make_case, settings):
    from cryptography.fernet import Fernet

    case = make_case()
    old = settings.FIRSTYEAR_FIELD_KEY
    settings.FIRSTYEAR_FIELD_KEY = Fernet.generate_key().decode() + "," + old
    actions.rotate_keys(by=None)
    settings.FIRSTYEAR_FIELD_KEY = settings.FIRSTYEAR_FIELD_KEY.split(",")[0]
    stored = Case.objects.get(pk=case.pk)
    assert crypto.decrypt(stored.identifiers)["given_name"] == "Testa"
    assert stored.nhs_number_index == crypto.blind_index("9434765919")
