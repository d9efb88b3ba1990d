"""Bad input: ValueError naming the first offending position and value, or NaN + reason."""

import numpy as np
import pytest

from firstyear.stats import count_interval, dsr, proportion, rate

pytestmark = pytest.mark.pure


@pytest.mark.parametrize(
    ("count", "denominator", "message"),
    [
        ([1, 2, 3, -2], [10, 10, 10, 10], r"count\[3\] = -2: counts cannot be negative"),
        ([1, 2.5, 3], [10, 10, 10], r"count\[1\] = 2.5: counts must be whole numbers"),
        ([1, np.nan], [10, 10], r"count\[1\] = nan: counts must be numbers, not NaN"),
        ([1, 2], [10, 0], r"denominator\[1\] = 0: denominators cannot be zero"),
        ([1, 2], [np.nan, 10], r"denominator\[0\] = nan: denominators must be numbers"),
        ([1, 2], [10, -5], r"denominator\[1\] = -5: denominators cannot be negative"),
    ],
)
def test_rate_raises_naming_position_and_value(count, denominator, message):
    with pytest.raises(ValueError, match=message):
        rate(count, denominator)


def test_first_offending_position_wins_across_arguments():
    with pytest.raises(ValueError, match=r"denominator\[1\] = 0"):
        rate([1, 1, -4], [1, 0, 1])


def test_proportion_count_above_denominator():
    with pytest.raises(ValueError, match=r"count\[2\] = 12: count exceeds its denominator \(10\)"):
        proportion([1, 2, 12], [10, 10, 10])


def test_coerce_returns_nan_and_reason():
    got = rate([5, -1, 2.5, 7], [100, 100, 100, 0], errors="coerce", confidence=(0.95, 0.998))
    assert np.isfinite(got.value[0]) and np.isnan(got.value[1:]).all()
    assert np.isnan(got.lower998[1:]).all() and np.isnan(got.upper[1:]).all()
    assert list(got.reason) == [
        "",
        "counts cannot be negative",
        "counts must be whole numbers (pass allow_fractional=True for apportioned counts)",
        "denominators cannot be zero",
    ]
    assert list(got.method) == ["exact", "", "", ""]
    prop = proportion([3, 12], [10, 10], errors="coerce")
    assert prop.reason[1] == "count exceeds its denominator (10)" and np.isnan(prop.value[1])


def test_two_dimensional_positions_and_dsr():
    with pytest.raises(ValueError, match=r"count\[1, 2\] = -1"):
        dsr([[10, 10, 10], [10, 10, -1]], [[100, 100, 100]] * 2, [1, 1, 1])
    got = dsr([[10, 10, 10], [10, 10, -1]], [[100, 100, 100]] * 2, [1, 1, 1], errors="coerce")
    assert np.isfinite(got.value[0]) and np.isnan(got.value[1])
    assert got.reason[1] == "counts cannot be negative"


def test_fractional_counts_allowed_on_request():
    got = count_interval([2.5, 12.5], allow_fractional=True)
    assert np.isfinite(got.lower).all() and list(got.method) == ["exact", "byars"]


def test_bad_arguments():
    with pytest.raises(ValueError, match="method must be one of"):
        rate([1], [10], method="wald")
    with pytest.raises(ValueError, match="confidence = 95.0"):
        rate([1], [10], confidence=95)
    with pytest.raises(ValueError, match="errors must be"):
        rate([1], [10], errors="ignore")
    with pytest.raises(ValueError, match="shapes do not match"):
        rate([1, 2, 3], [10, 10])
