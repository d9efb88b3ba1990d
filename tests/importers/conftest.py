from __future__ import annotations

import pytest

from firstyear.areas.loader import load_reference_areas
from firstyear.indicators.catalogue import sync_catalogue


@pytest.fixture
def reference_data(db):
    """The indicator catalogue and every reference area, as `firstyear init` loads them."""
    sync_catalogue()
    load_reference_areas()


@pytest.fixture
def no_database_check(monkeypatch):
    """Let management commands run against pytest's in-memory database.

    ``require_database`` looks for the SQLite file on disk, which the test database is not.
    """
    monkeypatch.setattr("firstyear.web.commands.require_database", lambda: None)
