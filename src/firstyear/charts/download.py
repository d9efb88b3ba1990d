"""File names for chart downloads."""

from __future__ import annotations

import re
import unicodedata

FORMATS = ("svg", "png")
_UNSAFE = re.compile(r"[^a-z0-9]+")


def _slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _UNSAFE.sub("-", text.lower()).strip("-")


def chart_filename(area_code: str, indicator_slug: str, kind: str, format: str) -> str:
    """``("E06000008", "infant-mortality", "trend", "svg") -> "E06000008_infant-mortality_trend.svg"``.

    The area code keeps its case (GSS codes are upper case) but loses anything
    other than letters and digits; the indicator slug and chart kind are
    slugified (lower case, ASCII, hyphens). Empty parts are dropped, so a
    chart not about one area (e.g. compare-areas for a region) can pass ``""``.
    """
    fmt = format.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"unknown chart format {format!r}; expected one of {FORMATS}")
    code = re.sub(r"[^A-Za-z0-9]+", "", area_code)
    parts = [code, _slug(indicator_slug), _slug(kind)]
    stem = "_".join(p for p in parts if p)
    if not stem:
        raise ValueError("chart_filename needs at least one of area_code, indicator_slug, kind")
    return f"{stem}.{fmt}"
