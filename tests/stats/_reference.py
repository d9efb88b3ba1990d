"""Helpers to read the converted reference tables (see reference/README.md)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

REFERENCE = Path(__file__).parent / "reference"
SHARED = Path("/work/shared/data")


def table(name: str) -> pd.DataFrame:
    return pd.read_csv(REFERENCE / name, comment="#")


def shared(relative: str) -> Path:
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"{path} is not available (shared reference data lives outside the repo)")
    return path
