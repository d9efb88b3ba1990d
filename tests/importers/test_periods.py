"""Fingertips period labels parse to typed periods with their first and last days."""

from __future__ import annotations

import datetime as dt

import pytest

from firstyear.indicators.models import PeriodType
from firstyear.indicators.periods import (
    PeriodError,
    format_period,
    parse_period,
    period_starting,
    pooled_windows,
)

pytestmark = pytest.mark.pure


@pytest.mark.parametrize(
    ("label", "period_type", "canonical", "start", "end"),
    [
        ("2014", PeriodType.CALENDAR_YEAR, "2014", "2014-01-01", "2014-12-31"),
        ("2014/15", PeriodType.FINANCIAL_YEAR, "2014/15", "2014-04-01", "2015-03-31"),
        ("2014/2015", PeriodType.FINANCIAL_YEAR, "2014/15", "2014-04-01", "2015-03-31"),
        ("1999/00", PeriodType.FINANCIAL_YEAR, "1999/00", "1999-04-01", "2000-03-31"),
        ("2014 - 16", PeriodType.POOLED_3_CALENDAR_YEARS, "2014 - 16", "2014-01-01", "2016-12-31"),
        ("2014-16", PeriodType.POOLED_3_CALENDAR_YEARS, "2014 - 16", "2014-01-01", "2016-12-31"),
        ("1999 - 01", PeriodType.POOLED_3_CALENDAR_YEARS, "1999 - 01", "1999-01-01", "2001-12-31"),
        ("2014/15 - 16/17", PeriodType.POOLED_3_FINANCIAL_YEARS, "2014/15 - 16/17", "2014-04-01", "2017-03-31"),
        (" 2020 - 22 ", PeriodType.POOLED_3_CALENDAR_YEARS, "2020 - 22", "2020-01-01", "2022-12-31"),
    ],
)
def test_labels_parse_to_typed_periods(label, period_type, canonical, start, end):
    spec = parse_period(label)
    assert (spec.period_type, spec.label) == (period_type, canonical)
    assert (spec.start, spec.end) == (dt.date.fromisoformat(start), dt.date.fromisoformat(end))
    assert format_period(period_type, spec.first_year) == canonical
    assert period_starting(period_type, spec.first_year) == spec


@pytest.mark.parametrize(
    ("label", "reason"),
    [
        ("2014/16", "runs into the next year"),
        ("2014 - 15", "pools 3 calendar years"),
        ("2014/15 - 15/16", "pools 3 financial years"),
        ("14/15", "not a period label"),
        ("2014 Q1", "not a period label"),
        ("", "not a period label"),
    ],
)
def test_bad_labels_say_what_would_do(label, reason):
    with pytest.raises(PeriodError, match=reason):
        parse_period(label)


def test_a_label_of_the_wrong_type_for_the_indicator_is_refused():
    with pytest.raises(PeriodError, match=r"uses 3 calendar years pooled \(e.g. 2014 - 16\)"):
        parse_period("2014", expected_type=PeriodType.POOLED_3_CALENDAR_YEARS)
    assert parse_period("2014/15", expected_type=PeriodType.FINANCIAL_YEAR).label == "2014/15"


def test_pooled_windows_need_every_year():
    assert pooled_windows([2010, 2011, 2012, 2013, 2015, 2016, 2017]) == [
        (2010, 2011, 2012), (2011, 2012, 2013), (2015, 2016, 2017)]
    assert pooled_windows([2010, 2012]) == []
