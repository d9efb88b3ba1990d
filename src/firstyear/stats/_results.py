"""Small frozen result types shared by the interval-producing functions.

Every result carries the limits at *every* requested confidence level:
``lower``/``upper`` are the limits at the first level requested, ``interval(level)``
returns any level, and ``lower95``/``upper95``/``lower998``/``upper998`` are
shortcuts for the two levels Fingertips publishes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np


class _Levels:
    confidence: tuple[float, ...]
    limits: Mapping[float, tuple[np.ndarray, np.ndarray]]

    def interval(self, confidence: float) -> tuple[np.ndarray, np.ndarray]:
        """Return ``(lower, upper)`` at a level that was requested in the call."""
        for level, pair in self.limits.items():
            if math.isclose(level, float(confidence)):
                return pair
        raise KeyError(
            f"confidence {confidence!r} was not computed; this result has "
            f"{', '.join(map(str, self.confidence))}"
        )

    @property
    def lower95(self) -> np.ndarray:
        return self.interval(0.95)[0]

    @property
    def upper95(self) -> np.ndarray:
        return self.interval(0.95)[1]

    @property
    def lower998(self) -> np.ndarray:
        return self.interval(0.998)[0]

    @property
    def upper998(self) -> np.ndarray:
        return self.interval(0.998)[1]


@dataclass(frozen=True, eq=False)
class Interval(_Levels):
    """Confidence limits for counts (from :func:`count_interval`).

    Unpacks as ``lower, upper = count_interval(...)`` (first requested level).

    Attributes
    ----------
    lower, upper : ndarray
        Limits at ``confidence[0]``.
    method : ndarray of str
        Method used per row: ``"exact"`` or ``"byars"`` (``""`` for coerced rows).
    confidence : tuple of float
        The requested levels, in the order given.
    limits : mapping
        ``{level: (lower, upper)}`` for every requested level.
    reason : ndarray of str
        Why a row was set to NaN under ``errors="coerce"``; empty where fine.
    """

    lower: np.ndarray
    upper: np.ndarray
    method: np.ndarray
    confidence: tuple[float, ...]
    limits: Mapping[float, tuple[np.ndarray, np.ndarray]]
    reason: np.ndarray

    def __iter__(self):
        return iter((self.lower, self.upper))


@dataclass(frozen=True, eq=False)
class Estimate(_Levels):
    """A statistic with confidence limits (rate, proportion, DSR, ISR, SMR).

    Unpacks as ``value, lower, upper, method = rate(...)``.

    Attributes
    ----------
    value : ndarray
        The statistic, already multiplied by ``multiplier``.
    lower, upper : ndarray
        Limits at ``confidence[0]``.
    method : ndarray of str
        Interval method per row (e.g. ``"exact"``, ``"byars"``, ``"wilson"``,
        ``"dobson"``); ``""`` where the row could not be computed.
    confidence : tuple of float
        The requested levels, in the order given.
    limits : mapping
        ``{level: (lower, upper)}`` for every requested level.
    reason : ndarray of str
        Why a row is NaN (bad input under ``errors="coerce"``, or too few events for
        a DSR); empty where fine.
    """

    value: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    method: np.ndarray
    confidence: tuple[float, ...]
    limits: Mapping[float, tuple[np.ndarray, np.ndarray]]
    reason: np.ndarray

    def __iter__(self):
        return iter((self.value, self.lower, self.upper, self.method))
