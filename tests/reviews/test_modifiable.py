"""The modifiable outcome is derived from the factor levels (never typed); one category by precedence."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from firstyear.reviews.codelists import CATEGORIES, category_by_precedence, derive_modifiable

pytestmark = pytest.mark.pure

RANKS = {code: i for i, (code, _, _) in enumerate(CATEGORIES, start=1)}


@pytest.mark.parametrize(("levels", "insufficient", "expected"), [
    ([0, 1, 2], False, "identified"),
    ([2], True, "identified"),            # a 2 wins over the insufficient flag
    ([0, 1, 1], False, "not_identified"),
    ([0, 0], True, "insufficient_information"),
    ([], False, "not_identified"),
])
def test_derivation_table(levels, insufficient, expected):
    assert derive_modifiable(levels, insufficient) == expected


@given(st.lists(st.sampled_from([0, 1, 2]), max_size=15), st.booleans())
def test_identified_exactly_when_any_factor_scores_two(levels, insufficient):
    outcome = derive_modifiable(levels, insufficient)
    assert (outcome == "identified") == (2 in levels)
    if 2 not in levels:
        assert outcome == ("insufficient_information" if insufficient else "not_identified")


@given(st.lists(st.sampled_from(list(RANKS)), min_size=1, max_size=5))
def test_precedence_records_the_highest_category(codes):
    chosen = category_by_precedence(codes, RANKS)
    assert all(RANKS[chosen] <= RANKS[c] for c in codes)


def test_unknown_category_is_refused():
    with pytest.raises(ValueError, match="Unknown category"):
        category_by_precedence(["natural"], RANKS)
