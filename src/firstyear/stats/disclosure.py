"""Small-number disclosure control for published count tables.

Primary suppression hides counts from 1 to ``threshold - 1`` (zero optionally).
Secondary (complementary) suppression then hides further cells until no suppressed
cell can be recovered from the table's published totals:

1. any row or column (a "line") holding exactly one suppressed cell gets a second: the
   smallest non-zero unsuppressed cell of that line (ties: the first), falling back to a
   zero cell and then, with margins, to the line's total;
2. repeat until stable; then check exact derivability with linear algebra (a chain of
   lines can still pin a cell down, e.g. a cell bridging two rectangles of suppressions)
   and, while any suppressed cell is derivable, suppress the smallest non-zero
   unsuppressed cell in its row or column (or anywhere, failing that) and go back to 1.

A suppressed cell is *derivable* when the additivity equations of the table (each line
sums to its total) determine its value uniquely given the published cells, i.e. its
unit vector lies in the row space of the equations restricted to the suppressed cells.
Bounds-based (interval) disclosure is not assessed.

References
----------
Office for National Statistics. Statistical disclosure control policy / guidance for
tables produced from administrative sources (small-number suppression and
complementary suppression). Hundepool A et al. Statistical Disclosure Control. Wiley, 2012,
ch. 4 (linear-algebra audit of suppressed tables).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MARKER = "*"


@dataclass(frozen=True, eq=False)
class Suppression:
    """Result of :func:`suppress`.

    Attributes
    ----------
    table : ndarray of object
        The published table: original numbers, ``marker`` where suppressed.
    mask : ndarray of bool
        True where suppressed (primary or secondary).
    primary, secondary : ndarray of bool
        The two kinds of suppression.
    marker : str
        The symbol used ("*").
    """

    table: np.ndarray
    mask: np.ndarray
    primary: np.ndarray
    secondary: np.ndarray
    marker: str


def _lines(shape: tuple[int, int], margins: bool) -> list[tuple[np.ndarray, np.ndarray]]:
    """Each additivity equation as (flat cell indices, coefficients).

    Without margins the interior row and column totals are taken as published, so an
    equation is a line of at least two cells summing to a known value. With margins the
    last row and column are totals and each equation is "members - total = 0".
    """
    rows, cols = shape
    idx = np.arange(rows * cols).reshape(shape)
    out = []
    if margins:
        for i in range(rows):
            out.append((idx[i, :], np.r_[np.ones(cols - 1), -1.0]))
        for j in range(cols):
            out.append((idx[:, j], np.r_[np.ones(rows - 1), -1.0]))
    else:
        if cols >= 2:
            out.extend((idx[i, :], np.ones(cols)) for i in range(rows))
        if rows >= 2:
            out.extend((idx[:, j], np.ones(rows)) for j in range(cols))
    return out


def _as_table(table) -> np.ndarray:
    t = np.asarray(table, dtype=float)
    if t.ndim != 2:
        raise ValueError(f"table must be 2-dimensional, not {t.ndim}-dimensional")
    bad = ~np.isfinite(t) | (t < 0) | (t != np.floor(t))
    if bad.any():
        i, j = np.argwhere(bad)[0]
        raise ValueError(f"table[{i}, {j}] = {t[i, j]!r}: cells must be non-negative whole counts")
    return t


def derivable_cells(table, mask, margins: bool = False) -> np.ndarray:
    """Suppressed cells whose value the published cells and totals determine exactly.

    Parameters
    ----------
    table : array_like
        The full (unsuppressed) 2-d table; with ``margins`` its last row and column are
        totals.
    mask : array_like of bool
        True where suppressed.
    margins : bool
        Whether the table includes its totals as the last row and column.

    Returns
    -------
    ndarray of bool
        True for suppressed cells that can be recovered.
    """
    t = _as_table(table)
    m = np.asarray(mask, dtype=bool)
    if m.shape != t.shape:
        raise ValueError(f"mask shape {m.shape} differs from table shape {t.shape}")
    hidden = np.flatnonzero(m)
    out = np.zeros(t.size, dtype=bool)
    if hidden.size == 0:
        return out.reshape(t.shape)
    col_of = -np.ones(t.size, dtype=np.intp)
    col_of[hidden] = np.arange(hidden.size)
    rows = []
    for cells, coef in _lines(t.shape, margins):
        k = col_of[cells]
        use = k >= 0
        if use.any():
            row = np.zeros(hidden.size)
            row[k[use]] = coef[use]
            rows.append(row)
    if not rows:
        return out.reshape(t.shape)
    a = np.array(rows)
    # Null space of A: a hidden cell is determined iff every null vector is 0 there.
    _, s, vt = np.linalg.svd(a)
    tol = max(a.shape) * np.finfo(float).eps * (s[0] if s.size else 0.0)
    rank = int((s > tol).sum())
    null = vt[rank:]
    determined = np.all(np.abs(null) < 1e-9, axis=0) if null.size else np.ones(hidden.size, bool)
    out[hidden] = determined
    return out.reshape(t.shape)


def _pick(values: np.ndarray, cells: np.ndarray, mask_flat: np.ndarray, totals: np.ndarray):
    """Cell to suppress among ``cells``: smallest non-zero unsuppressed interior cell,
    else a zero interior cell, else a total; None if all are suppressed."""
    free = cells[~mask_flat[cells]]
    if free.size == 0:
        return None
    interior = free[~totals[free]]
    for pool in (interior[values[interior] > 0], interior, free):
        if pool.size:
            return int(pool[np.argmin(values[pool])])  # argmin takes the first of ties
    return None


def suppress(
    table,
    threshold: int = 5,
    *,
    suppress_zero: bool = False,
    margins: bool = False,
    marker: str = MARKER,
) -> Suppression:
    """Primary and secondary suppression of a 2-d count table.

    Parameters
    ----------
    table : array_like
        Whole non-negative counts. With ``margins=True`` the last row and column hold
        the row totals, column totals and grand total (they are checked to add up).
    threshold : int
        Counts from 1 to ``threshold - 1`` are suppressed (default 5: 1-4 hidden).
    suppress_zero : bool
        Also hide zeros (off by default: a zero is usually not disclosive).
    margins : bool
        The table includes its totals, which may themselves need suppressing.
    marker : str
        What to print in suppressed cells.

    Returns
    -------
    Suppression
        ``table`` (object array with ``marker``), ``mask``, ``primary``, ``secondary``.
    """
    t = _as_table(table)
    if margins:
        if t.shape[0] < 2 or t.shape[1] < 2:
            raise ValueError("a table with margins needs at least one data row and column")
        inner = t[:-1, :-1]
        if not (
            np.array_equal(inner.sum(1), t[:-1, -1])
            and np.array_equal(inner.sum(0), t[-1, :-1])
            and inner.sum() == t[-1, -1]
        ):
            raise ValueError("margins do not add up: the last row and column must be the totals")
    values = t.ravel()
    primary = (t > 0) & (t < threshold)
    if suppress_zero:
        primary |= t == 0
    mask = primary.ravel().copy()
    totals = np.zeros(t.shape, dtype=bool)
    if margins:
        totals[-1, :] = True
        totals[:, -1] = True
    totals = totals.ravel()
    lines = [cells for cells, _ in _lines(t.shape, margins)]
    rows_of = np.arange(t.size) // t.shape[1]
    cols_of = np.arange(t.size) % t.shape[1]

    while True:
        changed = True
        while changed:  # rule 1 to a fixed point
            changed = False
            for cells in lines:
                if mask[cells].sum() == 1:
                    pick = _pick(values, cells, mask, totals)
                    if pick is not None:
                        mask[pick] = True
                        changed = True
        derivable = derivable_cells(t, mask.reshape(t.shape), margins).ravel()
        if not derivable.any():
            break
        cell = int(np.flatnonzero(derivable)[0])
        near = np.flatnonzero((rows_of == rows_of[cell]) | (cols_of == cols_of[cell]))
        pick = _pick(values, near, mask, totals)
        if pick is None:
            pick = _pick(values, np.arange(t.size), mask, totals)
        if pick is None:
            break  # everything is suppressed already
        mask[pick] = True

    mask = mask.reshape(t.shape)
    published = t.astype(object)
    as_int = t.astype(np.int64)
    for i, j in np.ndindex(t.shape):  # small tables: build the object array cell-wise
        published[i, j] = marker if mask[i, j] else int(as_int[i, j])
    return Suppression(
        table=published,
        mask=mask,
        primary=primary,
        secondary=mask & ~primary,
        marker=marker,
    )
