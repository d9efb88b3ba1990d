"""How much of a burden is attributable to an exposure, or to inequality.

Two questions local plans ask:

* "What fraction of infant deaths is attributable to smoking in pregnancy?" -
  :func:`attributable_fraction` (Levin's population attributable fraction).
* "How many deaths would be avoided if every group had the least deprived group's
  rate?" ("one quarter of infant deaths would be avoided if all births had the risk of
  the least deprived") - :func:`excess_events`; and "reducing X would cut the gap by N%"
  - :func:`gap_reduction`.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from ._results import _Levels
from ._validate import Checks, as_float, broadcast, parse_confidence
from .intervals import z_value


@dataclass(frozen=True, eq=False)
class Fraction(_Levels):
    """A fraction with confidence limits (``interval(level)`` for other levels)."""

    value: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    confidence: tuple[float, ...]
    limits: object


def _levin(p, rr):
    excess = p * (rr - 1)
    return excess / (1 + excess)


def attributable_fraction(
    prevalence,
    relative_risk,
    *,
    rr_lower=None,
    rr_upper=None,
    prevalence_lower=None,
    prevalence_upper=None,
) -> Fraction:
    """Population attributable fraction, Levin's formula PAF = p(RR - 1) / (1 + p(RR - 1)).

    Parameters
    ----------
    prevalence : array_like
        Proportion of the population exposed, 0..1.
    relative_risk : array_like
        Relative risk of the outcome in the exposed (an adjusted RR from the literature).
    rr_lower, rr_upper : array_like, optional
        The RR's confidence limits (usually 95%).
    prevalence_lower, prevalence_upper : array_like, optional
        The prevalence's limits at the same level.

    Returns
    -------
    Fraction
        The PAF and, when limits are given, an interval by substitution: PAF is monotone
        in p and in RR, so its bounds over the box of the given limits are found at the
        corners. This ignores sampling correlation and treats the limits' level as the
        PAF's (reported under ``confidence = (0.95,)``); it is the usual substitution
        interval, conservative when both sources of uncertainty are supplied.

    References
    ----------
    Levin ML. The occurrence of lung cancer in man. Acta Unio Int Contra Cancrum
    1953;9:531-541. Rockhill B, Newman B, Weinberg C. Use and misuse of population
    attributable fractions. Am J Public Health 1998;88:15-19.
    """
    p, rr = broadcast(
        prevalence=as_float("prevalence", prevalence),
        relative_risk=as_float("relative_risk", relative_risk),
    )
    checks = Checks(p.shape, "raise")
    checks.add(
        ~np.isfinite(p) | (p < 0) | (p > 1), "prevalence", p, "prevalence must be between 0 and 1"
    )
    checks.add(~np.isfinite(rr) | (rr <= 0), "relative_risk", rr, "relative risks must be positive")
    checks.resolve()
    value = _levin(p, rr)
    rr_lo = rr if rr_lower is None else np.broadcast_to(as_float("rr_lower", rr_lower), p.shape)
    rr_hi = rr if rr_upper is None else np.broadcast_to(as_float("rr_upper", rr_upper), p.shape)
    p_lo = (
        p
        if prevalence_lower is None
        else np.broadcast_to(as_float("prevalence_lower", prevalence_lower), p.shape)
    )
    p_hi = (
        p
        if prevalence_upper is None
        else np.broadcast_to(as_float("prevalence_upper", prevalence_upper), p.shape)
    )
    corners = np.stack([_levin(pp, rrr) for pp in (p_lo, p_hi) for rrr in (rr_lo, rr_hi)])
    lower, upper = corners.min(axis=0), corners.max(axis=0)
    return Fraction(value, lower, upper, (0.95,), MappingProxyType({0.95: (lower, upper)}))


@dataclass(frozen=True, eq=False)
class ExcessEvents(_Levels):
    """Events in excess of what the reference rate would give.

    Attributes
    ----------
    observed : float
        Total observed events.
    expected : ndarray
        Events per group at the reference rate (n_i x r_ref).
    excess : ndarray
        Observed minus expected per group.
    total_excess : float
        Events that would be avoided in total (``value``'s numerator).
    value : float
        Fraction of all events avoided, 1 - r_ref / r_all.
    lower, upper : float
        Limits of that fraction at the first level; ``interval(level)``.
    reference_rate : float
        The reference rate used (per 1, unmultiplied).
    """

    observed: float
    expected: np.ndarray
    excess: np.ndarray
    total_excess: float
    value: float
    lower: float
    upper: float
    confidence: tuple[float, ...]
    limits: object
    reference_rate: float

    def events_interval(self, confidence: float = 0.95) -> tuple[float, float]:
        """Limits of the total avoidable events (observed total x fraction limits)."""
        lo, hi = self.interval(confidence)
        return self.observed * lo, self.observed * hi


def excess_events(count, denominator, reference="lowest", confidence=0.95) -> ExcessEvents:
    """Events avoided if every group had the reference group's rate.

    Parameters
    ----------
    count, denominator : array_like
        Events and population per group (e.g. infant deaths and live births by IMD decile).
    reference : "lowest", int, or float
        "lowest": the group with the lowest rate; an int: that group's index (e.g. 9 for
        the least deprived of ten deciles ordered most deprived first); a float: an
        external reference rate per 1 (e.g. England's least deprived decile).
    confidence : float or sequence of float

    Returns
    -------
    ExcessEvents
        With R = r_ref / r_all, the fraction avoided is 1 - R. Its interval comes from a
        log-normal interval for R: for an internal reference group with A events out of
        the total A + B, var(log R) = B / (A (A + B)) (delta method, Poisson counts; the
        reference group is part of the total); for an external reference rate,
        var(log R) = 1 / (A + B). Choosing the "lowest" group after seeing the data
        biases the fraction upwards; prefer a pre-specified group.

    Notes
    -----
    Example (North West infant mortality review style): if the least deprived decile's
    rate applied to every birth and 1,000 deaths were observed among 250,000 births with
    the reference rate 3.0 per 1,000, expected = 750, so 250 (25%) would be avoided.

    References
    ----------
    Public Health England. Health Profile for England 2018, ch. 5 (excess deaths by
    deprivation). Breslow & Day (1987) for the Poisson variance of log rate ratios.
    """
    levels = parse_confidence(confidence)
    o, n = broadcast(
        count=as_float("count", count), denominator=as_float("denominator", denominator)
    )
    checks = Checks(o.shape, "raise")
    checks.counts("count", o, integer=False)
    checks.denominators("denominator", n)
    checks.resolve()
    total_o, total_n = float(o.sum()), float(n.sum())
    rates = o / n
    if isinstance(reference, str):
        if reference != "lowest":
            raise ValueError(f"reference = {reference!r}: use 'lowest', a group index or a rate")
        reference = int(np.argmin(rates))
    if isinstance(reference, (int, np.integer)):
        a = float(o[reference])
        r_ref = float(rates[reference])
        if a <= 0:
            raise ValueError(
                f"count[{reference}] = 0: the reference group needs events for an interval"
            )
        var = (total_o - a) / (a * total_o)
    else:
        r_ref = float(reference)
        var = 1 / total_o
    expected = n * r_ref
    ratio = r_ref / (total_o / total_n)
    limits = {}
    for level in levels:
        spread = z_value(level) * np.sqrt(var)
        limits[level] = (1 - ratio * np.exp(spread), 1 - ratio * np.exp(-spread))
    first = limits[levels[0]]
    return ExcessEvents(
        observed=total_o,
        expected=expected,
        excess=o - expected,
        total_excess=total_o - float(expected.sum()),
        value=1 - ratio,
        lower=first[0],
        upper=first[1],
        confidence=levels,
        limits=MappingProxyType(limits),
        reference_rate=r_ref,
    )


def gap_reduction(rate_high, rate_low, fraction_high, fraction_low=0.0) -> np.ndarray:
    """Share of a rate gap removed if an exposure were eliminated in both groups.

    With attributable fractions f_h and f_l of the exposure in the high- and low-rate
    groups, removing it leaves rates r_h (1 - f_h) and r_l (1 - f_l), so the gap
    r_h - r_l shrinks by (r_h f_h - r_l f_l) / (r_h - r_l). "Reducing smoking in
    pregnancy would decrease the infant mortality gap by N%" is 100 x this.
    """
    rh, rl, fh, fl = broadcast(
        rate_high=as_float("rate_high", rate_high),
        rate_low=as_float("rate_low", rate_low),
        fraction_high=as_float("fraction_high", fraction_high),
        fraction_low=as_float("fraction_low", fraction_low),
    )
    checks = Checks(rh.shape, "raise")
    checks.add(rh <= rl, "rate_high", rh, "rate_high must exceed rate_low (there must be a gap)")
    checks.resolve()
    return (rh * fh - rl * fl) / (rh - rl)
