"""Child death review pages in a real browser: they render, axe finds no WCAG 2.2 AA violations,
forms show GOV.UK error summaries, and the pseudonymised view holds no identifiers."""

from __future__ import annotations

import pytest

from tests.browser.conftest import run_axe, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


@pytest.fixture
def site(live_server, flushable_audit):
    """The demo register and two users. Database reads happen here, before Playwright starts:
    a query from the test body (inside Playwright's event loop) opens a second PostgreSQL
    session that outlives the test and stops the test database being dropped."""
    from firstyear.areas.loader import load_reference_areas
    from firstyear.indicators.catalogue import sync_catalogue
    from firstyear.reviews.demo import load_demo_cases
    from firstyear.reviews.models import Case
    from tests.factories import make_user

    sync_catalogue()
    load_reference_areas()
    load_demo_cases(by=None)
    make_user(role="cdop_manager", area_code="CDOP-PANLANCS", email="manager@example.org")
    make_user(role="panel_member", area_code="CDOP-PANLANCS", email="panel@example.org")
    reviewed = Case.objects.filter(footprint__code="CDOP-PANLANCS", state="panel_reviewed")
    return {"url": live_server.url, "ref": reviewed.values_list("case_ref", flat=True)[0]}


def sign_in(page, site, email):
    page.goto(site + "/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def test_review_pages_pass_axe(site, browser_page):
    sign_in(browser_page, site["url"], "manager@example.org")
    ref = site["ref"]
    pages = [
        ("reviews-case-list", "/reviews/"),
        ("reviews-case-list-overdue", "/reviews/?state=open&overdue=1"),
        ("reviews-case", f"/reviews/cases/{ref}/"),
        ("reviews-report", "/reviews/reports/E12000002/2014-15/"),
        ("reviews-report-restricted", "/reviews/reports/CDOP-PANLANCS/2014-15/?edition=restricted"),
        ("reviews-agenda", "/reviews/agenda/"),
        ("reviews-notify", "/reviews/cases/new/"),
        ("reviews-audit", "/reviews/audit/CDOP-PANLANCS/"),
        ("reviews-code-lists", "/reviews/code-lists/"),
        ("reviews-record-carer", f"/reviews/cases/{ref}/record/carer/"),
    ]
    problems = {}
    for name, path in pages:
        response = browser_page.goto(site["url"] + path, wait_until="networkidle")
        assert response.status == 200, f"{path} answered {response.status}"
        assert browser_page.locator("h1").count() == 1, path
        violations = run_axe(browser_page)
        if violations:
            problems[path] = violations
        screenshot(browser_page, name)
    assert problems == {}


def test_notify_form_shows_an_error_summary(site, browser_page):
    sign_in(browser_page, site["url"], "manager@example.org")
    browser_page.goto(site["url"] + "/reviews/cases/new/")
    browser_page.fill("input[name=case_ref]", "PL-NEW-1")
    browser_page.fill("input[name=nhs_number]", "9434765918")
    browser_page.click("main form button[type=submit]")
    summary = browser_page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert "Modulus 11" in summary.inner_text() or "NHS number" in summary.inner_text()
    assert browser_page.title().startswith("Error:")
    assert run_axe(browser_page) == []
    screenshot(browser_page, "reviews-notify-errors")


def test_panel_member_sees_no_identifiers(site, browser_page):
    sign_in(browser_page, site["url"], "panel@example.org")
    browser_page.goto(site["url"] + f"/reviews/cases/{site['ref']}/", wait_until="networkidle")
    text = browser_page.locator("main").inner_text()
    assert "Synthetic Road" not in text and "Synthetic Mother" not in text and "Example" not in text
    assert "Pseudonymised view" in text
    assert run_axe(browser_page) == []
    screenshot(browser_page, "reviews-case-pseudonymised")
