"""Sentences read as a public-health analyst would write them."""

from __future__ import annotations

import pytest

from firstyear.indicators.wording import comparison_sentence, period_in_prose

pytestmark = pytest.mark.pure

BASE = dict(area_name="Blackburn with Darwen", indicator_name="Infant mortality rate", unit="per 1,000 live births",
            period="2014 - 16", benchmark_name="England")


def test_significantly_higher():
    text = comparison_sentence(**BASE, value=6.04, benchmark_value=3.92, comparison="worse")
    assert text == ("Blackburn with Darwen's infant mortality rate, 6.0 per 1,000 live births in 2014-16, "
                    "is higher than England's (3.9); the difference is statistically significant.")


def test_higher_but_not_significant():
    text = comparison_sentence(**BASE, value=4.4, benchmark_value=3.9, comparison="similar")
    assert text.endswith("is higher than England's (3.9), but the difference is not statistically significant.")


def test_lower_at_998():
    text = comparison_sentence(**BASE, value=2.1, benchmark_value=3.9, comparison="better 99.8%")
    assert "is lower than England's (3.9); the difference is statistically significant at the 99.8% level." in text


def test_percentages_and_names_ending_in_s():
    text = comparison_sentence(area_name="Wales", indicator_name="Smoking status at time of delivery", unit="%",
                               period="2016/17", benchmark_name="England", value=10.55, benchmark_value=10.7,
                               comparison="similar")
    assert text.startswith("Wales' smoking status at time of delivery, 10.6% in 2016/17, is lower than England's (10.7)")


def test_missing_value_and_no_comparison():
    assert comparison_sentence(**BASE, value=None, benchmark_value=3.9, comparison="").endswith(
        "has no value for 2014-16.")
    assert "has not been compared with England" in comparison_sentence(
        **BASE, value=5.0, benchmark_value=None, comparison="not compared")


def test_period_labels():
    assert period_in_prose("2014 - 16") == "2014-16"
    assert period_in_prose("2014/15") == "2014/15"


def test_deprivation_groups_sort_most_deprived_first():
    from firstyear.indicators.figures import category_sort_key

    deciles = ["Most deprived decile", "Second most deprived decile", "Third more deprived decile",
               "Fourth more deprived decile", "Fifth more deprived decile", "Fifth less deprived decile",
               "Fourth less deprived decile", "Third less deprived decile", "Second least deprived decile",
               "Least deprived decile"]
    assert sorted(reversed(deciles), key=category_sort_key) == deciles
    quintiles = ["Most deprived quintile", "Second most deprived quintile", "Middle quintile",
                 "Second least deprived quintile", "Least deprived quintile"]
    assert sorted(quintiles[::-1], key=category_sort_key) == quintiles
    assert sorted(["Quintile 10", "Quintile 2", "Quintile 1"], key=category_sort_key) == ["Quintile 1", "Quintile 2", "Quintile 10"]
