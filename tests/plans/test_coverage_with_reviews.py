"""Coverage from real child death reviews: factors panels found that no action addresses."""

from __future__ import annotations

import html

import pytest

from firstyear.reviews.summary import modifiable_factor_summary

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_world(reference_data):
    from firstyear.demo.accounts import ensure_demo_users
    from firstyear.plans.demo import load_demo_plans
    from firstyear.reviews.demo import load_demo_cases

    ensure_demo_users()
    load_demo_cases()
    load_demo_plans()


def test_summary_counts_factors_scored_two_for_the_footprint_and_its_members(demo_world):
    footprint = dict((code, n) for code, _, n in modifiable_factor_summary(_area("CDOP-PANLANCS")))
    members = [dict((code, n) for code, _, n in modifiable_factor_summary(_area(c)))
               for c in ("E06000008", "E06000009", "E10000017")]
    assert footprint and sum(footprint.values()) > 0
    for code, n in footprint.items():
        assert n == sum(m.get(code, 0) for m in members), code


def test_coverage_page_uses_the_register_and_hides_small_counts(client, demo_world):
    from firstyear.accounts.models import User

    client.force_login(User.objects.get(email="lead@demo.firstyear.test"))
    page = html.unescape(client.get("/plans/areas/E06000008/coverage/").content.decode())
    assert "No child death review figures are available" not in page
    assert "Deaths reviewed with each modifiable factor" in page
    counts = dict((code, n) for code, _, n in modifiable_factor_summary(_area("E06000008")))
    if any(0 < n < 5 for n in counts.values()):
        assert "fewer than 5" in page


def _area(code):
    from firstyear.areas.models import Area

    return Area.objects.get(code=code)
