"""XmR chart (Making Data Count): a worked example with visible arithmetic, and the
special-cause rules re-implemented by brute force (plain loops) in this file."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from firstyear.stats import spc

pytestmark = pytest.mark.pure


def test_worked_example_limits_and_icons():
    """Values 10, 12, 11, 13, 12, 14, 11, 12: mean = 95 / 8 = 11.875; moving ranges
    2, 1, 2, 1, 2, 3, 1 -> mean MR = 12 / 7 = 1.7143; limits 11.875 +/- 2.66 x 1.7143 =
    11.875 +/- 4.56 -> 7.315 .. 16.435; two-sigma lines at +/- 3.04."""
    c = spc([10, 12, 11, 13, 12, 14, 11, 12], improvement="decrease", target=15)
    assert np.isclose(c.mean, 11.875)
    assert np.isclose(c.upper_limit, 11.875 + 2.66 * 12 / 7)
    assert np.isclose(c.lower_limit, 11.875 - 2.66 * 12 / 7)
    assert np.isclose(c.upper_two_sigma - c.mean, 2 / 3 * 2.66 * 12 / 7)
    assert not c.special_cause.any() and c.variation == "common cause"
    # target 15 lies inside 7.3..16.4 -> hit and miss
    assert c.assurance == "inconsistent"
    assert spc([10, 12, 11, 13], "decrease", target=30).assurance == "consistently passing"
    assert spc([10, 12, 11, 13], "increase", target=30).assurance == "consistently failing"


def test_each_rule_fires():
    base = [10, 11] * 6  # mean 10.5, MR 1 -> limits 10.5 +/- 2.66
    c = spc(base + [20], "decrease", baseline=12)
    assert c.outside_limits[-1] and c.variation == "concern (high)"
    # six 11s and 10.9 follow the base, whose last point (11) is above the mean too: 8 in a run
    c = spc(base + [11] * 6 + [10.9], "decrease", baseline=12)
    assert c.shift[-8:].all() and not c.shift[:11].any() and c.variation == "concern (high)"
    c = spc(base + [10.6, 10.7, 10.8, 10.9, 11.0, 11.1, 11.2], "increase", baseline=12)
    assert c.trend[-7:].all() and c.variation == "improvement (high)"
    c = spc(base + [12.5, 10.5, 12.5], "decrease", baseline=12)  # 2 of 3 beyond 10.5 + 1.773
    assert c.two_of_three[[-3, -1]].all() and not c.two_of_three[-2]
    c = spc(base + [8.6, 8.5], "decrease", baseline=12)
    assert c.two_of_three[-2:].all() and c.variation == "improvement (low)"
    assert spc(base + [20], "neither", baseline=12).variation == "neither (high)"


def _brute_force(x, mean, lo, hi, lo2, hi2):
    n = len(x)
    outside = [v > hi or v < lo for v in x]
    shift = [False] * n
    for i in range(n - 6):
        window = x[i : i + 7]
        if all(v > mean for v in window) or all(v < mean for v in window):
            for j in range(i, i + 7):
                shift[j] = True
    trend = [False] * n
    for i in range(n - 6):
        window = x[i : i + 7]
        ups = all(window[k + 1] > window[k] for k in range(6))
        downs = all(window[k + 1] < window[k] for k in range(6))
        if ups or downs:
            for j in range(i, i + 7):
                trend[j] = True
    two = [False] * n
    for i in range(n - 2):
        window = range(i, i + 3)
        for side in (lambda v: v > hi2, lambda v: v < lo2):
            hits = [j for j in window if side(x[j])]
            if len(hits) >= 2:
                for j in hits:
                    two[j] = True
    return outside, shift, trend, two


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=12), min_size=2, max_size=40))
def test_rules_match_brute_force(values):
    x = [float(v) for v in values]
    c = spc(x)
    outside, shift, trend, two = _brute_force(
        x, c.mean, c.lower_limit, c.upper_limit, c.lower_two_sigma, c.upper_two_sigma
    )
    assert list(c.outside_limits) == outside
    assert list(c.shift) == shift
    assert list(c.trend) == trend
    assert list(c.two_of_three) == two


def test_bad_input():
    with pytest.raises(ValueError, match=r"values\[1\] = nan"):
        spc([1, np.nan, 3])
