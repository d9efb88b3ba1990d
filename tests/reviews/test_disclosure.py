"""Public edition disclosure control: no suppressed cell can be derived from what is published."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from firstyear import stats
from firstyear.reviews import disclosure

pytestmark = pytest.mark.pure

blocks = st.integers(2, 7).flatmap(lambda rows: st.integers(1, 3).flatmap(
    lambda cols: st.lists(st.lists(st.integers(0, 30), min_size=cols, max_size=cols), min_size=rows, max_size=rows)))


@settings(max_examples=150, deadline=None)
@given(blocks)
def test_no_hidden_cell_is_derivable_from_column_totals(counts):
    table = np.array(counts)
    mask = disclosure.additive_block(counts, public=True)
    assert not ((table >= 1) & (table < disclosure.THRESHOLD) & ~mask).any()
    for j in range(table.shape[1]):
        column = table[:, j:j + 1]
        assert not stats.derivable_cells(column, mask[:, j:j + 1]).any()


@settings(max_examples=150, deadline=None)
@given(blocks, st.data())
def test_subtotal_never_reveals_a_hidden_cell(counts, data):
    table = np.array(counts)
    rows = table.shape[0]
    members = sorted(data.draw(st.sets(st.integers(0, rows - 1), min_size=1, max_size=rows - 1)))
    mask = disclosure.additive_block(counts, public=True)
    sub_hidden = disclosure.subtotal_mask(mask, members)
    for j in range(table.shape[1]):
        hidden = np.flatnonzero(mask[:, j])
        if hidden.size == 0:
            continue
        # equations on the hidden cells: the column total, plus the subtotal when it is published
        equations = [np.ones(hidden.size)]
        if not sub_hidden[j]:
            equations.append(np.array([1.0 if h in members else 0.0 for h in hidden]))
        a = np.array(equations)
        _, s, vt = np.linalg.svd(a)
        rank = int((s > 1e-9).sum())
        null = vt[rank:]
        determined = np.all(np.abs(null) < 1e-9, axis=0) if null.size else np.ones(hidden.size, bool)
        assert not determined.any(), f"column {j}: a hidden cell follows from the totals"


def test_restricted_edition_hides_nothing():
    assert not disclosure.additive_block([[1, 2], [3, 40]], public=False).any()


@settings(max_examples=120, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["white", "mixed", "asian", "black", "other", "not_stated"]), max_size=40),
                min_size=1, max_size=3))
def test_published_report_table_reveals_no_hidden_count(columns):
    """The real table builder, on random registers: from the published ethnic group table (with its
    minority subtotal and total), no hidden count can be worked out."""
    import datetime as dt

    from firstyear.reviews import report
    from firstyear.reviews.models import BME_GROUPS, EthnicGroup

    groups = [report.Group(key=str(i), label=str(i), notified=[], completed=[{"ethnic_group": e} for e in col],
                           open_at_end=[], year_end=dt.date(2015, 3, 31)) for i, col in enumerate(columns)]
    table = report._breakdown("ethnic_group", "t", "Ethnic group", EthnicGroup.choices, "ethnic_group", groups,
                              public=True, subtotal=("All minority ethnic groups", list(BME_GROUPS)))
    codes = [c for c, _ in EthnicGroup.choices]
    members = [codes.index(c) for c in BME_GROUPS]
    for j, col in enumerate(columns):
        true = np.array([col.count(c) for c in codes], dtype=float)
        shown = [row[1 + 2 * j] for row in table.rows[:len(codes)]]
        for value, n in zip(shown, true, strict=True):
            assert value == "*" or value == n
            assert not (value != "*" and 1 <= n < disclosure.THRESHOLD)
        hidden = np.flatnonzero([v == "*" for v in shown])
        if hidden.size == 0:
            continue
        equations = []
        total = table.rows[-1][1 + 2 * j]
        if total != "*":
            equations.append(np.ones(hidden.size))
        if table.rows[len(codes)][1 + 2 * j] != "*":
            equations.append(np.array([1.0 if h in members else 0.0 for h in hidden]))
        if not equations:
            continue
        a = np.array(equations)
        _, s, vt = np.linalg.svd(a)
        null = vt[int((s > 1e-9).sum()):]
        determined = np.all(np.abs(null) < 1e-9, axis=0) if null.size else np.ones(hidden.size, bool)
        assert not determined.any(), (col, shown)
