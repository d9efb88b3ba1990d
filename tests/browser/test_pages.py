"""The main pages in a real browser: they render, their charts load, and axe finds no WCAG 2.2 AA violations."""

from __future__ import annotations

import pytest

from tests.browser.conftest import run_axe, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    ("home", "/"),
    ("areas", "/areas/"),
    ("area-profile", "/areas/E06000008/"),
    ("area-indicator", "/areas/E06000008/infant-mortality/"),
    ("indicators", "/indicators/"),
    ("indicator", "/indicators/infant-mortality/"),
    ("methods", "/methods/"),
    ("login", "/accounts/login/"),
    ("styleguide", "/styleguide/"),
]


@pytest.fixture
def site(live_server, flushable_audit):
    from firstyear.areas.loader import load_reference_areas
    from firstyear.indicators.catalogue import sync_catalogue
    from tests.factories import make_profile_observations

    sync_catalogue()
    load_reference_areas()
    make_profile_observations()
    return live_server.url


def test_pages_pass_axe_and_render(site, browser_page):
    problems = {}
    for name, path in PAGES:
        response = browser_page.goto(site + path, wait_until="networkidle")
        assert response.status == 200, f"{path} answered {response.status}"
        assert browser_page.locator("h1").count() == 1, f"{path} should have exactly one h1"
        violations = run_axe(browser_page)
        if violations:
            problems[path] = violations
        screenshot(browser_page, name)
    assert problems == {}


def test_charts_load_as_images_with_alt_text(site, browser_page):
    browser_page.goto(site + "/areas/E06000008/infant-mortality/", wait_until="networkidle")
    images = browser_page.locator("img.fy-chart__img")
    assert images.count() == 3  # trend, compare, funnel (no breakdown data)
    for i in range(images.count()):
        image = images.nth(i)
        image.scroll_into_view_if_needed()
        image.evaluate("img => img.decode()")
        assert image.evaluate("img => img.naturalWidth") > 300
        assert "Blackburn with Darwen" in image.get_attribute("alt") or "Infant mortality" in image.get_attribute("alt")


def test_profile_table_shows_comparisons_and_spines(site, browser_page):
    browser_page.goto(site + "/areas/E06000008/", wait_until="networkidle")
    row = browser_page.locator("tr", has_text="Infant mortality").first
    assert row.locator("strong.fy-compare--worse").inner_text().strip().lower() == "worse"
    assert row.locator("svg.fy-spine__svg circle").count() == 1


def test_mobile_layout_has_no_sideways_scroll(site, browser_page):
    browser_page.set_viewport_size({"width": 375, "height": 800})
    for path in ("/", "/areas/E06000008/"):
        browser_page.goto(site + path, wait_until="networkidle")
        overflow = browser_page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 375px"
        screenshot(browser_page, "mobile" + path.replace("/", "-").rstrip("-"))


def test_print_stylesheet_hides_navigation(site, browser_page):
    browser_page.goto(site + "/areas/E06000008/", wait_until="networkidle")
    browser_page.emulate_media(media="print")
    assert not browser_page.locator(".govuk-service-navigation").is_visible()
    assert browser_page.locator("table.fy-spine").is_visible()
