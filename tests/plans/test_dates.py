"""Dates as plans write them, read into a date with a precision or kept as words."""

from __future__ import annotations

import datetime as dt

import pytest

from firstyear.plans.dates import parse_plan_date

pytestmark = pytest.mark.pure


@pytest.mark.parametrize("text, kind, iso, shown, last_day", [
    ("Nov-16", "date", "2016-11", "November 2016", dt.date(2016, 11, 30)),
    ("May-17", "date", "2017-05", "May 2017", dt.date(2017, 5, 31)),
    ("Feb 17", "date", "2017-02", "February 2017", dt.date(2017, 2, 28)),
    ("Complete by June 2017", "date", "2017-06", "June 2017 (Complete by June 2017)", dt.date(2017, 6, 30)),
    ("accumulating risk factors 01/02/2018", "date", "2018-02-01",
     "1 February 2018 (accumulating risk factors 01/02/2018)", dt.date(2018, 2, 1)),
    ("Training to begin Sep 2016", "date", "2016-09", "September 2016 (Training to begin Sep 2016)", dt.date(2016, 9, 30)),
    ("2016-11", "date", "2016-11", "November 2016", dt.date(2016, 11, 30)),
    ("31/03/2027", "date", "2027-03-31", "31 March 2027", dt.date(2027, 3, 31)),
    ("1st March 2019", "date", "2019-03-01", "1 March 2019", dt.date(2019, 3, 1)),
    ("Ongoing", "ongoing", "Ongoing", "Ongoing", None),
    ("on going", "ongoing", "on going", "on going", None),
    ("Embedded and Ongoing", "ongoing", "Embedded and Ongoing", "Embedded and Ongoing", None),
    ("Review Quarterly", "review", "Review Quarterly", "Review Quarterly", None),
    ("Review regularly", "review", "Review regularly", "Review regularly", None),
    ("TBC", "tbc", "TBC", "TBC", None),
    ("n/a", "na", "n/a", "n/a", None),
    ("when funding allows", "text", "when funding allows", "when funding allows", None),
    ("", "", "", "", None),
])
def test_plan_dates(text, kind, iso, shown, last_day):
    value = parse_plan_date(text)
    assert (value.kind, value.iso(), value.display(), value.by) == (kind, iso, shown, last_day)


def test_spreadsheet_dates_are_days():
    value = parse_plan_date(dt.datetime(2017, 5, 1, 0, 0))
    assert (value.iso(), value.precision) == ("2017-05-01", "day")


def test_impossible_dates_are_not_dates():
    assert parse_plan_date("31/02/2017").kind == "text"
