"""Uploaded files waiting for a person to confirm an import.

They live under ``MEDIA_ROOT/pending/<purpose>/``; any left there for more than a day (an
import that was checked but never confirmed) is removed the next time anyone uploads.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from django.conf import settings

MAX_AGE_SECONDS = 24 * 60 * 60


def pending_dir(purpose: str, *, now: float | None = None) -> Path:
    folder = Path(settings.MEDIA_ROOT) / "pending" / purpose
    folder.mkdir(parents=True, exist_ok=True)
    purge_stale(folder, now=now)
    return folder


def purge_stale(folder: Path, *, now: float | None = None, max_age: float = MAX_AGE_SECONDS) -> list[str]:
    now = time.time() if now is None else now
    removed = []
    for entry in folder.iterdir():
        if now - entry.stat().st_mtime > max_age:
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
            removed.append(entry.name)
    return removed
