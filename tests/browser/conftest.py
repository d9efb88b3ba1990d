"""Headless Chromium (Debian's package) driven by Playwright, with axe-core for accessibility.

Playwright's own browser download does not work offline, so the system Chromium is used by
path. Without one the tests skip, saying why, except under CI where Chromium is installed.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls made here (fixtures,
# teardown) are ordinary synchronous calls, so Django's async-safety guard is lifted for them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def chromium_path() -> str | None:
    for candidate in (os.environ.get("FIRSTYEAR_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture
def flushable_audit(transactional_db):
    """Let the test database be flushed between live-server tests (SQLite flushes with DELETE,
    which the append-only trigger refuses); tests/accounts/test_audit.py puts the trigger back."""
    from django.db import connection

    from firstyear.accounts import dbguard

    if connection.vendor == "sqlite":
        dbguard.remove(connection)


@pytest.fixture
def browser_page():
    path = chromium_path()
    if path is None:
        message = "no Chromium found (install Debian's chromium or set FIRSTYEAR_CHROMIUM)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=path,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
                  "--no-first-run", "--disable-component-update", "--disable-sync"],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        yield page
        browser.close()


def run_axe(page) -> list[dict]:
    """axe-core's violations for the current page (WCAG 2.2 A and AA rules)."""
    page.add_script_tag(content=AXE.read_text())
    result = page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"]]


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
