"""Shared fixtures: a small real geography and one user per persona, built through actions."""

from __future__ import annotations

import pytest

from tests.factories import make_geography, make_user


@pytest.fixture
def geography(db):
    """England, two regions, a few North West authorities (real codes) and a CDOP footprint."""
    return make_geography()


@pytest.fixture
def persona(geography):
    """persona("analyst", "E06000008") -> a user holding that role in that area."""

    def build(role: str, area_code: str, email: str | None = None):
        return make_user(role=role, area_code=area_code, email=email)

    return build
