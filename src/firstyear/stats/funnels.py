"""Funnel plot control limits and significance, with optional over-dispersion.

Without over-dispersion the limits follow PHE/Fingertips (PHEindicatormethods):

* proportions: p0 +/- z sqrt(p0 (1 - p0) / n), clipped to [0, 1];
* rates and ratios: exact Poisson limits, inverted continuously: at expected count
  E = n theta0, the upper limit is the count whose exact lower confidence limit is E and
  the lower limit the count whose exact upper limit is E (the same curve PHE traces point
  by point from event counts).

Over-dispersion (Spiegelhalter 2005) is estimated from Winsorised z-scores and either
inflates the variance multiplicatively (phi) or adds a between-unit variance (tau^2,
DerSimonian-Laird); neither PHE package offers it.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
from scipy import special

from ._results import _Levels
from ._validate import Checks, as_float, broadcast, one_of, parse_confidence
from .compare import _DOUBLE, _label
from .intervals import count_limits, z_value

STATISTICS = ("proportion", "rate", "ratio")
OVERDISPERSION_METHODS = ("multiplicative", "additive")


@dataclass(frozen=True, eq=False)
class Overdispersion:
    """Spiegelhalter (2005) over-dispersion estimate.

    Attributes
    ----------
    method : str
        "multiplicative" (limits widened by sqrt(phi)) or "additive" (random effects:
        variance s^2 + tau^2).
    phi : float
        Over-dispersion factor: mean of squared Winsorised z-scores.
    tau2 : float
        Between-unit variance on the unmultiplied scale (0 for multiplicative, or when
        I phi <= I - 1).
    z : ndarray
        Unadjusted z-scores (y - theta0) / s.
    z_winsorised : ndarray
        The z-scores after Winsorising.
    baseline : float
        theta0 on the unmultiplied scale.
    units : int
        Number of units I.
    overdispersed : bool
        I phi above the 95th centile of chi-square on I - 1 degrees of freedom.
    """

    method: str
    phi: float
    tau2: float
    z: np.ndarray
    z_winsorised: np.ndarray
    baseline: float
    units: int
    overdispersed: bool

    def scale(self, s: np.ndarray) -> np.ndarray:
        """Adjusted standard error for within-unit standard error(s) ``s``."""
        if self.method == "multiplicative":
            return s * np.sqrt(max(self.phi, 1.0))
        return np.sqrt(s * s + self.tau2)


@dataclass(frozen=True, eq=False)
class FunnelLimits(_Levels):
    """Funnel limits at each denominator.

    ``lower``/``upper`` are at the first requested level; ``interval(level)`` for any
    other. Values are on the multiplied scale (e.g. per 1,000 or %).
    """

    denominator: np.ndarray
    baseline: float
    lower: np.ndarray
    upper: np.ndarray
    confidence: tuple[float, ...]
    limits: object
    method: str


def _standard_error(statistic: str, theta0: float, n: np.ndarray) -> np.ndarray:
    if statistic == "proportion":
        return np.sqrt(theta0 * (1 - theta0) / n)
    return np.sqrt(theta0 / n)


def _clean(count, denominator, statistic, errors):
    x, n = broadcast(
        count=as_float("count", count), denominator=as_float("denominator", denominator)
    )
    checks = Checks(x.shape, errors)
    checks.counts("count", x, integer=statistic != "proportion")
    checks.denominators("denominator", n)
    if statistic == "proportion":
        with np.errstate(invalid="ignore"):
            checks.add(x > n, "count", x, "count exceeds its denominator")
    bad, reason = checks.resolve()
    return np.where(bad, np.nan, x), np.where(bad, np.nan, n), reason


def _pooled(x, n) -> float:
    ok = ~np.isnan(x) & ~np.isnan(n)
    return float(x[ok].sum() / n[ok].sum())


def overdispersion(
    count,
    denominator,
    statistic: str = "proportion",
    baseline: float | None = None,
    multiplier: float = 1.0,
    method: str = "multiplicative",
    winsorise: float = 0.1,
    *,
    errors: str = "raise",
) -> Overdispersion:
    """Estimate over-dispersion among units for a funnel plot (Spiegelhalter 2005).

    z_i = (y_i - theta0) / s_i with s_i = sqrt(theta0 (1 - theta0) / n_i) for proportions
    or sqrt(theta0 / n_i) for rates and ratios; the z_i are Winsorised at the
    ``winsorise`` and ``1 - winsorise`` quantiles (default 10%), and
    phi = sum(z_w^2) / I. Additive: tau^2 = (I phi - (I - 1)) / (sum w - sum w^2 / sum w),
    w = 1 / s^2, floored at 0.

    Parameters
    ----------
    count, denominator : array_like
        Events and denominators per unit (for ratios: observed and expected).
    statistic : {"proportion", "rate", "ratio"}
    baseline : float, optional
        Target theta0 on the multiplied scale; default the pooled count / denominator.
    multiplier : float
        Scale of ``baseline`` (100 for a percentage baseline, 1000 per 1,000 ...).
    method : {"multiplicative", "additive"}
    winsorise : float
        Fraction Winsorised at each tail (0 to switch off).

    References
    ----------
    Spiegelhalter DJ. Handling over-dispersion of performance indicators. Qual Saf Health
    Care 2005;14:347-351. DerSimonian R, Laird N. Meta-analysis in clinical trials.
    Control Clin Trials 1986;7:177-188.
    """
    one_of("statistic", statistic, STATISTICS)
    one_of("method", method, OVERDISPERSION_METHODS)
    if not 0 <= winsorise < 0.5:
        raise ValueError(f"winsorise = {winsorise!r}: give a fraction in [0, 0.5)")
    x, n, _ = _clean(count, denominator, statistic, errors)
    ok = ~np.isnan(x)
    x, n = x[ok], n[ok]
    theta0 = _pooled(x, n) if baseline is None else baseline / multiplier
    s = _standard_error(statistic, theta0, n)
    z = (x / n - theta0) / s
    if winsorise > 0:
        lo, hi = np.quantile(z, [winsorise, 1 - winsorise])
        zw = np.clip(z, lo, hi)
    else:
        zw = z
    units = z.size
    phi = float(np.mean(zw * zw))
    tau2 = 0.0
    if method == "additive":
        w = 1 / (s * s)
        tau2 = max(0.0, (units * phi - (units - 1)) / (w.sum() - (w * w).sum() / w.sum()))
    from scipy.stats import chi2

    return Overdispersion(
        method=method,
        phi=phi,
        tau2=tau2,
        z=z,
        z_winsorised=zw,
        baseline=theta0,
        units=units,
        overdispersed=bool(units * phi > chi2.ppf(0.95, units - 1)) if units > 1 else False,
    )


def funnel_limits(
    denominator,
    baseline: float,
    statistic: str = "proportion",
    multiplier: float = 100,
    confidence=(0.95, 0.998),
    overdispersion: Overdispersion | None = None,
) -> FunnelLimits:
    """Control limits of a funnel plot at the given denominators.

    Parameters
    ----------
    denominator : array_like
        Population (births, person-years) at which to draw the limits; for ratios the
        expected events; for DSRs the derived denominator count / DSR * multiplier.
    baseline : float
        The target or average, on the multiplied scale (e.g. 3.9 per 1,000).
    statistic : {"proportion", "rate", "ratio"}
    multiplier : float
        100 for percentages, 1000 per 1,000, 1 for ratios ...
    confidence : float or sequence of float
        Default both 95% ("2 sigma") and 99.8% ("3 sigma").
    overdispersion : Overdispersion, optional
        From :func:`overdispersion`; limits become theta0 +/- z x adjusted s (normal
        approximation), clipped at 0 (and at 1 for proportions).

    Returns
    -------
    FunnelLimits

    References
    ----------
    Spiegelhalter DJ. Funnel plots for comparing institutional performance. Stat Med
    2005;24:1185-1202. PHEindicatormethods funnel functions (method, not code).
    """
    one_of("statistic", statistic, STATISTICS)
    levels = parse_confidence(confidence)
    n = as_float("denominator", denominator)
    checks = Checks(n.shape, "raise")
    checks.denominators("denominator", n)
    checks.resolve()
    theta0 = baseline / multiplier
    limits = {}
    if overdispersion is not None:
        s = overdispersion.scale(_standard_error(statistic, theta0, n))
        for level in levels:
            z = z_value(level)
            lo = np.maximum(theta0 - z * s, 0.0)
            hi = theta0 + z * s
            if statistic == "proportion":
                hi = np.minimum(hi, 1.0)
            limits[level] = (lo * multiplier, hi * multiplier)
        method = f"normal, {overdispersion.method} over-dispersion"
    elif statistic == "proportion":
        for level in levels:
            s = z_value(level) * np.sqrt(theta0 * (1 - theta0) / n)
            limits[level] = (
                np.maximum(theta0 - s, 0.0) * multiplier,
                np.minimum(theta0 + s, 1.0) * multiplier,
            )
        method = "normal (PHE)"
    else:
        expected = n * theta0
        for level in levels:
            alpha = 1 - level
            upper_count = special.gdtrib(1.0, alpha / 2, expected)
            lower_count = np.maximum(special.gdtrib(1.0, 1 - alpha / 2, expected) - 1, 0.0)
            limits[level] = (lower_count / n * multiplier, upper_count / n * multiplier)
        method = "exact Poisson"
    first = limits[levels[0]]
    return FunnelLimits(
        denominator=n,
        baseline=float(baseline),
        lower=first[0],
        upper=first[1],
        confidence=levels,
        limits=MappingProxyType(limits),
        method=method,
    )


def funnel_significance(
    count,
    denominator,
    statistic: str = "proportion",
    baseline: float | None = None,
    multiplier: float = 100,
    polarity: str = "no_judgement",
    overdispersion: Overdispersion | None = None,
    *,
    errors: str = "raise",
) -> np.ndarray:
    """Where each unit falls on its funnel: two-level labels as :func:`compare_levels`.

    Labels: "higher 99.8%" (PHE "High (0.001)"), "higher 95%" ("High (0.025)"),
    "similar" ("Not significant"), "lower 95%", "lower 99.8%"; with a polarity,
    "better ..."/"worse ..."; "not compared" for coerced bad rows.

    Without over-dispersion, as PHE: a proportion is compared with the funnel limits at its
    denominator; a rate or ratio is significant when the baseline lies outside the area's
    own exact (< 10 events) or Byar's interval. With over-dispersion the test is
    |y - theta0| / adjusted s against the normal quantile.
    """
    one_of("statistic", statistic, STATISTICS)
    x, n, _ = _clean(count, denominator, statistic, errors)
    theta0 = _pooled(x, n) if baseline is None else baseline / multiplier
    y = x / n
    code = np.full(x.shape, 2, dtype=np.int8)
    levels = (0.95, 0.998)
    if overdispersion is not None:
        zscore = (y - theta0) / overdispersion.scale(_standard_error(statistic, theta0, n))
        for level, (low_code, high_code) in zip(levels, ((1, 3), (4, 5)), strict=True):
            z = z_value(level)
            code[zscore < -z] = low_code
            code[zscore > z] = high_code
    elif statistic == "proportion":
        for level, (low_code, high_code) in zip(levels, ((1, 3), (4, 5)), strict=True):
            s = z_value(level) * np.sqrt(theta0 * (1 - theta0) / n)
            code[y < theta0 - s] = low_code
            code[y > theta0 + s] = high_code
    else:
        limits, _ = count_limits(x, levels, "exact_byars")
        for level, (low_code, high_code) in zip(levels, ((1, 3), (4, 5)), strict=True):
            lo, hi = limits[level]
            code[hi / n < theta0] = low_code
            code[lo / n > theta0] = high_code
    code[np.isnan(x)] = 0
    return _label(code, polarity, _DOUBLE)
