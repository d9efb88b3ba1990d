"""SII/RII: the point estimate against an independent least-squares fit (numpy lstsq on
PHE's sqrt-weighted design, built by hand here); the simulated limits against the exact
normal-theory limits they converge to; reproducibility with a seed."""

import numpy as np
import pytest

from firstyear.stats import rii, sii

pytestmark = pytest.mark.pure

# PHEindicatormethods' phe_sii documentation example (life expectancy by decile, Area1).
POP = np.array([7291, 7997, 6105, 7666, 5790, 6934, 5918, 5974, 7147, 7534], dtype=float)
VALUE = np.array([75.9, 78.3, 83.8, 83.6, 80.5, 81.1, 81.7, 84.2, 80.6, 86.3])
LOWER = np.array([72.7, 75.3, 80.9, 80.2, 77.1, 78, 79, 81.4, 75.8, 83.2])
UPPER = np.array([79.1, 81.4, 86.8, 87.1, 83.8, 84.2, 84.4, 86.9, 85.4, 89.4])
SE = np.array([1.64, 1.58, 1.51, 1.78, 1.7, 1.56, 1.37, 1.4, 2.43, 1.57])


def _lstsq(value, pop):
    a = pop / pop.sum()
    x = np.array([a[:i].sum() + a[i] / 2 for i in range(len(a))])
    design = np.column_stack([np.sqrt(a), x * np.sqrt(a)])
    (intercept, slope), *_ = np.linalg.lstsq(design, value * np.sqrt(a), rcond=None)
    return intercept, slope


def test_point_estimates_against_lstsq():
    intercept, slope = _lstsq(VALUE, POP)
    got = sii(VALUE, POP, se=SE, repetitions=1000)
    assert np.isclose(got.value, slope, rtol=1e-12)
    assert np.isclose(got.intercept, intercept, rtol=1e-12)
    assert np.isclose(got.rii.value, (intercept + slope) / intercept, rtol=1e-12)
    neg = sii(VALUE, POP, se=SE, repetitions=1000, multiplier=-1)
    assert np.isclose(neg.value, -slope) and np.isclose(
        neg.rii.value, intercept / (intercept + slope)
    )


def test_vectorised_over_areas():
    pop2 = np.array([21675, 20065, 19750, 24713, 20112, 19618, 22408, 19752, 18939, 19312], float)
    val2 = np.array([70.5, 71.6, 72.5, 73.5, 73.1, 76.2, 78.7, 80.6, 80.9, 80])
    got = sii(
        np.vstack([VALUE, val2]), np.vstack([POP, pop2]), se=np.vstack([SE, SE]), repetitions=1000
    )
    assert np.allclose(got.value, [_lstsq(VALUE, POP)[1], _lstsq(val2, pop2)[1]], rtol=1e-12)


def test_simulated_limits_converge_to_normal_theory():
    """For normal values the SII is linear in them, so its exact sampling distribution is
    normal with sd sqrt(sum c_i^2 se_i^2). With 200,000 draws the Monte Carlo standard
    error of a simulated percentile is about 0.3% of the half-width at 95% and 0.7% at
    99.8%, so half-widths must agree within 1.5% and 3%. se is derived from the 95%
    limits, as PHE does."""
    a = POP / POP.sum()
    x = np.cumsum(a) - a / 2
    xbar = (a * x).sum()
    c = a * (x - xbar) / (a * (x - xbar) ** 2).sum()
    se = (UPPER - LOWER) / (2 * 1.959963984540054)
    sd = np.sqrt((c**2 * se**2).sum())
    got = sii(VALUE, POP, lower=LOWER, upper=UPPER, repetitions=200_000, confidence=(0.95, 0.998))
    slope = _lstsq(VALUE, POP)[1]
    for level, z, tol in [(0.95, 1.959963984540054, 0.015), (0.998, 3.090232306167813, 0.03)]:
        lo, hi = got.interval(level)
        assert np.isclose(slope - lo, z * sd, rtol=tol)
        assert np.isclose(hi - slope, z * sd, rtol=tol)


def test_reproducible_with_seed_and_generator():
    a = sii(VALUE, POP, se=SE, repetitions=2000, rng=7)
    b = sii(VALUE, POP, se=SE, repetitions=2000, rng=np.random.default_rng(7))
    c = sii(VALUE, POP, se=SE, repetitions=2000, rng=8)
    assert a.lower == b.lower and a.upper == b.upper
    assert a.lower != c.lower
    d = sii(VALUE, POP, se=SE, repetitions=2000)
    e = sii(VALUE, POP, se=SE, repetitions=2000)
    assert d.lower == e.lower  # the default seed is fixed


def test_rate_and_proportion_transformations():
    rates = np.array([6.1, 5.2, 4.9, 4.1, 3.8, 3.5, 3.1, 2.9, 2.6, 2.2])
    got = rii(
        rates, POP, lower=rates * 0.8, upper=rates * 1.25, value_type="rate", repetitions=5000
    )
    intercept, slope = _lstsq(rates, POP)
    assert np.isclose(got.value, (intercept + slope) / intercept)
    assert got.lower < got.value < got.upper
    props = rates / 100
    got = sii(
        props,
        POP,
        lower=props * 0.8,
        upper=props * 1.2,
        value_type="proportion",
        multiplier=100,
        repetitions=5000,
    )
    assert np.isclose(got.value, _lstsq(props, POP)[1] * 100)
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        sii(rates, POP, se=SE, value_type="proportion")
