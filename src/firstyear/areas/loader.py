"""Reference areas (England, regions, local authorities) from the project's derived data."""

from __future__ import annotations


def load_reference_areas() -> str:
    raise NotImplementedError("reference area data not derived yet")
