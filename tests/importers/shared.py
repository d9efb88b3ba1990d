"""Where the public reference data live; tests that need them skip, saying why, when absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(os.environ.get("FIRSTYEAR_SHARED_DATA", "/work/shared/data"))


def shared_file(relative: str) -> Path:
    path = SHARED / relative
    if not path.is_file():
        pytest.skip(f"public reference data not available here: {path}")
    return path
