from __future__ import annotations

import pytest

from firstyear.areas.loader import load_reference_areas


@pytest.fixture
def reference_areas(db):
    """Every reference area, succession and seed group, loaded as `firstyear init` does."""
    return load_reference_areas()


@pytest.fixture
def no_database_check(monkeypatch):
    """Let management commands run against pytest's in-memory database.

    ``require_database`` looks for the SQLite file on disk, which the test database is not.
    """
    monkeypatch.setattr("firstyear.web.commands.require_database", lambda: None)
