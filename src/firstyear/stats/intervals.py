"""Confidence intervals for Poisson counts and binomial proportions.

Methods (PHE "Technical Guide: Confidence Intervals", Fingertips technical guidance):

* exact Poisson limits from the chi-square distribution (Armitage & Berry);
* Byar's approximation to them (Breslow & Day 1987), closed form;
* Wilson score limits for proportions (Wilson 1927; Newcombe 1998).

Fingertips uses the exact limits below 10 events and Byar's from 10 up
("exact_byars", the default here); some indicators use Byar's throughout.
"""

from __future__ import annotations

import functools
from types import MappingProxyType

import numpy as np
from scipy import special

from ._results import Interval
from ._validate import Checks, as_float, one_of, parse_confidence

#: Interval methods for counts and rates.
COUNT_METHODS = ("exact_byars", "byars", "exact")
#: Fingertips switches from exact to Byar's at this many events.
EXACT_BELOW = 10


@functools.lru_cache(maxsize=32)
def z_value(confidence: float) -> float:
    """Two-sided standard normal quantile, e.g. 1.959964 for 0.95, 3.090232 for 0.998."""
    return float(special.ndtri(1 - (1 - confidence) / 2))


def _chi2_half(q: float, dof: np.ndarray) -> np.ndarray:
    # chi2.ppf(q, dof) / 2 is the gamma(dof/2) quantile; gammaincinv avoids scipy.stats overhead.
    return special.gammaincinv(dof / 2, q)


def exact_poisson_limits(count, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Exact Poisson limits for a count: chi-square quantiles halved.

    lower = chi2(alpha/2; 2x) / 2 (0 when x = 0), upper = chi2(1 - alpha/2; 2x + 2) / 2.
    No input checking: callers pass clean, non-negative float arrays.
    """
    x = np.asarray(count, dtype=float)
    alpha = 1 - confidence
    with np.errstate(invalid="ignore"):
        lower = np.where(x > 0, _chi2_half(alpha / 2, 2 * np.where(x > 0, x, 1)), 0.0)
        upper = _chi2_half(1 - alpha / 2, 2 * x + 2)
    return lower, upper


@functools.lru_cache(maxsize=32)
def _exact_table(confidence: float) -> tuple[np.ndarray, np.ndarray]:
    # Exact limits for whole counts 0..9, computed once per level: the fast path for the
    # small counts that dominate infant-death tables.
    lower, upper = exact_poisson_limits(np.arange(EXACT_BELOW, dtype=float), confidence)
    lower.setflags(write=False)
    upper.setflags(write=False)
    return lower, upper


def byars_limits(count, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Byar's approximation to the exact Poisson limits (Breslow & Day 1987).

    lower = x (1 - 1/(9x) - z/(3 sqrt x))^3, upper = (x+1) (1 - 1/(9(x+1)) + z/(3 sqrt(x+1)))^3.
    The lower limit is 0 for x = 0 and is floored at 0 for very small x at high confidence,
    where the cubic would otherwise go negative.
    """
    x = np.asarray(count, dtype=float)
    z = z_value(confidence)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = 1 - 1 / (9 * x) - z / (3 * np.sqrt(x))
        lower = x * (t * t * t)
        x1 = x + 1
        u = 1 - 1 / (9 * x1) + z / (3 * np.sqrt(x1))
        upper = x1 * (u * u * u)
    lower = np.where(x > 0, np.maximum(lower, 0.0), np.where(x == 0, 0.0, np.nan))
    return lower, upper


def count_limits(x: np.ndarray, levels: tuple[float, ...], method: str):
    """Limits for clean counts at every level; returns ({level: (lo, hi)}, method per row)."""
    if method == "exact_byars":
        use_exact = x < EXACT_BELOW
    elif method == "exact":
        use_exact = np.ones(x.shape, dtype=bool)
    else:
        use_exact = np.zeros(x.shape, dtype=bool)
    nan = np.isnan(x)
    any_exact = bool(use_exact.any())
    if any_exact:
        idx = np.nonzero(use_exact)
        xs = x[idx]
        in_table = (xs < EXACT_BELOW) & (xs == np.floor(xs))
        table_idx = xs[in_table].astype(np.intp)
    limits = {}
    for level in levels:
        if method == "exact":
            lower = np.empty_like(x)
            upper = np.empty_like(x)
        else:
            lower, upper = byars_limits(x, level)
        if any_exact:
            lo_s = np.empty_like(xs)
            hi_s = np.empty_like(xs)
            t_lo, t_hi = _exact_table(level)
            lo_s[in_table] = t_lo[table_idx]
            hi_s[in_table] = t_hi[table_idx]
            if not in_table.all():
                lo_s[~in_table], hi_s[~in_table] = exact_poisson_limits(xs[~in_table], level)
            lower[idx] = lo_s
            upper[idx] = hi_s
        limits[level] = (lower, upper)
    names = np.where(use_exact, "exact", "byars")
    if nan.any():
        names[nan] = ""
    return limits, names


def count_interval(
    count,
    confidence=0.95,
    method: str = "exact_byars",
    *,
    allow_fractional: bool = False,
    errors: str = "raise",
) -> Interval:
    """Confidence limits for a Poisson count of events.

    Parameters
    ----------
    count : array_like
        Observed events; 0 is valid (lower limit 0).
    confidence : float or sequence of float
        0.95, 0.998 or both, e.g. ``(0.95, 0.998)``; the first is the primary level.
    method : {"exact_byars", "byars", "exact"}
        "exact_byars" (Fingertips default): exact Poisson below 10 events, Byar's from
        10 up. "byars": Byar's throughout. "exact": exact throughout.
    allow_fractional : bool
        Accept non-integer (apportioned) counts; exact limits then use the continuous
        chi-square quantile.
    errors : {"raise", "coerce"}
        Bad counts raise ``ValueError`` naming the first position, or become NaN with
        a reason.

    Returns
    -------
    Interval
        ``lower, upper`` at the first level, ``interval(level)``, ``method`` per row.

    References
    ----------
    Breslow NE, Day NE. Statistical methods in cancer research, vol. II. IARC, 1987.
    Armitage P, Berry G, Matthews JNS. Statistical methods in medical research, 4th ed., 2002.
    Public Health England. Technical Guide: Confidence Intervals, 2018.
    """
    one_of("method", method, COUNT_METHODS)
    levels = parse_confidence(confidence)
    x = as_float("count", count)
    checks = Checks(x.shape, errors)
    checks.counts("count", x, integer=not allow_fractional)
    bad, reason = checks.resolve()
    if bad.any():
        x = np.where(bad, np.nan, x)
    limits, names = count_limits(x, levels, method)
    first = limits[levels[0]]
    return Interval(
        lower=first[0],
        upper=first[1],
        method=names,
        confidence=levels,
        limits=MappingProxyType(limits),
        reason=reason,
    )


def wilson_limits(count, denominator, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score limits for a proportion x/n (Wilson 1927; Newcombe 1998).

    (2x + z^2 -/+ z sqrt(z^2 + 4x(1 - x/n))) / (2(n + z^2)). No input checking.
    """
    x = np.asarray(count, dtype=float)
    n = np.asarray(denominator, dtype=float)
    z = z_value(confidence)
    z2 = z * z
    with np.errstate(invalid="ignore"):
        root = z * np.sqrt(z2 + 4 * x * (1 - x / n))
    scale = 2 * (n + z2)
    centre = 2 * x + z2
    # Clip rounding noise at x = 0 and x = n (the formula gives exactly 0 and 1 there).
    return np.maximum((centre - root) / scale, 0.0), np.minimum((centre + root) / scale, 1.0)
