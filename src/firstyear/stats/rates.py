"""Crude rates, proportions, directly and indirectly standardised rates.

All functions are vectorised over rows (areas, periods); the standardised ones take
strata (age bands) on the last axis.
"""

from __future__ import annotations

from types import MappingProxyType

import numpy as np

from ._results import Estimate
from ._validate import Checks, as_float, broadcast, format_value, one_of, parse_confidence
from .intervals import COUNT_METHODS, count_limits, wilson_limits

#: European Standard Population 2013, 19 five-year bands 0-4 ... 85-89, 90+ (Eurostat 2013).
EUROPEAN_STANDARD_POPULATION_2013 = np.array(
    [5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000,
     7000, 6500, 6000, 5500, 5000, 4000, 2500, 1500, 1000],
    dtype=float,
)  # fmt: skip
EUROPEAN_STANDARD_POPULATION_2013.setflags(write=False)

#: Fingertips does not publish a DSR based on fewer events than this.
DSR_MIN_EVENTS = 10


def _estimate(value, limits, levels, names, reason) -> Estimate:
    first = limits[levels[0]]
    return Estimate(
        value=value,
        lower=first[0],
        upper=first[1],
        method=names,
        confidence=levels,
        limits=MappingProxyType(limits),
        reason=reason,
    )


def _scaled(limits: dict, factor: np.ndarray) -> dict:
    return {level: (lo * factor, hi * factor) for level, (lo, hi) in limits.items()}


def rate(
    count,
    denominator,
    multiplier: float = 1000,
    confidence=0.95,
    method: str = "exact_byars",
    *,
    allow_fractional: bool = False,
    errors: str = "raise",
) -> Estimate:
    """Crude rate ``count / denominator * multiplier`` with Poisson confidence limits.

    The limits are those of the count (see :func:`count_interval`) divided by the
    denominator: exact Poisson below 10 events and Byar's from 10 up by default, as
    Fingertips does for infant mortality (per 1,000 live births).

    Parameters
    ----------
    count, denominator : array_like
        Events and population at risk (broadcast together). ``count`` may exceed the
        denominator (a rate, not a proportion).
    multiplier : float
        Rate per this many (1000 for infant mortality).
    confidence : float or sequence of float
        0.95, 0.998 or both; the first level fills ``lower``/``upper``.
    method : {"exact_byars", "byars", "exact"}
        Interval method for the count; the result's ``method`` says which was used per row.
    allow_fractional : bool
        Accept apportioned (non-integer) counts.
    errors : {"raise", "coerce"}
        See :mod:`firstyear.stats._validate`.

    Returns
    -------
    Estimate
        ``value, lower, upper, method``; ``interval(level)``; ``reason``.

    References
    ----------
    Breslow NE, Day NE (1987); PHE Technical Guide: Confidence Intervals (2018).
    """
    one_of("method", method, COUNT_METHODS)
    levels = parse_confidence(confidence)
    x, n = broadcast(
        count=as_float("count", count), denominator=as_float("denominator", denominator)
    )
    checks = Checks(x.shape, errors)
    checks.counts("count", x, integer=not allow_fractional)
    checks.denominators("denominator", n)
    bad, reason = checks.resolve()
    if bad.any():
        x = np.where(bad, np.nan, x)
        n = np.where(bad, np.nan, n)
    factor = multiplier / n
    limits, names = count_limits(x, levels, method)
    return _estimate(x * factor, _scaled(limits, factor), levels, names, reason)


