"""Funnel limits and significance against PHEindicatormethods' and PHStatsMethods' funnel
tables (proportions, DSRs, crude rates, ratios; see reference/README.md) and the values in
PHStatsMethods' funnel-helper unit tests; the over-dispersion adjustment (which neither
package offers) against hand arithmetic from Spiegelhalter (2005) and an independent loop
implementation in this file."""

import math
import statistics

import numpy as np
import pytest

from firstyear.stats import (
    byars_limits,
    count_interval,
    exact_poisson_limits,
    funnel_limits,
    funnel_significance,
    overdispersion,
)

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


# PHE's poisson_funnel (PHEindicatormethods R/utils.R; PHStatsMethods utils_funnel.py is a
# port) finds the expected count lambda at which an event count x sits on a funnel limit by
# bisection on v = lambda / (1 + x + lambda): v starts at 0.5 with step 0.5, the step is
# halved before each move, and the loop stops once the step is <= 1e-7, so the last move is
# 0.5 / 2**23 = 2**-24 (5.96e-8) and v ends within that of the root. Each move compares a
# Poisson tail probability that PHE sums term by term, stopping once a term is below 1e-10
# of the running total; the tail left out (up to ~5e-10 in these tables) can shift a
# decision point by up to 2.3e-9 in v (measured against scipy's Poisson tails over every
# row of the four tables), so one row lands 1.4% of a step past the root. Hence:
PHE_V_TOL = 2.0**-24 + 2.5e-9
RTOL = 1e-6
LEVELS = {"2s": 0.95, "3s": 0.998, "95": 0.95, "998": 0.998}


def _on_boundary(events, side, confidence, statistic, baseline, multiplier):
    """Expected count lambda at which our ``side`` funnel limit passes through ``events``.

    Inverts :func:`funnel_limits` (whose boundary count rises with the denominator) by
    bisection on log lambda, run to machine precision.
    """
    theta0 = baseline / multiplier
    x = np.asarray(events, dtype=float)
    lo, hi = np.full(x.shape, 1e-12), 4 * x + 50
    for _ in range(120):
        mid = np.sqrt(lo * hi)
        n = mid / theta0
        limits = funnel_limits(n, baseline, statistic, multiplier, confidence=confidence)
        below = getattr(limits, side) * n / multiplier < x
        lo, hi = np.where(below, mid, lo), np.where(below, hi, mid)
    return np.sqrt(lo * hi)


def _assert_on_phe_curve(events, lam_phe, lam_ours, limit_phe, limit_ours) -> int:
    """Compare on PHE's bisection variable v to PHE_V_TOL, and the limits to 1e-6 relative
    wherever that tolerance allows it (the limit is proportional to 1 / lambda and
    d lambda / lambda = dv / (v (1 - v))); returns how many rows needed more than 1e-6."""
    v_phe = lam_phe / (1 + events + lam_phe)
    v_ours = lam_ours / (1 + events + lam_ours)
    np.testing.assert_allclose(v_ours, v_phe, rtol=0, atol=PHE_V_TOL)
    rtol = np.maximum(RTOL, PHE_V_TOL / (v_phe * (1 - v_phe)))
    rel = np.abs(limit_ours / limit_phe - 1)
    assert (rel <= rtol).all(), (events[rel > rtol], rel[rel > rtol])
    return int((rtol > RTOL).sum())


RATE_TABLES = [
    "funnel_rate_limits.csv",  # DSR per 100,000
    "funnel_rate_limits_crude.csv",  # crude, denominators derived from the rates
    "funnel_rate_limits_crude_denominator.csv",  # crude, a zero-event area, pop supplied
]


