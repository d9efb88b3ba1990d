"""Pooling sums figures over the same population only, including combined published rows."""

from __future__ import annotations

import pytest

from firstyear.indicators.importers.pooling import components, pool

pytestmark = pytest.mark.pure

HACKNEY, CITY, ISLINGTON = "E09000012", "E09000001", "E09000019"
U = frozenset


def test_components_merge_overlapping_units():
    assert components([U({HACKNEY}), U({HACKNEY, CITY}), U({ISLINGTON})]) == [U({CITY, HACKNEY}), U({ISLINGTON})]


def test_single_year_and_three_year_totals():
    deaths = {2014: {U({ISLINGTON}): 10}, 2015: {U({ISLINGTON}): 12}, 2016: {U({ISLINGTON}): 0}}
    births = {2014: {U({ISLINGTON}): 3000}, 2015: {U({ISLINGTON}): 3100}, 2016: {U({ISLINGTON}): 2900}}
    figures = {"deaths": deaths, "births": births}
    [one] = pool(figures, (2015,))
    assert one.totals == {"deaths": 12, "births": 3100} and one.exact == {"deaths": True, "births": True}
    [three] = pool(figures, (2014, 2015, 2016))
    assert three.totals == {"deaths": 10 + 12 + 0, "births": 3000 + 3100 + 2900}


def test_a_combined_row_in_one_year_combines_the_whole_window():
    # 2012: ONS published Hackney with City of London; 2013-14 separately.
    deaths = {
        2012: {U({HACKNEY, CITY}): 30},
        2013: {U({HACKNEY}): 28, U({CITY}): 0},
        2014: {U({HACKNEY}): 18, U({CITY}): 0},
    }
    births = {
        2012: {U({HACKNEY, CITY}): 4585},
        2013: {U({HACKNEY, CITY}): 4500},  # births still combined in 2013
        2014: {U({HACKNEY}): 4377, U({CITY}): 61},
    }
    figures = {"deaths": deaths, "births": births}
    [window] = pool(figures, (2012, 2013, 2014))
    assert window.codes == U({HACKNEY, CITY})
    assert window.totals == {"deaths": 30 + 28 + 0 + 18 + 0, "births": 4585 + 4500 + 4377 + 61}
    [year_2013] = pool(figures, (2013,))
    assert year_2013.codes == U({HACKNEY, CITY})
    assert year_2013.exact == {"deaths": False, "births": True}  # ONS's 2013 rate was Hackney only
    by_codes = {p.codes: p for p in pool(figures, (2014,))}
    assert by_codes[U({CITY})].totals == {"deaths": 0, "births": 61}


def test_no_total_when_a_year_or_a_figure_is_missing():
    deaths = {2014: {U({ISLINGTON}): 10}, 2015: {U({ISLINGTON}): None}, 2016: {}}
    births = {2014: {U({ISLINGTON}): 3000}, 2015: {U({ISLINGTON}): 3100}, 2016: {U({ISLINGTON}): 2900}}
    [window] = pool({"deaths": deaths, "births": births}, (2014, 2015, 2016))
    assert window.totals["deaths"] is None and "2015: figure not published" in window.missing["deaths"]
    assert window.totals["births"] == 9000
    [year_2016] = pool({"deaths": deaths, "births": births}, (2016,))
    assert year_2016.totals["deaths"] is None and "no figure for E09000019" in year_2016.missing["deaths"]
