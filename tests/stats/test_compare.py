"""Benchmark comparison labels (Fingertips rule: the area's interval against the
benchmark *value*). Worked examples with the rule applied by hand."""

import pytest

from firstyear.stats import (
    COMPARISON_LABELS,
    TWO_LEVEL_LABELS,
    compare,
    compare_estimate,
    compare_levels,
    rate,
)

pytestmark = pytest.mark.pure

NAN = float("nan")


def test_rule_and_polarities():
    # benchmark 4.0: (1) interval 4.2-5.0 lies above -> higher; (2) 2.0-3.9 below -> lower;
    # (3) 3.5-4.5 straddles -> similar; (4) lower limit exactly 4.0 is not above -> similar;
    # (5) missing value -> not compared.
    value = [4.6, 3.0, 4.0, 4.5, NAN]
    lower = [4.2, 2.0, 3.5, 4.0, NAN]
    upper = [5.0, 3.9, 4.5, 5.0, NAN]
    assert list(compare(value, lower, upper, 4.0)) == [
        "higher",
        "lower",
        "similar",
        "similar",
        "not compared",
    ]
    assert list(compare(value, lower, upper, 4.0, "Low is good")) == [
        "worse",
        "better",
        "similar",
        "similar",
        "not compared",
    ]
    assert list(compare(value, lower, upper, 4.0, "high_is_good")) == [
        "better",
        "worse",
        "similar",
        "similar",
        "not compared",
    ]


def test_against_value_not_benchmark_interval():
    """Area 3.2 (2.9-3.5) vs England 3.6 with interval 3.4-3.8: the intervals overlap,
    but the area's upper limit 3.5 is below England's value 3.6, so Fingertips says
    "better" (low is good), not "similar"."""
    assert compare(3.2, 2.9, 3.5, 3.6, "low_is_good")[0] == "better"


def test_per_row_benchmark_and_polarity():
    got = compare([5, 5], [4, 4], [6, 6], [3, 7], ["low_is_good", "No judgement"])
    assert list(got) == ["worse", "lower"]
    with pytest.raises(ValueError, match="polarity"):
        compare([5], [4], [6], [3], "up is good")


def test_two_levels():
    # benchmark 10: row0 excludes 10 at 99.8% too; row1 only at 95%; row2 neither; row3 no 99.8%.
    value = [15, 12, 10.5, 12]
    lo95, hi95 = [13, 10.5, 9, 10.5], [17, 13.5, 12, 13.5]
    lo998, hi998 = [11, 9.5, 8, NAN], [19, 14.5, 13, NAN]
    got = compare_levels(value, lo95, hi95, lo998, hi998, 10, "high_is_good")
    assert list(got) == ["better 99.8%", "better 95%", "similar", "not compared"]
    got = compare_levels([5], [3], [6], [2], [7], 10, "no_judgement")
    assert list(got) == ["lower 99.8%"]
    assert set(got) <= set(TWO_LEVEL_LABELS)


def test_compare_estimate_uses_both_levels_when_present():
    r = rate([40, 5, 0], [5000, 5000, 5000], confidence=(0.95, 0.998))
    got = compare_estimate(r, 3.9, "low_is_good")
    expected = compare_levels(
        r.value, r.lower95, r.upper95, r.lower998, r.upper998, 3.9, "low_is_good"
    )
    assert list(got) == list(expected)
    # 40/5000 = 8.0 per 1,000: Byar's 99.8% lower limit 5.2 > 3.9 -> worse at 99.8%
    assert got[0] == "worse 99.8%"
    single = compare_estimate(rate([40], [5000]), 3.9, "low_is_good")
    assert list(single) == ["worse"] and set(single) <= set(COMPARISON_LABELS)