@pytest.mark.parametrize("name", RATE_TABLES)
@pytest.mark.parametrize(
    "level,side", [("2s", "lower"), ("2s", "upper"), ("3s", "lower"), ("3s", "upper")]
)
def test_rate_limits_against_pheindicatormethods(name, level, side):
    """PHE tabulates rate funnels by event count x (100 rows per table, per 100,000, 3
    years): the limit is x / n at the population n where x sits on the boundary, so
    lambda = n x baseline / 100,000 = x x baseline / limit. We invert our continuous limits
    to find our lambda for the same x and compare on v (see PHE_V_TOL).

    The limits then agree to 1e-6 relative except where v is small (upper limits at x = 1,
    and x <= 3 at 99.8%: at most 3 rows a column), where PHE's fixed bisection error in v
    is large relative to lambda; there the bound is PHE_V_TOL / (v (1 - v)).
    """
    ref = table(name)
    x = ref["events"].to_numpy(dtype=float)
    limit = ref[f"{side}_{level}_limit"].to_numpy()
    baseline = ref["baseline"].iloc[0]
    np.testing.assert_allclose(  # PHE's own columns: population over 3 years
        x / (limit / 100_000) / ref[f"{side}_{level}_population_1_year"], 3.0, rtol=RTOL
    )
    lam_phe = x * baseline / limit
    lam_ours = _on_boundary(x, side, LEVELS[level], "rate", baseline, 100_000)
    looser = _assert_on_phe_curve(x, lam_phe, lam_ours, limit, x * baseline / lam_ours)
    assert looser <= 3


def _rate_inputs_as_called(name):
    """The (events, denominators) PHE's test feeds calculate_funnel_limits for each table
    (tests/testthat/testFunnels.R), from the shared input table."""
    inputs = table("funnel_rate_inputs.csv")
    ev = inputs["ev"].to_numpy(dtype=float)
    rate = inputs["rate"].to_numpy(dtype=float)
    top = ev == ev.max()
    if name == "funnel_rate_limits.csv":  # dsr: denominator_derived = 1e5 ev / rate
        return ev, 1e5 * ev / rate
    if name == "funnel_rate_limits_crude.csv":  # the largest ev set to 5
        ev = np.where(top, 5.0, ev)
        return ev, 1e5 * ev / rate
    pop = 1e5 * ev / rate  # pop supplied; the largest ev (and its rate) set to 0
    keep = pop > pop.max() / 2
    return np.where(top, 0.0, ev)[keep], pop[keep]


@pytest.mark.parametrize("name", RATE_TABLES)
def test_rate_funnel_baselines_follow_from_their_inputs(name):
    """Checks the calls named in the tables' headers: each baseline (10 significant
    figures) is the pooled rate of the inputs as PHE's test modifies them."""
    events, denominators = _rate_inputs_as_called(name)
    baseline = table(name)["baseline"].iloc[0]
    assert math.isclose(events.sum() / denominators.sum() * 1e5, baseline, rel_tol=1e-9)


@pytest.mark.parametrize(
    "level,side", [("95", "lower"), ("95", "upper"), ("998", "lower"), ("998", "upper")]
)
def test_ratio_limits_against_pheindicatormethods(level, side):
    """Ratio funnels (PHStatsMethods' copy of PHE's table, 100 observed counts 1..716):
    E is the expected count at which the observed count sits on the limit, found by the
    same bisection as rates; the limit is 100 O / E (ratio_type "isr"). Compared as the
    rate funnels, with the same documented tolerance on v (at most 3 rows a column,
    the smallest counts, need more than 1e-6 relative on the limit)."""
    ref = table("funnel_ratio_limits.csv")
    x = ref["events"].to_numpy(dtype=float)
    lam_phe = ref[f"{side}{level}_expected"].to_numpy()
    limit = ref[f"{side}{level}"].to_numpy()
    np.testing.assert_allclose(limit, 100 * x / lam_phe, rtol=RTOL)  # PHE's own identity
    lam_ours = _on_boundary(x, side, LEVELS[level], "ratio", 100, 100)
    looser = _assert_on_phe_curve(x, lam_phe, lam_ours, limit, 100 * x / lam_ours)
    assert looser <= 3


def test_ratio_significance_against_pheindicatormethods():
    """300 areas' observed and expected counts (0 to 893 observed): PHE marks an area by
    whether its exact (< 10) or Byar's interval of O / E excludes 1, so baseline=1."""
    ref = table("funnel_ratio_significance.csv")
    got = funnel_significance(ref["observed"], ref["expected"], "ratio", baseline=1, multiplier=1)
    mine = np.array([PHE_LABELS[x] for x in got])
    want = ref["significance"].to_numpy()
    assert (mine == want).all(), list(zip(mine[mine != want], want[mine != want], strict=True))
    assert (ref["observed"] < 10).sum() == 3  # exact limits exercised (0, 6 and 8 observed)


