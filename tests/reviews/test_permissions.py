"""Who sees what, for every case URL and export: secretariat of A, panel member of A, analyst of A,
secretariat of B and anonymous; and every access to a case leaves an audit entry."""

from __future__ import annotations

import pytest

from firstyear.accounts.models import AuditEvent

pytestmark = pytest.mark.django_db

PERSONAS = ["secretariat_a", "panel_a", "analyst_a", "secretariat_b", "anonymous"]
# url template -> expected status per persona (302 = sent to sign in)
MATRIX = {
    "/reviews/": [200, 200, 403, 200, 302],
    "/reviews/cases/{ref}/?footprint=CDOP-PANLANCS": [200, 200, 404, 404, 302],
    "/reviews/cases/{ref}/export/?footprint=CDOP-PANLANCS": [200, 403, 404, 404, 302],
    "/reviews/export/?footprint=CDOP-PANLANCS": [200, 403, 404, 404, 302],
    "/reviews/cases/{ref}/record/carer/?footprint=CDOP-PANLANCS": [200, 403, 404, 404, 302],
    "/reviews/cases/{ref}/record/jar/?footprint=CDOP-PANLANCS": [200, 403, 404, 404, 302],
    "/reviews/cases/{ref}/edit/?footprint=CDOP-PANLANCS": [200, 403, 404, 404, 302],
    "/reviews/cases/{ref}/review/?footprint=CDOP-PANLANCS": [200, 403, 404, 404, 302],
    "/reviews/cases/new/": [200, 403, 403, 200, 302],
    "/reviews/agenda/": [200, 200, 403, 200, 302],
    "/reviews/reports/CDOP-PANLANCS/2014-15/": [200, 200, 200, 403, 302],
    "/reviews/reports/CDOP-PANLANCS/2014-15/?edition=restricted": [200, 200, 403, 403, 302],
    "/reviews/audit/CDOP-PANLANCS/": [403, 403, 403, 403, 302],
    "/reviews/code-lists/": [200, 200, 200, 200, 302],
}


@pytest.fixture
def people(footprints, persona):
    return {
        "secretariat_a": persona("cdop_secretariat", "CDOP-PANLANCS"),
        "panel_a": persona("panel_member", "CDOP-PANLANCS"),
        "analyst_a": persona("analyst", "CDOP-PANLANCS"),
        "secretariat_b": persona("cdop_secretariat", "CDOP-MCR"),
        "anonymous": None,
    }


@pytest.mark.parametrize("url", list(MATRIX))
def test_matrix(client, people, make_case, url):
    case = make_case()
    for who, expected in zip(PERSONAS, MATRIX[url], strict=True):
        client.logout()
        if people[who] is not None:
            client.force_login(people[who])
        response = client.get(url.format(ref=case.case_ref))
        assert response.status_code == expected, f"{who} on {url}"


def test_pseudonymised_view_hides_identifiers(client, people, make_case):
    case = make_case()
    client.force_login(people["panel_a"])
    page = client.get(f"/reviews/cases/{case.case_ref}/").content.decode()
    for secret in ("Testa", "Childe", "943 476 5919", "1 Example Row", "10 June 2014", "1 May 2014", "E01012345"):
        assert secret not in page
    assert "June 2014" in page and "5 weeks" in page  # month of death and age, not dates
    client.force_login(people["secretariat_a"])
    page = client.get(f"/reviews/cases/{case.case_ref}/").content.decode()
    for secret in ("Testa", "Childe", "943 476 5919", "10 June 2014"):
        assert secret in page


def test_every_access_to_a_case_is_audited(client, people, make_case):
    case = make_case()
    for who in ("secretariat_a", "panel_a", "analyst_a", "secretariat_b"):
        client.force_login(people[who])
        client.get(f"/reviews/cases/{case.case_ref}/")
    viewed = AuditEvent.objects.filter(action="case.viewed", object_ref=case.case_ref)
    assert sorted(viewed.values_list("actor", flat=True)) == sorted([people["secretariat_a"].email, people["panel_a"].email])
    assert {e.detail["view"] for e in viewed} == {"identifiable", "pseudonymised"}
    denied = AuditEvent.objects.filter(action="case.access_denied", object_ref=case.case_ref)
    assert sorted(denied.values_list("actor", flat=True)) == sorted([people["analyst_a"].email, people["secretariat_b"].email])
    assert all(e.area_code == "" for e in denied)  # the log does not say whose case it was


def test_export_needs_a_reason_and_is_audited_with_it(client, people, make_case):
    case = make_case()
    client.force_login(people["secretariat_a"])
    url = f"/reviews/cases/{case.case_ref}/export/"
    assert client.post(url, {"reason": "", "format": "json"}).status_code == 400
    assert not AuditEvent.objects.filter(action="case.exported").exists()
    response = client.post(url, {"reason": "Coroner's request", "format": "json"})
    assert response.status_code == 200 and b"Childe" in response.content
    event = AuditEvent.objects.get(action="case.exported")
    assert event.reason == "Coroner's request" and event.actor == people["secretariat_a"].email
    client.force_login(people["secretariat_a"])
    response = client.post("/reviews/export/?footprint=CDOP-PANLANCS", {"reason": "Quarterly NCMD check", "format": "csv"})
    assert response.status_code == 200 and b"A-001" in response.content


def test_case_list_views_are_audited_without_search_text(client, people, make_case):
    make_case()
    client.force_login(people["panel_a"])
    client.get("/reviews/?ref=Childe")
    event = AuditEvent.objects.get(action="case_list.viewed")
    assert "Childe" not in str(event.detail) and event.detail["filters"]["searched_ref"] is True


def test_the_manager_sees_the_audit_log(client, footprints, persona, make_case):
    manager = persona("cdop_manager", "CDOP-PANLANCS")
    make_case()
    client.force_login(manager)
    page = client.get("/reviews/audit/CDOP-PANLANCS/").content.decode()
    assert "case.created" in page and "A-001" in page
    client.force_login(persona("cdop_manager", "CDOP-MCR"))
    assert client.get("/reviews/audit/CDOP-PANLANCS/").status_code == 403


def test_navigation_shows_reviews_only_to_case_viewers(client, people, make_case):
    client.force_login(people["analyst_a"])
    assert "Child death reviews" not in client.get("/").content.decode()
    client.force_login(people["panel_a"])
    assert "Child death reviews" in client.get("/").content.decode()


@pytest.mark.parametrize("path", ["move/", "recommendations/", "review/"])
def test_writes_refused_to_those_who_may_not_edit(client, people, make_case, path):
    case = make_case()
    expected = {"panel_a": 403, "analyst_a": 404, "secretariat_b": 404}
    for who, status in expected.items():
        client.force_login(people[who])
        assert client.post(f"/reviews/cases/{case.case_ref}/{path}", {}).status_code == status, who
    case.refresh_from_db()
    assert case.state == "notified" and not case.recommendations.exists()


def test_nhs_number_search_only_where_the_user_may_identify(client, people, make_case):
    make_case()
    client.force_login(people["secretariat_a"])
    assert "A-001" in client.get("/reviews/?ref=943 476 5919").content.decode()
    client.force_login(people["panel_a"])
    assert "A-001" not in client.get("/reviews/?ref=943 476 5919").content.decode()
    event = AuditEvent.objects.filter(action="case_list.viewed").first()
    assert "5919" not in str(event.detail)
