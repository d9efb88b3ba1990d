"""Plan pages in a real browser: they render and axe-core finds no WCAG 2.2 AA violations."""

from __future__ import annotations

import pytest

from tests.browser.conftest import run_axe, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def plans_site(live_server, flushable_audit):
    from firstyear.areas.loader import load_reference_areas
    from firstyear.demo.accounts import demo_password, ensure_demo_users
    from firstyear.indicators.catalogue import sync_catalogue
    from firstyear.plans.demo import load_demo_plans
    from firstyear.plans.models import Plan, RecommendationSource
    from tests.factories import make_profile_observations

    sync_catalogue()
    load_reference_areas()
    make_profile_observations()
    ensure_demo_users()
    load_demo_plans()
    plan = Plan.objects.get(owner__code="E06000008")
    return {"url": live_server.url, "password": demo_password(), "plan": plan,
            "action": plan.actions.filter(updates__kind="progress").first(),
            "source": RecommendationSource.objects.get()}


def sign_in(page, site, who):
    page.goto(site["url"] + "/accounts/login/")
    page.fill("#id_username", f"{who}@demo.firstyear.test")
    page.fill("#id_password", site["password"])
    with page.expect_navigation():
        page.click("button[type=submit]")


def test_plan_pages_pass_axe(plans_site, browser_page):
    site = plans_site
    sign_in(browser_page, site, "lead")
    source = site["source"].pk
    pages = [
        ("plans-index", "/plans/"),
        ("plan-table", f"/plans/{site['plan'].pk}/"),
        ("plan-table-filtered", f"/plans/{site['plan'].pk}/?status=off_track&status=at_risk"),
        ("plan-calendar", f"/plans/{site['plan'].pk}/calendar/"),
        ("action", f"/plans/actions/{site['action'].pk}/"),
        ("action-edit", f"/plans/actions/{site['action'].pk}/edit/"),
        ("action-progress", f"/plans/actions/{site['action'].pk}/progress/"),
        ("board-paper", "/plans/areas/E06000008/board-paper/"),
        ("coverage", "/plans/areas/E06000008/coverage/"),
        ("my-actions", "/plans/my-actions/"),
        ("recommendations", "/plans/recommendations/"),
        ("recommendations-register", f"/plans/recommendations/{source}/"),
        ("recommendations-area", f"/plans/recommendations/{source}/E06000008/"),
        ("import", "/plans/import/"),
    ]
    problems = {}
    for name, path in pages:
        response = browser_page.goto(site["url"] + path, wait_until="networkidle")
        assert response.status == 200, f"{path} answered {response.status}"
        assert browser_page.locator("h1").count() == 1, f"{path} should have exactly one h1"
        violations = run_axe(browser_page)
        if violations:
            problems[path] = violations
        screenshot(browser_page, name)
    assert problems == {}


def test_coordinator_sees_the_regional_roll_up(plans_site, browser_page):
    site = plans_site
    sign_in(browser_page, site, "coordinator")
    browser_page.goto(site["url"] + f"/plans/recommendations/{site['source'].pk}/?level=locality", wait_until="networkidle")
    assert browser_page.locator("h2", has_text="Roll-up across").count() == 1
    rows = browser_page.locator("table").nth(1).locator("tbody tr")
    assert rows.count() >= 5  # one row per responding locality
    assert run_axe(browser_page) == []
    screenshot(browser_page, "recommendations-roll-up-coordinator")


def test_error_summary_on_a_bad_progress_update(plans_site, browser_page):
    site = plans_site
    sign_in(browser_page, site, "lead")
    browser_page.goto(site["url"] + f"/plans/actions/{site['action'].pk}/progress/", wait_until="networkidle")
    with browser_page.expect_navigation():
        browser_page.locator("main button[type=submit]").click()
    summary = browser_page.locator(".govuk-error-summary")
    assert summary.is_visible() and "Say what has happened" in summary.inner_text()
    assert browser_page.title().startswith("Error:")
    assert run_axe(browser_page) == []
    screenshot(browser_page, "action-progress-error")
