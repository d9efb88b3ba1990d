"""Shared fixtures: a small real geography and one user per persona, built through actions."""

from __future__ import annotations

import pytest


@pytest.fixture
def geography(db):
    """England, two regions, a few North West authorities (real codes) and a CDOP footprint."""
    from tests.factories import make_geography

    return make_geography()


@pytest.fixture
def persona(geography):
    """persona("analyst", "E06000008") -> a user holding that role in that area."""

    from tests.factories import make_user

    def build(role: str, area_code: str, email: str | None = None):
        return make_user(role=role, area_code=area_code, email=email)

    return build


@pytest.fixture
def reference_data(db):
    """The indicator catalogue and every reference area, as `firstyear init` loads them."""
    from firstyear.areas.loader import load_reference_areas
    from firstyear.indicators.catalogue import sync_catalogue

    sync_catalogue()
    load_reference_areas()


@pytest.fixture
def profile_data(reference_data):
    """Real-shaped figures for a few North West areas: infant mortality over five pooled periods
    (counts chosen to give a worse-than-England area, a similar one and a better one), smoking at
    delivery for one year, and the IMD score; recomputed as an import would."""
    from tests.factories import make_profile_observations

    return make_profile_observations()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: data versions restart with each test database."""
    from django.conf import settings

    if not settings.configured:  # the pure tests may run without Django (pytest -p no:django)
        yield
        return
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
