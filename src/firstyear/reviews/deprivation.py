"""Deprivation quintile of residence, derived from the LSOA (never typed): English Indices of
Deprivation 2019, File 1 (2011 LSOAs). Quintile 1 is the most deprived fifth of England."""

from __future__ import annotations

import math
from functools import lru_cache
from importlib import resources

IMD_EDITION = "IoD2019"


@lru_cache(maxsize=1)
def _lookup() -> dict[str, tuple[str, int]]:
    text = resources.files("firstyear.reviews").joinpath("data", "imd2019_lsoa.csv").read_text()
    out = {}
    for line in text.splitlines():
        if not line or line.startswith(("#", "lsoa11cd")):
            continue
        lsoa, lad, decile = line.split(",")
        out[lsoa] = (lad, int(decile))
    return out


def quintile(lsoa_code: str) -> int | None:
    """IMD 2019 quintile (1 most deprived .. 5 least), or None for an LSOA not in IoD2019."""
    found = _lookup().get((lsoa_code or "").strip().upper())
    return None if found is None else math.ceil(found[1] / 2)


def lsoa_district(lsoa_code: str) -> str | None:
    found = _lookup().get((lsoa_code or "").strip().upper())
    return None if found is None else found[0]


def lsoas_by_district() -> dict[str, list[tuple[str, int]]]:
    """{district code: [(lsoa, quintile), ...]} (used by the synthetic demo)."""
    out: dict[str, list[tuple[str, int]]] = {}
    for lsoa, (lad, decile) in _lookup().items():
        out.setdefault(lad, []).append((lsoa, math.ceil(decile / 2)))
    return out
