"""Poisson count intervals: PHEindicatormethods' expected values, the values in PHStatsMethods'
interval unit tests, and PHStatsMethods as oracle."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from firstyear.stats import byars_limits, count_interval, proportion, rate, wilson_limits

from ._reference import table

pytestmark = pytest.mark.pure

RTOL = 1e-6


def test_byars_against_pheindicatormethods_table():
    """byars_lower/byars_upper expected values from PHEindicatormethods' test data.

    The one row whose expected lower limit is blank (1 event at 99.8%, where Byar's cubic
    goes negative) is checked for the upper limit only; we floor that lower limit at 0.
    """
    ref = table("byars_wilson.csv")
    ref = ref[ref["method"] == "byars"]
    for conf, rows in ref.groupby("confidence"):
        got = count_interval(rows["count"], confidence=conf, method="byars")
        has_lower = rows["lower"].notna().to_numpy()
        np.testing.assert_allclose(got.lower[has_lower], rows["lower"][has_lower], rtol=RTOL)
        np.testing.assert_allclose(got.upper, rows["upper"], rtol=RTOL)
        assert (got.lower[~has_lower] == 0).all()


def test_wilson_against_pheindicatormethods_table():
    """wilson_lower/wilson_upper expected values (including a fractional count 0.445/1)."""
    ref = table("byars_wilson.csv")
    ref = ref[ref["method"] == "wilson"]
    for conf, rows in ref.groupby("confidence"):
        got = proportion(
            rows["count"], rows["denominator"], multiplier=1, confidence=conf, allow_fractional=True
        )
        np.testing.assert_allclose(got.lower, rows["lower"], rtol=RTOL)
        np.testing.assert_allclose(got.upper, rows["upper"], rtol=RTOL)


def _ph():
    ph = pytest.importorskip("PHStatsMethods")
    return ph


# Values written into PHStatsMethods' unit tests of its interval helpers:
# DataS-DHSC/PHStatsMethods ph_statistical_methods/tests/test_confidence_intervals.py
# @ fb87e8cea5d15f98ed2726512d96df5c81660f6f (the Byar's values also @ 030bcf6).


def test_phstatsmethods_byars_test_values_are_not_95_and_99_8_percent_limits():
    """That module expects byars_lower(100, 0.95) == 99.04267017398342 and
    byars_lower(200, 0.998) == 199.63144417357614. We disagree, and the published formula
    settles it: Byar's lower limit is x (1 - 1/(9x) - z/(3 sqrt x))^3 with z the
    1 - alpha/2 normal quantile, alpha = 1 - confidence (Breslow & Day 1987; PHE Technical
    Guide: Confidence Intervals), so z = 1.959964 at 95% and the limit for 100 events is
    81.362. The expected values are what that formula gives with z = Phi^-1(1 - confidence/2)
    = 0.0627 and 0.0025, i.e. at 5% and 0.2% confidence; the released PHStatsMethods 0.1.16
    (our oracle) returns 81.362 for byars_lower(100, 0.95), as we do. We reproduce their
    numbers only at the confidence they actually used.
    """
    z95 = 1.959963984540054
    by_hand = 100 * (1 - 1 / 900 - z95 / 30) ** 3
    assert math.isclose(float(byars_limits(100, 0.95)[0]), by_hand, rel_tol=1e-12)
    assert math.isclose(by_hand, 81.36210549052788, rel_tol=RTOL)
    assert math.isclose(float(byars_limits(100, 0.05)[0]), 99.04267017398342, rel_tol=RTOL)
    assert math.isclose(float(byars_limits(200, 0.002)[0]), 199.63144417357614, rel_tol=RTOL)
    ph = pytest.importorskip("PHStatsMethods.confidence_intervals")
    assert math.isclose(ph.byars_lower(100, 0.95), by_hand, rel_tol=RTOL)


@pytest.mark.parametrize("count,denominator,value", [(20, 360, 0.0362482), (550, 2400, 0.2127923)])
def test_wilson_lower_values_from_phstatsmethods(count, denominator, value):
    """wilson_lower(numerator, denominator, 0.95), rounded to 7 decimals in the source, so
    compared after rounding. (The source's parametrize names have a typo, "denominator.
    confidence", so that test does not run there.)"""
    assert round(float(wilson_limits(count, denominator, 0.95)[0]), 7) == value


@pytest.mark.parametrize("conf", [0.95, 0.998])
def test_grid_0_to_500_against_phstatsmethods(conf):
    """Counts 0..500 against PHStatsMethods 0.1.16's own limit functions.

    Its ``byars()`` shortcut passes 1 - confidence to the limit functions, so the lower and
    upper functions are called directly; they switch to exact below 10 themselves.
    ``exact_lower(0)`` is NaN there (chi-square with 0 df), so count 0's lower limit is
    checked against its definition (0) instead.
    """
    ph = _ph()
    counts = np.arange(0, 501)
    got = count_interval(counts, confidence=conf)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        lower = np.array([ph.byars_lower(int(c), conf) if c else 0.0 for c in counts])
        upper = np.array(
            [ph.exact_upper(0, conf)] + [ph.byars_upper(int(c), conf) for c in counts[1:]]
        )
    np.testing.assert_allclose(got.lower, lower, rtol=RTOL, atol=0)
    np.testing.assert_allclose(got.upper, upper, rtol=RTOL)
    assert (got.method == np.where(counts < 10, "exact", "byars")).all()


@pytest.mark.parametrize("denominator", [100, 1_000, 45_678, 1_000_000])
def test_rate_grid_against_phstatsmethods(denominator):
    """ph_rate over counts 1..500 (its byars_upper rejects 0), both levels, per 1,000."""
    ph = _ph()
    pd = pytest.importorskip("pandas")
    counts = np.arange(1, 501)
    df = pd.DataFrame({"num": counts, "den": denominator})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        want = ph.ph_rate(df, "num", "den", confidence=[0.95, 0.998], multiplier=1000)
    got = rate(counts, denominator, multiplier=1000, confidence=(0.95, 0.998))
    np.testing.assert_allclose(got.value, want["Value"], rtol=RTOL)
    np.testing.assert_allclose(got.lower95, want["lower_95_ci"], rtol=RTOL)
    np.testing.assert_allclose(got.upper95, want["upper_95_ci"], rtol=RTOL)
    np.testing.assert_allclose(got.lower998, want["lower_99_8_ci"], rtol=RTOL)
    np.testing.assert_allclose(got.upper998, want["upper_99_8_ci"], rtol=RTOL)
    assert (np.char.capitalize(got.method.astype(str)) == want["Method"].to_numpy()).all()


@pytest.mark.parametrize("denominator", [500, 1_000, 45_678])
def test_proportion_grid_against_phstatsmethods(denominator):
    """ph_proportion (Wilson) over counts 0..500 at both levels, as percentages."""
    ph = _ph()
    pd = pytest.importorskip("pandas")
    counts = np.arange(0, 501)
    df = pd.DataFrame({"num": counts, "den": denominator})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        want = ph.ph_proportion(df, "num", "den", confidence=[0.95, 0.998], multiplier=100)
    got = proportion(counts, denominator, confidence=(0.95, 0.998))
    np.testing.assert_allclose(got.value, want["Value"], rtol=RTOL)
    np.testing.assert_allclose(got.lower95, want["lower_95_ci"], rtol=RTOL, atol=1e-12)
    np.testing.assert_allclose(got.upper95, want["upper_95_ci"], rtol=RTOL)
    np.testing.assert_allclose(got.lower998, want["lower_99_8_ci"], rtol=RTOL, atol=1e-12)
    np.testing.assert_allclose(got.upper998, want["upper_99_8_ci"], rtol=RTOL)


def test_exact_and_byars_methods_are_selectable_and_recorded():
    """Exact throughout / Byar's throughout, checked against the closed forms and scipy.

    Independent formulas: exact limits are chi2.ppf(alpha/2, 2x)/2 and
    chi2.ppf(1-alpha/2, 2x+2)/2 (scipy.stats); Byar's is the Breslow & Day cubic.
    """
    from scipy.stats import chi2, norm

    x = np.array([3.0, 12.0, 250.0])
    exact = count_interval(x, method="exact")
    np.testing.assert_allclose(exact.lower, chi2.ppf(0.025, 2 * x) / 2, rtol=1e-10)
    np.testing.assert_allclose(exact.upper, chi2.ppf(0.975, 2 * x + 2) / 2, rtol=1e-10)
    assert list(exact.method) == ["exact"] * 3
    byars = count_interval(x, method="byars")
    z = norm.ppf(0.975)
    np.testing.assert_allclose(
        byars.lower, x * (1 - 1 / (9 * x) - z / (3 * np.sqrt(x))) ** 3, rtol=1e-12
    )
    np.testing.assert_allclose(
        byars.upper, (x + 1) * (1 - 1 / (9 * (x + 1)) + z / (3 * np.sqrt(x + 1))) ** 3, rtol=1e-12
    )
    assert list(byars.method) == ["byars"] * 3
    default = count_interval(x)
    assert list(default.method) == ["exact", "byars", "byars"]


def test_zero_count_is_valid():
    got = rate([0], [1000], confidence=(0.95, 0.998))
    assert got.value[0] == 0 and got.lower[0] == 0 and got.lower998[0] == 0
    # exact upper limit for 0 events: -ln(alpha/2) events (chi-square with 2 df halved)
    np.testing.assert_allclose(got.upper95[0], -np.log(0.025), rtol=1e-12)
    np.testing.assert_allclose(got.upper998[0], -np.log(0.001), rtol=1e-12)


def test_both_levels_are_reachable_and_unknown_level_refused():
    got = rate([5, 50], [1000, 1000], confidence=(0.998, 0.95))
    assert got.confidence == (0.998, 0.95)
    np.testing.assert_array_equal(got.lower, got.lower998)
    np.testing.assert_array_equal(got.interval(0.95)[0], got.lower95)
    with pytest.raises(KeyError, match="0.9 was not computed"):
        got.interval(0.9)
    value, lower, upper, method = got
    assert list(method) == ["exact", "byars"]


counts = st.integers(min_value=0, max_value=5000)


@given(x=counts, n=st.integers(min_value=1, max_value=10**7))
def test_rate_interval_contains_estimate_and_widens_with_confidence(x, n):
    r = rate(x, n, confidence=(0.95, 0.998))
    assert r.lower95[0] <= r.value[0] <= r.upper95[0]
    assert r.lower998[0] <= r.lower95[0]
    assert r.upper998[0] >= r.upper95[0]


@given(x=counts, extra=st.integers(min_value=0, max_value=10**6))
def test_proportion_interval_contains_estimate_and_widens_with_confidence(x, extra):
    n = x + extra + (1 if x + extra == 0 else 0)
    p = proportion(x, n, confidence=(0.95, 0.998))
    assert p.lower95[0] - 1e-12 <= p.value[0] <= p.upper95[0] + 1e-12
    assert 0 <= p.lower998[0] <= p.lower95[0] + 1e-12
    assert p.upper998[0] + 1e-12 >= p.upper95[0] and p.upper998[0] <= 100 + 1e-9


@given(
    x=st.integers(min_value=1, max_value=2000),
    n=st.integers(min_value=1, max_value=10**6),
    k=st.integers(min_value=2, max_value=50),
)
def test_interval_narrows_as_denominator_grows_at_fixed_rate(x, n, k):
    small = rate(x, n)
    big = rate(x * k, n * k)
    np.testing.assert_allclose(big.value, small.value)
    assert big.upper[0] - big.lower[0] < small.upper[0] - small.lower[0]
    ps, pb = proportion(x, n + x), proportion(x * k, (n + x) * k)
    assert pb.upper[0] - pb.lower[0] < ps.upper[0] - ps.lower[0]
