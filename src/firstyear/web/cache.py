"""Caching derived output (charts, profiles) keyed on the data version, so a recompute invalidates it."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

from firstyear.indicators.models import DataVersion

T = TypeVar("T")


def cached(key: str, build: Callable[[], T], *, timeout: int = 3600) -> T:
    # Hashed: keys carry period labels with spaces, which some cache backends refuse.
    full_key = f"fy:{DataVersion.current()}:{hashlib.sha1(key.encode()).hexdigest()}"
    value = cache.get(full_key)
    if value is None:
        value = build()
        cache.set(full_key, value, timeout)
    return value
