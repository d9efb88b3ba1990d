"""Slope and relative index of inequality across deprivation quantiles (PHE method).

Quantiles are ordered from most to least deprived (e.g. IMD decile 1 first). Each gets
the midpoint of its range in the cumulative population share as its relative rank
x_i = sum_{j<i} a_j + a_i / 2, a_i = n_i / sum n. The indicator value is regressed on x
by least squares weighted by a_i (PHE fits y sqrt(a) ~ sqrt(a) + x sqrt(a) without an
intercept, which is the same fit). SII = slope x multiplier (the fitted difference
between the least and most deprived ends), RII = (intercept + slope) / intercept
(inverted when the multiplier is negative). Confidence limits come by simulation, as in
PHEindicatormethods: each quantile's value is redrawn from a normal distribution on the
scale where its 95% interval is symmetric (identity, log for rates, logit for
proportions), the regression refitted, and the empirical percentiles of the simulated
SII and RII taken. Draws come from a seeded numpy Generator, so results are
reproducible.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from ._results import _Levels
from ._validate import Checks, as_float, broadcast, one_of, parse_confidence
from .intervals import z_value

VALUE_TYPES = ("normal", "rate", "proportion")
#: Default seed, so that a default call always gives the same limits.
DEFAULT_SEED = 20040601  # Low & Low's paper appeared in 2004
_DRAWS_PER_CHUNK = 4_000_000


@dataclass(frozen=True, eq=False)
class InequalityIndex(_Levels):
    """SII or RII per area with simulated confidence limits.

    ``value``; ``lower``/``upper`` at the first level; ``interval(level)``.
    ``intercept`` is the fitted value at the most deprived end (x = 0), before the
    multiplier; ``rii`` (on an SII result) is the matching RII result.
    """

    value: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    confidence: tuple[float, ...]
    limits: object
    intercept: np.ndarray
    repetitions: int
    rii: InequalityIndex | None = None


def relative_rank(population) -> np.ndarray:
    """Midpoint of each quantile in the cumulative population share (last axis)."""
    n = as_float("population", population)
    a = n / n.sum(axis=-1, keepdims=True)
    return np.cumsum(a, axis=-1) - a / 2


def _coefficients(a: np.ndarray, x: np.ndarray):
    """Weights c such that slope = sum(c y), and the weighted mean of x."""
    xbar = (a * x).sum(-1, keepdims=True)
    dev = x - xbar
    c = a * dev / (a * dev * dev).sum(-1, keepdims=True)
    return c, xbar[..., 0]


def _transform(value, value_type):
    if value_type == "rate":
        return np.log(value)
    if value_type == "proportion":
        return np.log(value / (1 - value))
    return value


def _back(t, value_type):
    if value_type == "rate":
        return np.exp(t)
    if value_type == "proportion":
        return 1 / (1 + np.exp(-t))
    return t


def sii(
    value,
    population,
    *,
    lower=None,
    upper=None,
    se=None,
    value_type: str = "normal",
    multiplier: float = 1.0,
    confidence=0.95,
    repetitions: int = 100_000,
    rng: int | np.random.Generator | None = None,
) -> InequalityIndex:
    """Slope index of inequality (with its RII as ``.rii``), PHE method.

    Parameters
    ----------
    value : array_like
        Indicator value per quantile, most deprived first; 2-d for several areas
        (areas x quantiles).
    population : array_like
        Population (denominator) per quantile, same shape.
    lower, upper : array_like, optional
        95% confidence limits per quantile, used to derive the standard error on the
        transformed scale: (T(upper) - T(lower)) / (2 x 1.96).
    se : array_like, optional
        Standard error on the transformed scale, instead of lower/upper.
    value_type : {"normal", "rate", "proportion"}
        Transformation for the simulation: identity, log, or logit (proportions as
        fractions 0..1).
    multiplier : float
        Scales the SII (e.g. 100 for percentages, -1 to reverse the direction; a
        negative multiplier also inverts the RII).
    confidence : float or sequence of float
    repetitions : int
        Simulation size (PHE default 100,000; minimum 1,000).
    rng : int or numpy.random.Generator, optional
        Seed or generator for the simulation; default ``DEFAULT_SEED``.

    Returns
    -------
    InequalityIndex
        The SII, its limits, and ``.rii``.

    References
    ----------
    Low A, Low A. Measuring the gap: quantifying and comparing local health
    inequalities. J Public Health 2004;26:388-395. PHEindicatormethods::phe_sii
    documentation (method).
    """
    one_of("value_type", value_type, VALUE_TYPES)
    levels = parse_confidence(confidence)
    if repetitions < 1000:
        raise ValueError(f"repetitions = {repetitions}: use at least 1,000")
    y, n = broadcast(value=as_float("value", value), population=as_float("population", population))
    single = y.ndim == 1
    y2, n2 = np.atleast_2d(y), np.atleast_2d(n)
    checks = Checks(y2.shape, "raise")
    checks.finite("value", y2, "values")
    checks.denominators("population", n2)
    if value_type == "proportion":
        checks.add(
            (y2 <= 0) | (y2 >= 1), "value", y2, "proportions must be strictly between 0 and 1"
        )
    if value_type == "rate":
        checks.add(y2 <= 0, "value", y2, "rates must be positive for the log transformation")
    if se is not None:
        s = np.broadcast_to(np.atleast_2d(as_float("se", se)), y2.shape)
    elif lower is not None and upper is not None:
        lo = np.broadcast_to(np.atleast_2d(as_float("lower", lower)), y2.shape)
        hi = np.broadcast_to(np.atleast_2d(as_float("upper", upper)), y2.shape)
        checks.finite("lower", lo, "confidence limits")
        checks.finite("upper", hi, "confidence limits")
        with np.errstate(invalid="ignore", divide="ignore"):
            s = (_transform(hi, value_type) - _transform(lo, value_type)) / (2 * z_value(0.95))
    else:
        raise ValueError("give the standard error (se=) or the 95% limits (lower=, upper=)")
    checks.add(
        ~np.isfinite(s) | (s < 0), "se", s, "standard errors must be finite and non-negative"
    )
    checks.resolve()

    a = n2 / n2.sum(-1, keepdims=True)
    x = np.cumsum(a, -1) - a / 2
    c, xbar = _coefficients(a, x)
    slope = (c * y2).sum(-1)
    intercept = (a * y2).sum(-1) - slope * xbar
    rii_value = (intercept + slope) / intercept

    generator = (
        rng
        if isinstance(rng, np.random.Generator)
        else np.random.default_rng(DEFAULT_SEED if rng is None else rng)
    )
    t = _transform(y2, value_type)
    rows, k = y2.shape
    sim_sii = np.empty((rows, repetitions))
    sim_rii = np.empty((rows, repetitions))
    chunk = max(1, _DRAWS_PER_CHUNK // (repetitions * k))
    for start in range(0, rows, chunk):  # chunks bound memory; each is fully vectorised
        stop = min(rows, start + chunk)
        draws = _back(
            t[start:stop, None, :]
            + s[start:stop, None, :] * generator.standard_normal((stop - start, repetitions, k)),
            value_type,
        )
        b = (c[start:stop, None, :] * draws).sum(-1)
        i0 = (a[start:stop, None, :] * draws).sum(-1) - b * xbar[start:stop, None]
        sim_sii[start:stop] = b
        sim_rii[start:stop] = (i0 + b) / i0

    def pack(value_, sims, scale, invert):
        limits = {}
        for level in levels:
            q = np.quantile(sims, [(1 - level) / 2, 1 - (1 - level) / 2], axis=-1)
            lo_, hi_ = q[0] * scale, q[1] * scale
            if invert:
                lo_, hi_ = 1 / hi_, 1 / lo_
            elif scale < 0:
                lo_, hi_ = hi_, lo_
            limits[level] = (lo_[0] if single else lo_, hi_[0] if single else hi_)
        return limits

    invert = multiplier < 0
    rii_out = 1 / rii_value if invert else rii_value
    rii_limits = pack(rii_out, sim_rii, 1.0, invert)
    sii_limits = pack(slope * multiplier, sim_sii, multiplier, False)

    def squeeze(arr):
        return arr[0] if single else arr

    rii_result = InequalityIndex(
        value=squeeze(rii_out),
        lower=rii_limits[levels[0]][0],
        upper=rii_limits[levels[0]][1],
        confidence=levels,
        limits=MappingProxyType(rii_limits),
        intercept=squeeze(intercept),
        repetitions=repetitions,
    )
    return InequalityIndex(
        value=squeeze(slope * multiplier),
        lower=sii_limits[levels[0]][0],
        upper=sii_limits[levels[0]][1],
        confidence=levels,
        limits=MappingProxyType(sii_limits),
        intercept=squeeze(intercept),
        repetitions=repetitions,
        rii=rii_result,
    )


def rii(value, population, **kwargs) -> InequalityIndex:
    """Relative index of inequality: ``sii(...).rii`` (same arguments as :func:`sii`)."""
    return sii(value, population, **kwargs).rii
