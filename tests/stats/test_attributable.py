"""Attributable fractions and excess events: worked examples by hand, and a seeded
coverage simulation (Poisson counts drawn with numpy) for the excess-events interval."""

import numpy as np
import pytest

from firstyear.stats import attributable_fraction, excess_events, gap_reduction

pytestmark = pytest.mark.pure


def test_levin_by_hand():
    """Smoking in pregnancy prevalence 10%, RR 2.0 (limits 1.5-2.5):
    PAF = 0.1 x 1 / (1 + 0.1 x 1) = 1/11 = 0.0909; limits 0.05/1.05 = 0.0476 and
    0.15/1.15 = 0.1304."""
    got = attributable_fraction(0.1, 2.0, rr_lower=1.5, rr_upper=2.5)
    assert np.allclose(
        [got.value[0], got.lower[0], got.upper[0]], [1 / 11, 0.05 / 1.05, 0.15 / 1.15]
    )
    both = attributable_fraction(
        0.1, 2.0, rr_lower=1.5, rr_upper=2.5, prevalence_lower=0.08, prevalence_upper=0.12
    )
    assert np.isclose(both.lower[0], 0.08 * 0.5 / 1.04) and np.isclose(
        both.upper[0], 0.12 * 1.5 / 1.18
    )
    protective = attributable_fraction(0.5, 0.5)
    assert np.isclose(protective.value[0], -0.25 / 0.75)


def test_excess_events_north_west_style_example():
    """Births and infant deaths in five deprivation quintiles (most deprived first):
    deaths 150, 100, 80, 60, 40 over 25,000; 22,000; 20,000; 18,000; 16,000 births.
    Least deprived rate 40/16,000 = 2.5 per 1,000. Expected at that rate:
    (25,000 + 22,000 + 20,000 + 18,000 + 16,000) x 0.0025 = 101,000 x 0.0025 = 252.5;
    observed 430, so 177.5 deaths (41.3%) would be avoided."""
    deaths = np.array([150, 100, 80, 60, 40])
    births = np.array([25_000, 22_000, 20_000, 18_000, 16_000])
    got = excess_events(deaths, births, reference=4)
    assert np.isclose(got.total_excess, 430 - 252.5)
    assert np.isclose(got.value, 177.5 / 430)
    assert np.allclose(got.expected, births * 0.0025)
    assert got.lower < got.value < got.upper
    lo, hi = got.events_interval()
    assert np.isclose(lo, 430 * got.lower) and np.isclose(hi, 430 * got.upper)
    assert excess_events(deaths, births).reference_rate == 40 / 16_000  # "lowest"
    external = excess_events(deaths, births, reference=0.0025)
    assert (
        np.isclose(external.value, got.value)
        and external.upper - external.lower < got.upper - got.lower
    )


def test_excess_events_interval_coverage():
    """Seeded simulation: with true rates fixed, the 95% interval for the avoidable
    fraction should cover the true fraction in about 95% of 4,000 replicate data sets."""
    rng = np.random.default_rng(2005)
    births = np.array([25_000, 22_000, 20_000, 18_000, 16_000])
    true_rates = np.array([6.0, 4.5, 4.0, 3.3, 2.5]) / 1000
    true_fraction = 1 - true_rates[-1] / ((births * true_rates).sum() / births.sum())
    covered = 0
    trials = 4000
    for deaths in rng.poisson(births * true_rates, size=(trials, 5)):
        got = excess_events(deaths, births, reference=4)
        covered += got.lower <= true_fraction <= got.upper
    assert 0.935 <= covered / trials <= 0.965


def test_gap_reduction_by_hand():
    """Rates 6.0 (most deprived) and 3.0 (least) per 1,000; smoking attributable fractions
    20% and 5%: without smoking 4.8 and 2.85, gap 1.95 instead of 3.0 -> 35% smaller."""
    assert np.isclose(gap_reduction(6.0, 3.0, 0.2, 0.05)[0], (3.0 - 1.95) / 3.0)
    with pytest.raises(ValueError, match="must exceed"):
        gap_reduction(3.0, 6.0, 0.2)
