"""Caching derived output (charts, profiles) keyed on the data version, so a recompute invalidates it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

from firstyear.indicators.models import DataVersion

T = TypeVar("T")


def cached(key: str, build: Callable[[], T], *, timeout: int = 3600) -> T:
    full_key = f"fy:{DataVersion.current()}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = build()
        cache.set(full_key, value, timeout)
    return value