def proportion(
    count,
    denominator,
    multiplier: float = 100,
    confidence=0.95,
    *,
    allow_fractional: bool = False,
    errors: str = "raise",
) -> Estimate:
    """Proportion ``count / denominator * multiplier`` with Wilson score limits.

    Used by Fingertips for low birth weight, breastfeeding, smoking at delivery.
    A count above its denominator is bad input.

    References
    ----------
    Wilson EB. Probable inference, the law of succession, and statistical inference.
    JASA 1927;22:209-212. Newcombe RG. Two-sided confidence intervals for the single
    proportion: comparison of seven methods. Stat Med 1998;17:857-872.
    """
    levels = parse_confidence(confidence)
    x, n = broadcast(
        count=as_float("count", count), denominator=as_float("denominator", denominator)
    )
    checks = Checks(x.shape, errors)
    checks.counts("count", x, integer=not allow_fractional)
    checks.denominators("denominator", n)
    with np.errstate(invalid="ignore"):
        over = x > n
    if over.any():
        # The first such row gets a message naming its denominator.
        first = np.unravel_index(int(np.argmax(over)), over.shape)
        checks.add(
            _at(over.shape, first),
            "count",
            x,
            f"count exceeds its denominator ({format_value(n[first])})",
        )
        checks.add(over, "count", x, "count exceeds its denominator")
    bad, reason = checks.resolve()
    if bad.any():
        x = np.where(bad, np.nan, x)
        n = np.where(bad, np.nan, n)
    limits = {}
    for level in levels:
        lo, hi = wilson_limits(x, n, level)
        limits[level] = (lo * multiplier, hi * multiplier)
    names = np.where(np.isnan(x), "", "wilson")
    return _estimate(x / n * multiplier, limits, levels, names, reason)


def _at(shape, index) -> np.ndarray:
    mask = np.zeros(shape, dtype=bool)
    mask[index] = True
    return mask


def dsr(
    count,
    population,
    standard_population=EUROPEAN_STANDARD_POPULATION_2013,
    multiplier: float = 100_000,
    confidence=0.95,
    *,
    min_events: int = DSR_MIN_EVENTS,
    errors: str = "raise",
) -> Estimate:
    """Directly standardised rate with Dobson confidence limits.

    Strata (e.g. the 19 age bands of the 2013 European Standard Population) are on the
    last axis; any leading axes are areas/periods, one result per row.

    DSR = sum(w_i x_i / n_i) / sum(w_i) * multiplier, with variance
    sum(w_i^2 x_i / n_i^2) / (sum w_i)^2; the limits are DSR + sqrt(var / O) (O_lim - O)
    where O = sum x_i and O_lim are the exact/Byar's limits of O (Dobson et al. 1991).
    Rows with fewer than ``min_events`` events are not calculated (NaN, with a reason),
    following Fingertips.

    References
    ----------
    Dobson AJ, Kuulasmaa K, Eberle E, Scherer J. Confidence intervals for weighted sums
    of Poisson parameters. Stat Med 1991;10:457-462. Breslow & Day (1987).
    """
    levels = parse_confidence(confidence)
    x, n, w = broadcast(
        count=as_float("count", count),
        population=as_float("population", population),
        standard_population=as_float("standard_population", standard_population),
    )
    checks = Checks(x.shape, errors)
    checks.counts("count", x)
    checks.denominators("population", n)
    checks.denominators("standard_population", w)
    bad, reason = checks.resolve()
    row_bad = bad.any(axis=-1)
    row_reason = _first_reason(reason)
    x = np.where(bad, np.nan, x)
    total_w = w.sum(axis=-1)
    value = (w * x / n).sum(axis=-1) / total_w
    var = (w * w * x / (n * n)).sum(axis=-1) / (total_w * total_w)
    observed = x.sum(axis=-1)
    few = ~row_bad & (observed < min_events)
    if few.any():
        row_reason = np.where(
            few, f"fewer than {min_events} events: DSR not calculated", row_reason
        )
        observed = np.where(few, np.nan, observed)
        value = np.where(few, np.nan, value)
    limits_o, names = count_limits(observed, levels, "exact_byars")
    with np.errstate(invalid="ignore", divide="ignore"):
        spread = np.sqrt(var / observed)
    limits = {
        level: (
            (value + spread * (lo - observed)) * multiplier,
            (value + spread * (hi - observed)) * multiplier,
        )
        for level, (lo, hi) in limits_o.items()
    }
    names = np.where(names == "", "", "dobson")
    return _estimate(value * multiplier, limits, levels, names, row_reason)


