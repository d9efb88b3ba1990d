from __future__ import annotations

import os

import pytest

from firstyear.web.uploads import MAX_AGE_SECONDS, pending_dir, purge_stale

pytestmark = pytest.mark.pure


def test_abandoned_uploads_are_removed_after_a_day(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    now = 1_900_000_000.0
    folder = pending_dir("plans", now=now)
    old, fresh = folder / "old-token", folder / "fresh-token"
    old.write_bytes(b"x")
    fresh.write_bytes(b"y")
    os.utime(old, (now - MAX_AGE_SECONDS - 60, now - MAX_AGE_SECONDS - 60))
    os.utime(fresh, (now - 60, now - 60))
    assert purge_stale(folder, now=now) == ["old-token"]
    assert fresh.exists() and not old.exists()