def test_proportion_limits_with_axis_variation_against_pheindicatormethods():
    """100 denominators 10,000..33,000 with a 10-significant-figure baseline: the limits
    agree to ~1e-10."""
    ref = table("funnel_proportion_limits_axis.csv")
    got = funnel_limits(ref["denominator"], ref["baseline"].iloc[0], "proportion", 100)
    for column in ("lower95", "upper95", "lower998", "upper998"):
        np.testing.assert_allclose(getattr(got, column), ref[column], rtol=RTOL)


def test_proportion_funnel_baselines_follow_from_their_inputs():
    """Checks the calls named in the headers: both proportion tables' baselines are the
    pooled proportion of PHE's funnel inputs (all areas; areas with denominator < 31,000)."""
    inputs = table("funnel_proportion_significance.csv")
    pooled = inputs["count"].sum() / inputs["denominator"].sum() * 100
    assert math.isclose(
        pooled, table("funnel_proportion_limits.csv")["baseline"].iloc[0], abs_tol=5e-7
    )
    small = inputs[inputs["denominator"] < 31_000]
    pooled = small["count"].sum() / small["denominator"].sum() * 100
    axis = table("funnel_proportion_limits_axis.csv")["baseline"].iloc[0]
    assert math.isclose(pooled, axis, rel_tol=1e-9)


# Values written into PHStatsMethods' unit tests of its funnel helpers:
# DataS-DHSC/PHStatsMethods PHStatsMethods/tests/test_utils_funnel.py
# @ 89baacbc6d7d370ad106bdb44c445d2ed497d861.


@pytest.mark.parametrize(
    "events,p,side,lam",
    [(200, 0.025, "upper", 173.24086241121654), (500, 0.001, "lower", 573.0274767209943)],
)
def test_poisson_funnel_values_from_phstatsmethods(events, p, side, lam):
    """poisson_funnel(obs, p, "low") is the expected count on the upper limit at
    confidence 1 - 2p, "high" the lower limit; same bisection, same tolerance on v."""
    x = np.array([float(events)])
    ours = _on_boundary(x, side, 1 - 2 * p, "ratio", 1, 1)
    _assert_on_phe_curve(x, np.array([lam]), ours, x / lam, x / ours)


@pytest.mark.parametrize(
    "n,baseline,multiplier,confidence,side,value",
    [
        (100_000, 90, 100, 0.95, "lower", 89.81406149030842),
        (300_000, 850, 1000, 0.998, "upper", 852.0145849882799),
    ],
)
def test_sigma_adjustment_values_from_phstatsmethods(
    n, baseline, multiplier, confidence, side, value
):
    """sigma_adjustment(p, population, average_proportion, side, multiplier) is PHE's
    proportion funnel limit, p = 0.975 / 0.999 for 95% / 99.8% (a quadratic that equals
    p0 +/- z sqrt(p0 (1 - p0) / n))."""
    limits = funnel_limits([n], baseline, "proportion", multiplier, confidence=confidence)
    assert math.isclose(getattr(limits, side)[0], value, rel_tol=RTOL)


@pytest.mark.parametrize(
    "observed,expected,p,side,result",
    [
        (0, 10.0, 0.05, "low", 0),
        (5, 10.0, 0.05, "low", 0.45),
        (5, 10.0, 0.95, "high", 1.17),
        (20, 15.0, 0.05, "low", 1.29),
        (25, 20.0, 0.95, "high", 1.85),
    ],
)
def test_funnel_ratio_significance_values_from_phstatsmethods(observed, expected, p, side, result):
    """funnel_ratio_significance(obs, expected, p, side) is the exact (< 10) or Byar's
    lower ("low") or upper limit of obs at confidence p, over expected. The source rounds
    to 2 decimals, so we compare after rounding. Three cases use p = 0.05 (an arithmetic
    check, not a usable confidence); count_interval refuses levels below 0.5, so this uses
    the exported exact_poisson_limits and byars_limits with count_interval's < 10 rule."""
    limits = exact_poisson_limits if observed < 10 else byars_limits
    lower, upper = limits(observed, p)
    limit = float(lower if side == "low" else upper)
    assert round(limit / expected, 2) == result
    if p > 0.5:
        got = count_interval(observed, p)
        assert math.isclose(float((got.lower if side == "low" else got.upper)[0]), limit)


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
