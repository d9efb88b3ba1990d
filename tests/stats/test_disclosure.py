"""Disclosure control: worked examples, and a property test that suppression never
leaves a derivable cell (checked by derivable_cells, itself checked against brute-force
enumeration of small tables here)."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from firstyear.stats import derivable_cells, suppress

pytestmark = pytest.mark.pure


def test_primary_and_secondary_worked_example():
    """Row 0 has one small cell (3): its smallest non-zero partner is 10. Column 0 then
    has 3 alone... until every line with a suppression has two."""
    t = np.array([[3, 10, 20], [15, 12, 40], [30, 40, 50]])
    got = suppress(t)
    assert got.primary.sum() == 1 and got.primary[0, 0]
    assert got.mask[0, 1]  # smallest non-zero in row 0
    assert got.mask[1, 0]  # smallest non-zero in column 0
    assert got.mask[1, 1]  # closes row 1 and column 1
    assert got.mask.sum() == 4
    assert got.table[0, 0] == "*" and got.table[2, 2] == 50
    assert not derivable_cells(t, got.mask).any()


def test_zero_not_suppressed_by_default():
    t = np.array([[0, 10, 20], [15, 12, 40]])
    assert not suppress(t).mask.any()
    assert suppress(t, suppress_zero=True).primary[0, 0]


def test_margins():
    inner = np.array([[3, 10, 20], [15, 12, 40], [30, 40, 50]])
    t = np.c_[inner, inner.sum(1)]
    t = np.r_[t, [t.sum(0)]]
    got = suppress(t, margins=True)
    assert not derivable_cells(t, got.mask, margins=True).any()
    assert got.table[-1, -1] == t[-1, -1]
    with pytest.raises(ValueError, match="margins do not add up"):
        suppress(t + np.eye(4, dtype=int), margins=True)


def test_derivable_cells_detects_a_bridge():
    """Two 2x2 blocks of suppressed cells joined only through one extra suppressed cell:
    every line has two suppressions, but the bridging cell is still determined."""
    t = np.array([[1, 1, 9, 9], [1, 1, 9, 9], [9, 9, 1, 1], [9, 9, 1, 1]])
    mask = np.zeros((4, 4), bool)
    mask[:2, :2] = True
    mask[2:, 2:] = True
    assert not derivable_cells(t, mask).any()
    mask[1, 2] = True  # the bridge: row 1 and column 2 now hold three suppressions each
    # rows 0 + 1 minus columns 0 + 1 leaves exactly cell (1, 2): it is determined.
    expected = np.zeros((4, 4), bool)
    expected[1, 2] = True
    np.testing.assert_array_equal(derivable_cells(t, mask), expected)


def _brute_force_derivable(t, mask):
    """Enumerate all non-negative fillings of the suppressed cells (bounded by the
    published totals) that reproduce every row and column total; a cell is derivable if
    it takes one value in all of them. Only for tiny tables."""
    hidden = list(zip(*np.nonzero(mask), strict=True))
    bound = int(t.sum())
    rows, cols = t.sum(1), t.sum(0)
    seen = {cell: set() for cell in hidden}
    for values in itertools.product(range(bound + 1), repeat=len(hidden)):
        trial = t.copy()
        for cell, v in zip(hidden, values, strict=True):
            trial[cell] = v
        if (t.shape[1] < 2 or (trial.sum(1) == rows).all()) and (
            t.shape[0] < 2 or (trial.sum(0) == cols).all()
        ):
            for cell, v in zip(hidden, values, strict=True):
                seen[cell].add(v)
    out = np.zeros(t.shape, bool)
    for cell, vals in seen.items():
        out[cell] = len(vals) == 1
    return out


@settings(max_examples=60, deadline=None)
@given(
    arrays(np.int64, st.tuples(st.integers(2, 3), st.integers(2, 3)), elements=st.integers(0, 4)),
    st.data(),
)
def test_derivable_cells_matches_enumeration(t, data):
    mask = data.draw(arrays(bool, t.shape))
    if mask.sum() > 4:
        return
    # Enumeration finds exact linear derivability plus integer/non-negativity effects;
    # linear derivability implies a unique value, so ours must be a subset.
    ours = derivable_cells(t, mask)
    brute = _brute_force_derivable(t, mask)
    assert not (ours & ~brute).any()


@settings(max_examples=150, deadline=None)
@given(
    arrays(np.int64, st.tuples(st.integers(2, 7), st.integers(2, 7)), elements=st.integers(0, 60)),
    st.booleans(),
)
def test_suppression_never_leaves_a_derivable_cell(t, with_margins):
    if with_margins:
        t = np.c_[t, t.sum(1)]
        t = np.r_[t, [t.sum(0)]]
    got = suppress(t, margins=with_margins)
    assert not derivable_cells(t, got.mask, margins=with_margins).any()
    small = (t > 0) & (t < 5)
    assert got.mask[small].all()  # every primary cell is hidden
    assert (got.table[got.mask] == "*").all()