def _first_reason(reason: np.ndarray) -> np.ndarray:
    # Collapse per-stratum reasons to one per row (the first non-empty one).
    if reason.ndim == 0 or reason.shape[-1] == 0:
        return reason
    has = reason != ""
    first = np.argmax(has, axis=-1)
    picked = np.take_along_axis(reason, first[..., None], axis=-1)[..., 0]
    return np.where(has.any(axis=-1), picked, "")


def expected_events(population, reference_count, reference_population) -> np.ndarray:
    """Expected events sum_i n_i * (R_i / P_i) over strata on the last axis."""
    n, r, p = broadcast(
        population=as_float("population", population),
        reference_count=as_float("reference_count", reference_count),
        reference_population=as_float("reference_population", reference_population),
    )
    return (n * r / p).sum(axis=-1)


def smr(
    observed,
    expected,
    reference_value: float = 1.0,
    confidence=0.95,
    method: str = "exact_byars",
    *,
    errors: str = "raise",
) -> Estimate:
    """Standardised (indirectly) ratio O / E * reference_value.

    The limits are those of O (exact below 10 observed, Byar's from 10 up) divided
    by E. Use ``reference_value=100`` for an SMR on the 100 scale.

    References
    ----------
    Breslow & Day (1987) ch. 2; PHE Technical Guide: Confidence Intervals (2018).
    """
    one_of("method", method, COUNT_METHODS)
    levels = parse_confidence(confidence)
    o, e = broadcast(
        observed=as_float("observed", observed), expected=as_float("expected", expected)
    )
    checks = Checks(o.shape, errors)
    checks.counts("observed", o)
    checks.denominators("expected", e)
    bad, reason = checks.resolve()
    if bad.any():
        o = np.where(bad, np.nan, o)
        e = np.where(bad, np.nan, e)
    factor = reference_value / e
    limits, names = count_limits(o, levels, method)
    return _estimate(o * factor, _scaled(limits, factor), levels, names, reason)


def isr(
    observed,
    population,
    reference_count,
    reference_population,
    multiplier: float = 100_000,
    confidence=0.95,
    method: str = "exact_byars",
    *,
    errors: str = "raise",
) -> Estimate:
    """Indirectly standardised rate: (O / E) x the reference crude rate x multiplier.

    ``population``, ``reference_count`` and ``reference_population`` have strata on the
    last axis; ``observed`` is either the total per row (shape without the strata axis)
    or per stratum (same shape as ``population``, summed here).
    E = sum_i n_i R_i / P_i; reference crude rate = sum R_i / sum P_i.
    Limits: exact (O < 10) or Byar's limits of O, scaled the same way.

    References
    ----------
    Breslow & Day (1987); PHE Technical Guide: Confidence Intervals (2018).
    """
    n, r, p = broadcast(
        population=as_float("population", population),
        reference_count=as_float("reference_count", reference_count),
        reference_population=as_float("reference_population", reference_population),
    )
    checks = Checks(n.shape, errors)
    checks.counts("reference_count", r)
    checks.denominators("reference_population", p)
    checks.add(np.isnan(n) | (n < 0), "population", n, "populations must be non-negative numbers")
    bad, reason = checks.resolve()
    o = as_float("observed", observed)
    if o.shape == n.shape:
        o = o.sum(axis=-1)
    expected = np.where(bad.any(axis=-1), np.nan, (n * r / p).sum(axis=-1))
    ref_rate = r.sum(axis=-1) / p.sum(axis=-1)
    result = smr(o, expected, 1.0, confidence, method, errors=errors)
    scale = ref_rate * multiplier
    return _estimate(
        result.value * scale,
        _scaled(dict(result.limits), scale),
        result.confidence,
        result.method,
        np.where(_first_reason(reason) != "", _first_reason(reason), result.reason),
    )
