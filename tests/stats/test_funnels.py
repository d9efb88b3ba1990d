"""Funnel limits and significance against PHEindicatormethods' funnel tables; the
over-dispersion adjustment (which neither package offers) against hand arithmetic from
Spiegelhalter (2005) and an independent loop implementation in this file."""

import math
import statistics

import numpy as np
import pytest

from firstyear.stats import funnel_limits, funnel_significance, overdispersion

from ._reference import table

pytestmark = pytest.mark.pure

PHE_LABELS = {
    "higher 99.8%": "High (0.001)",
    "higher 95%": "High (0.025)",
    "similar": "Not significant",
    "lower 95%": "Low (0.025)",
    "lower 99.8%": "Low (0.001)",
}


def test_proportion_limits_against_pheindicatormethods():
    """The baseline in the table is rounded to 6 decimals, so agreement is to ~1e-7."""
    ref = table("funnel_proportion_limits.csv")
    got = funnel_limits(ref["denominator"], ref["baseline"].iloc[0], "proportion", 100)
    for ours, theirs in [
        ("lower95", "lower95"),
        ("upper95", "upper95"),
        ("lower998", "lower998"),
        ("upper998", "upper998"),
    ]:
        np.testing.assert_allclose(getattr(got, ours), ref[theirs], rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize(
    "level,side", [("2s", "lower"), ("2s", "upper"), ("3s", "lower"), ("3s", "upper")]
)
def test_rate_limits_against_pheindicatormethods(level, side):
    """PHE tabulates rate funnels by event count x: the limit x / n at the population n
    (3 years of data) where x sits on the boundary. Our limits are a continuous function
    of the denominator, so evaluate them at PHE's n = x / limit.

    PHE finds the boundary's expected count lambda by bisection on v = lambda / (1 + x +
    lambda), halving a step from 0.5 until it is below 1e-7 (last steps 1.2e-7 and 6e-8),
    so its v is only good to a few times 1e-7: compared on v with absolute tolerance
    5e-7. The limits themselves agree to 2e-6 relative except at x = 1, where v is tiny
    and that fixed error is large in relative terms.
    """
    ref = table("funnel_rate_limits.csv")
    x = ref["events"].to_numpy()
    limit = ref[f"{side}_{level}_limit"].to_numpy()
    baseline = ref["baseline"].iloc[0]
    population = x / (limit / 100_000)
    np.testing.assert_allclose(
        population / ref[f"{side}_{level}_population_1_year"], 3.0, rtol=1e-6
    )
    conf = 0.95 if level == "2s" else 0.998
    got = getattr(funnel_limits(population, baseline, "rate", 100_000, confidence=conf), side)
    lam_theirs, lam_ours = x * baseline / limit, x * baseline / got
    np.testing.assert_allclose(
        lam_ours / (1 + x + lam_ours), lam_theirs / (1 + x + lam_theirs), rtol=0, atol=5e-7
    )
    np.testing.assert_allclose(got[x >= 2], limit[x >= 2], rtol=2e-6)


def test_proportion_significance_against_pheindicatormethods():
    ref = table("funnel_proportion_significance.csv")
    got = funnel_significance(ref["count"], ref["denominator"], "proportion", multiplier=1)
    assert [PHE_LABELS[x] for x in got] == list(ref["significance"])


@pytest.mark.parametrize(
    "column,rate_col,multiplier",
    [
        ("dsr_per_100000_with_0", "rate_dsr", 100_000),
        ("dsr_per_100_without_0", "rate_dsr", 100),
        ("crude_per_100000_with_0", "rate_crude_per_100000", 100_000),
        ("crude_per_100_without_0", "rate_crude_per_100", 100),
    ],
)
def test_rate_significance_against_pheindicatormethods(column, rate_col, multiplier):
    """As PHE: the denominator is derived as count / rate x multiplier (the population
    for crude rates with 0 events); DSR rows with fewer than 10 events are 'Not
    applicable' in PHE's table and skipped; 'without_0' drops zero-count areas."""
    ref = table("funnel_rate_significance.csv")
    if column.endswith("without_0"):
        ref = ref[ref["count"] > 0]
    rates = ref[rate_col].to_numpy() if "dsr" in column else ref[rate_col].to_numpy()
    if "dsr" in column:
        rates = rates / (1000 if multiplier == 100 else 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        derived = np.where(ref["count"] == 0, ref["pop"], ref["count"] / rates * multiplier)
    keep = np.isfinite(derived) & (derived > 0)
    if "dsr" in column:
        keep &= ref["count"].to_numpy() >= 10 if column.endswith("with_0") else keep
    got = funnel_significance(ref["count"][keep], derived[keep], "rate", multiplier=multiplier)
    want = ref[column][keep].to_numpy()
    mine = np.array([PHE_LABELS[x] for x in got])
    assert (mine == want).all(), list(zip(mine[mine != want], want[mine != want], strict=True))


def test_overdispersion_hand_arithmetic():
    """Four units, p0 = 0.1, n = 100, observed 5, 10, 15, 20 %; no Winsorising.

    s = sqrt(0.1 x 0.9 / 100) = 0.03; z = -5/3, 0, 5/3, 10/3;
    phi = (25/9 + 0 + 25/9 + 100/9) / 4 = 150/36 = 4.1667.
    w = 1/s^2 = 1111.1 each; tau^2 = (4 phi - 3) / (4w - w) = (50/3 - 3) / (3 x 1111.1)
        = 13.6667 / 3333.3 = 0.0041.
    Multiplicative 95% limit at n = 100: 0.1 + 1.959964 x 0.03 x sqrt(4.1667).
    Additive: 0.1 + 1.959964 x sqrt(0.0009 + 0.0041).
    """
    counts, n = [5, 10, 15, 20], [100] * 4
    mult = overdispersion(counts, n, "proportion", baseline=10, multiplier=100, winsorise=0)
    assert math.isclose(mult.phi, 150 / 36, rel_tol=1e-12)
    z = 1.959963984540054
    lim = funnel_limits([100], 10, "proportion", 100, confidence=0.95, overdispersion=mult)
    assert math.isclose(lim.upper[0], (0.1 + z * 0.03 * math.sqrt(150 / 36)) * 100, rel_tol=1e-12)
    add = overdispersion(
        counts, n, "proportion", baseline=10, multiplier=100, method="additive", winsorise=0
    )
    tau2 = (4 * 150 / 36 - 3) / (3 / 0.0009)
    assert math.isclose(add.tau2, tau2, rel_tol=1e-12)
    lim = funnel_limits([100], 10, "proportion", 100, confidence=0.95, overdispersion=add)
    assert lim.lower[0] == 0  # 0.1 - 1.96 x 0.0707 < 0: clipped
    assert math.isclose(lim.upper[0], (0.1 + z * math.sqrt(0.0009 + tau2)) * 100, rel_tol=1e-12)


def _loop_overdispersion(counts, denominators, theta0, winsorise):
    """Independent implementation: plain loops and the statistics module."""
    z = []
    for x, n in zip(counts, denominators, strict=True):
        s = math.sqrt(theta0 / n)
        z.append((x / n - theta0) / s)
    cuts = statistics.quantiles(z, n=100, method="inclusive")
    lo, hi = cuts[round(winsorise * 100) - 1], cuts[round((1 - winsorise) * 100) - 1]
    zw = [min(max(v, lo), hi) for v in z]
    phi = sum(v * v for v in zw) / len(zw)
    w = [n / theta0 for n in denominators]
    tau2 = max(0.0, (len(z) * phi - (len(z) - 1)) / (sum(w) - sum(v * v for v in w) / sum(w)))
    return phi, tau2


def test_overdispersion_against_loop_implementation():
    rng = np.random.default_rng(5)
    births = rng.integers(2000, 40000, 150)
    true = rng.gamma(20, 0.0039 / 20, 150)  # over-dispersed infant mortality rates
    deaths = rng.poisson(births * true)
    theta0 = deaths.sum() / births.sum()
    phi, tau2 = _loop_overdispersion(deaths, births, theta0, 0.1)
    got = overdispersion(deaths, births, "rate", method="additive")
    assert math.isclose(got.phi, phi, rel_tol=1e-10)
    assert math.isclose(got.tau2, tau2, rel_tol=1e-10)
    assert got.overdispersed
    # the adjusted funnel flags fewer areas than the plain Poisson one
    plain = funnel_significance(deaths, births, "rate", multiplier=1000)
    adjusted = funnel_significance(deaths, births, "rate", multiplier=1000, overdispersion=got)
    assert (adjusted != "similar").sum() < (plain != "similar").sum()


def test_limits_widen_with_confidence_and_narrow_with_denominator():
    n = np.array([100, 1_000, 10_000, 100_000])
    for stat, base, mult in [("proportion", 7.0, 100), ("rate", 3.9, 1000)]:
        f = funnel_limits(n, base, stat, mult)
        assert (f.lower998 <= f.lower95).all() and (f.upper998 >= f.upper95).all()
        assert (np.diff(f.upper95) < 0).all() and (np.diff(f.lower95) >= 0).all()
        assert ((f.lower95 <= base) & (base <= f.upper95)).all()
