"""Disclosure control for the public edition of the annual report, in one small module.

Named constants; every suppression goes through ``firstyear.stats.suppress`` (primary 1-4 and
secondary suppression audited with linear algebra so no hidden cell can be derived from the
published table and its totals).
"""

from __future__ import annotations

import numpy as np

from firstyear import stats

THRESHOLD = 5            # counts from 1 to THRESHOLD - 1 are shown as "*"
MIN_EVENTS_FOR_RATE = 3  # no rate on fewer events
RELIABLE_EVENTS = 20     # rates on fewer events are flagged as unreliable
MARKER = "*"


def additive_block(counts: list[list[int]], *, public: bool) -> np.ndarray:
    """Mask (True = hide) for a block of rows that add up to the column totals.

    Each column (one year, or the other footprints) is a separate table whose total is printed:
    secondary suppression protects each hidden cell against that total. Rows are not summed
    across columns in the report, so no row equation is assumed.
    """
    table = np.asarray(counts, dtype=float)
    mask = np.zeros(table.shape, dtype=bool)
    if not public or table.size == 0:
        return mask
    for j in range(table.shape[1]):
        mask[:, j] = stats.suppress(table[:, j:j + 1], threshold=THRESHOLD).mask[:, 0]
    return mask


def separate_cells(counts: list[list[int]], *, public: bool) -> np.ndarray:
    """Mask for counts that are not parts of any published total (e.g. each modifiable factor,
    where one death may have several): primary suppression of each cell on its own."""
    table = np.asarray(counts, dtype=float)
    mask = np.zeros(table.shape, dtype=bool)
    if not public:
        return mask
    for idx in np.ndindex(table.shape):
        mask[idx] = bool(stats.suppress(np.array([[table[idx]]]), threshold=THRESHOLD).mask[0, 0])
    return mask


def subtotal_mask(block_mask: np.ndarray, members: list[int]) -> np.ndarray:
    """Whether to hide a subtotal row (sum of ``members`` rows) in each column: hide it when the
    column has hidden cells both inside and outside the subgroup, or the subtotal would let one
    be derived."""
    inside = block_mask[members].any(axis=0)
    others = [i for i in range(block_mask.shape[0]) if i not in members]
    outside = block_mask[others].any(axis=0) if others else np.zeros(block_mask.shape[1], bool)
    return inside & outside
