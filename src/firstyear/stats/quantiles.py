"""Assign areas to quantiles (quintiles, deciles) by PHE/Fingertips ranking rules."""

from __future__ import annotations

import numpy as np

from ._validate import as_float


def quantiles(values, n: int = 5, invert: bool = False, groups=None) -> np.ndarray:
    """Quantile (1..n) of each value, within optional groups, as Fingertips assigns them.

    Within each group the ``N`` non-missing values are ranked (ties share the lowest
    rank, "min" ranking), ascending, or descending when ``invert`` is True. The quantile
    is ``floor((n + 1) - ceil(((N + 1) - rank) / (N / n)))``, with 0 raised to 1: a
    rank-based rule that keeps tied values together and fills the top quantile first.
    Groups with fewer than ``n`` values, and missing values, get NaN.

    Parameters
    ----------
    values : array_like
        Indicator values (NaN = missing).
    n : int
        Number of quantiles (5 quintiles, 10 deciles ...).
    invert : bool
        False: quantile 1 holds the lowest values. True: quantile 1 holds the highest
        (PHEindicatormethods' default ``inverted = TRUE`` convention).
    groups : array_like, optional
        Group label per value (e.g. region); quantiles are assigned within each group.

    Returns
    -------
    ndarray of float
        Quantile numbers 1..n, NaN where not assigned.

    References
    ----------
    Public Health England. PHEindicatormethods::phe_quantile documentation, and the
    Fingertips quintile/decile assignment it reproduces.
    """
    if int(n) != n or n < 1:
        raise ValueError(f"n = {n!r}: the number of quantiles must be a positive whole number")
    v = as_float("values", values).ravel()
    if groups is None:
        g = np.zeros(v.shape, dtype=np.intp)
    else:
        labels = np.asarray(groups).ravel()
        if labels.shape != v.shape:
            raise ValueError(f"groups has {labels.size} entries but values has {v.size}")
        _, g = np.unique(labels, return_inverse=True)
    present = ~np.isnan(v)
    key = -v if invert else v
    # Sort by group, then value; missing values go to the end of every group.
    order = np.lexsort((np.where(present, key, np.inf), ~present, g))
    gs, ks, ps = g[order], key[order], present[order]
    size = v.size
    pos = np.arange(size)
    group_start = np.r_[True, gs[1:] != gs[:-1]] if size else np.zeros(0, bool)
    start_pos = np.maximum.accumulate(np.where(group_start, pos, 0)) if size else pos
    # "min" rank: position of the first of a run of equal values within the group.
    new_value = group_start | np.r_[True, ks[1:] != ks[:-1]] if size else group_start
    run_start = np.maximum.accumulate(np.where(new_value, pos, 0)) if size else pos
    rank = (run_start - start_pos + 1).astype(float)
    count = np.bincount(gs, weights=ps.astype(float))[gs] if size else rank
    with np.errstate(divide="ignore", invalid="ignore"):
        q = np.floor((n + 1) - np.ceil(((count + 1) - rank) / (count / n)))
    q[q == 0] = 1
    q[~ps | (count < n)] = np.nan
    out = np.empty(size)
    out[order] = q
    return out.reshape(np.shape(values)) if np.ndim(values) else out
