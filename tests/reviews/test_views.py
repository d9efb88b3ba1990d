"""A case through the pages, as the secretariat works it: notify, gather, schedule, review, close."""

from __future__ import annotations

import pytest

from firstyear.accounts.models import AuditEvent
from firstyear.reviews.models import Case

pytestmark = pytest.mark.django_db


def date_fields(prefix, day, month, year):
    return {f"{prefix}_day": str(day), f"{prefix}_month": str(month), f"{prefix}_year": str(year)}


def revision(ref="A-001", key="revision"):
    """The hidden field every case form carries: the case's revision when the page was loaded."""
    return {key: str(Case.objects.values_list("revision", flat=True).get(case_ref=ref))}


@pytest.fixture
def secretariat(client, footprints, persona):
    user = persona("cdop_secretariat", "CDOP-PANLANCS")
    client.force_login(user)
    return user


def test_notify_form_errors_say_what_to_do(client, secretariat):
    response = client.post("/reviews/cases/new/", {"case_ref": "", "nhs_number": "9434765918"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page and "<title>Error:" in page
    assert "Enter the case reference" in page and "Modulus 11" in page and "Enter the date of birth" in page
    assert not Case.objects.exists()


def test_a_case_through_the_pages(client, secretariat):
    form = {"case_ref": "PL-77", "given_name": "Testa", "family_name": "Childe", "nhs_number": "943 476 5919",
            **date_fields("date_of_birth", 1, 5, 2014), **date_fields("date_of_death", 10, 6, 2014),
            **date_fields("notified_on", 11, 6, 2014), "sex": "female", "ethnic_group": "white",
            "residence_la_code": "E06000009", "expected": "unexpected", "place_of_death": "home"}
    response = client.post("/reviews/cases/new/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    case = Case.objects.get(case_ref="PL-77")
    base = "/reviews/cases/PL-77/"
    steps = [
        ("record/jar/", {**date_fields("on", 11, 6, 2014), "lead": "joint"}),
        ("record/carer/", {"relationship": "mothers_partner", "details_status": "not_recorded", "lives_with_child": "unknown"}),
        ("record/agency/", {"agency": "police", **date_fields("requested_on", 12, 6, 2014)}),
        ("move/", {"move-to_state": "information_gathering", **date_fields("move-on", 12, 6, 2014)}),
        ("record/external/", {"awaiting": ["post_mortem"]}),
        ("move/", {"move-to_state": "awaiting_external", **date_fields("move-on", 13, 6, 2014)}),
        ("move/", {"move-to_state": "local_review_held", **date_fields("move-on", 1, 8, 2014)}),
        ("move/", {"move-to_state": "panel_scheduled", **date_fields("move-on", 2, 8, 2014),
                   **date_fields("move-panel_date", 1, 10, 2014)}),
    ]
    for path, data in steps:
        response = client.post(base + path, data | revision("PL-77", "move-revision" if path == "move/" else "revision"))
        assert response.status_code == 302, (path, response.content.decode()[:3000])
    request = case.agency_requests.get()
    assert client.post(base + "record/return/", {"request": str(request.pk), **date_fields("returned_on", 1, 7, 2014),
                                                 **revision("PL-77")}).status_code == 302
    review = {**date_fields("reviewed_on", 1, 10, 2014), "categories": ["sudi", "trauma"], "factor_co_sleeping": "2",
              "note_co_sleeping": "Baby on a sofa with an adult.", "factor_smoking_household": "1",
              "learning_points": "Safer sleep advice at every contact.", **revision("PL-77")}
    assert client.post(base + "review/", review).status_code == 302
    assert client.post(base + "move/", {"move-to_state": "closed", **date_fields("move-on", 20, 10, 2014),
                                        **revision("PL-77", "move-revision")}).status_code == 302
    case.refresh_from_db()
    assert case.state == "closed" and case.category.code == "trauma" and case.modifiable == "identified"
    assert case.jar_lead == "joint" and case.awaiting_post_mortem
    assert case.carers.get().details_status == "not_recorded"
    assert case.agency_requests.get().returned_on.isoformat() == "2014-07-01"
    page = client.get(base).content.decode()
    assert "Baby on a sofa with an adult." in page and "Modifiable factors identified" in page
    assert AuditEvent.objects.filter(object_ref="PL-77", action="case.changed").count() == 11


def test_review_needs_a_category_and_reports_it(client, secretariat, make_case):
    from tests.reviews.conftest import walk_to_panel

    walk_to_panel(make_case())
    response = client.post("/reviews/cases/A-001/review/", date_fields("reviewed_on", 1, 10, 2014) | revision())
    assert response.status_code == 400
    assert "Select the categories of death that apply" in response.content.decode()


def test_recommendation_status_and_report_narrative(client, secretariat, make_case):
    from firstyear.reviews.models import Recommendation

    case = make_case()
    response = client.post(f"/reviews/cases/{case.case_ref}/recommendations/",
                           {"rec-text": "Safer sleep advice at every contact", "rec-owner": "Health visiting",
                            **date_fields("rec-due_on", 30, 9, 2015), **revision(key="rec-revision")})
    assert response.status_code == 302
    rec = Recommendation.objects.get()
    assert rec.financial_year == "2014/15" and rec.status == "not_started"
    response = client.post(f"/reviews/recommendations/{rec.pk}/status/",
                           {"status": "at_risk", "next": "https://evil.example/", **revision()})
    assert response["Location"] == "/reviews/"  # no open redirect
    rec.refresh_from_db()
    assert rec.status == "at_risk"
    response = client.post("/reviews/reports/CDOP-PANLANCS/2014-15/narrative/",
                           {"summary": "Our own summary of the year.", "recommendations": "We recommend three things.",
                            "summary_revision": "0", "recommendations_revision": "0"})
    assert response.status_code == 302
    page = client.get("/reviews/reports/CDOP-PANLANCS/2014-15/?edition=restricted").content.decode()
    assert "Our own summary of the year." in page and "We recommend three things." in page
    assert "Safer sleep advice at every contact" in page and "At risk" in page


def test_correcting_details_recomputes_derived_fields_and_audits_field_names(client, secretariat, make_case):
    case = make_case()
    page = client.get("/reviews/cases/A-001/edit/").content.decode()
    assert 'value="Childe"' in page
    form = {"case_ref": "A-001", "given_name": "Testa", "family_name": "Childe", "nhs_number": "9434765919",
            **date_fields("date_of_birth", 1, 5, 2014), **date_fields("date_of_death", 20, 5, 2014),
            **date_fields("notified_on", 21, 5, 2014), "sex": "female", "ethnic_group": "white",
            "residence_la_code": "E06000008", "expected": "unexpected", "place_of_death": "unknown",
            "address": "1 Example Row", "postcode": "BB1 1AA", "lsoa_code": "E01012345", "birthweight_g": "2100",
            "revision": "1"}
    assert 'name="revision" value="1"' in page
    assert client.post("/reviews/cases/A-001/edit/", form).status_code == 302
    case.refresh_from_db()
    assert (case.age_at_death_days, case.age_band, case.death_month) == (19, "neonatal", 5)
    event = AuditEvent.objects.get(action="case.changed", object_ref="A-001")
    assert event.detail["fields"] == ["date_of_death", "notified_on"]
    assert "2014-05-20" not in str(event.detail)
