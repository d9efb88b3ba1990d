"""NHS England "Making Data Count" XmR (individuals) statistical process control chart.

Rule set (Making Data Count, "Strengthening your decisions", NHS England/Improvement):

1. a single point outside the process limits;
2. a shift: a run of 7 or more consecutive points above, or below, the mean (a point
   exactly on the mean breaks the run);
3. a trend: 7 or more consecutive points each higher, or each lower, than the one
   before (an equal pair breaks the run);
4. two out of three consecutive points beyond two sigma (two-thirds of the way to a
   process limit) on the same side of the mean; both of those points are flagged.

Process limits are mean +/- 2.66 x mean moving range (2.66 = 3 / 1.128, d2 for n = 2),
so sigma = MR-bar / 1.128 and the two-sigma lines are mean +/- 1.773 x MR-bar.
The variation icon describes the latest point; the assurance icon compares the process
limits with a target.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validate import as_float, one_of

#: The XmR constant 3 / d2 (d2 = 1.128 for moving ranges of two points).
LIMIT_CONSTANT = 2.66
RUN_LENGTH = 7
TREND_LENGTH = 7

VARIATION_ICONS = (
    "common cause",
    "improvement (high)", "improvement (low)",
    "concern (high)", "concern (low)",
    "neither (high)", "neither (low)",
)  # fmt: skip
ASSURANCE_ICONS = ("consistently passing", "consistently failing", "inconsistent", "")


@dataclass(frozen=True, eq=False)
class SPCChart:
    """An XmR chart and its Making Data Count icons.

    Attributes
    ----------
    values : ndarray
    mean, lower_limit, upper_limit : float
        Centre line and process limits (computed on the baseline points).
    lower_two_sigma, upper_two_sigma : float
    moving_range : ndarray
        |x_t - x_{t-1}| (NaN for the first point).
    outside_limits, shift, trend, two_of_three : ndarray of bool
        Which points each rule flags.
    special_cause : ndarray of bool
        Any rule.
    direction : ndarray of str
        "high" or "low" for special-cause points (the side of the mean, or the direction
        of a trend), "" otherwise.
    variation : str
        Icon for the latest point: one of ``VARIATION_ICONS``.
    assurance : str
        One of ``ASSURANCE_ICONS`` ("" without a target).
    """

    values: np.ndarray
    mean: float
    lower_limit: float
    upper_limit: float
    lower_two_sigma: float
    upper_two_sigma: float
    moving_range: np.ndarray
    outside_limits: np.ndarray
    shift: np.ndarray
    trend: np.ndarray
    two_of_three: np.ndarray
    special_cause: np.ndarray
    direction: np.ndarray
    variation: str
    assurance: str


def _runs(flag: np.ndarray, length: int) -> np.ndarray:
    """Mark every element belonging to a run of at least ``length`` True values."""
    n = flag.size
    out = np.zeros(n, dtype=bool)
    if n < length:
        return out
    f = flag.astype(np.int64)
    window = np.convolve(f, np.ones(length, dtype=np.int64), mode="valid") == length
    # Spread each qualifying window over its `length` points.
    starts = np.nonzero(window)[0]
    if starts.size:
        cover = np.zeros(n + 1, dtype=np.int64)
        np.add.at(cover, starts, 1)
        np.add.at(cover, starts + length, -1)
        out = np.cumsum(cover)[:n] > 0
    return out


def _two_of_three(beyond: np.ndarray) -> np.ndarray:
    n = beyond.size
    out = np.zeros(n, dtype=bool)
    if n < 3:
        return out
    counts = np.convolve(beyond.astype(np.int64), np.ones(3, dtype=np.int64), mode="valid")
    for offset in range(3):
        idx = np.nonzero(counts >= 2)[0] + offset
        out[idx] |= beyond[idx]
    return out


def spc(
    values,
    improvement: str = "decrease",
    target: float | None = None,
    baseline: int | None = None,
) -> SPCChart:
    """XmR chart with Making Data Count special-cause rules and icons.

    Parameters
    ----------
    values : array_like
        The series in time order (no gaps; NaN not allowed).
    improvement : {"decrease", "increase", "neither"}
        Which direction is better (infant mortality: "decrease").
    target : float, optional
        For the assurance icon.
    baseline : int, optional
        Compute mean and limits from the first ``baseline`` points only (MDC recommends
        at least 12 and at most 20 or so); default all points.

    Returns
    -------
    SPCChart

    Notes
    -----
    Variation icon (latest point): "common cause" if it is not a special cause;
    otherwise "improvement (high|low)" or "concern (high|low)" by whether its direction
    is the better one, or "neither (high|low)" when ``improvement="neither"``.
    Assurance: with improvement "decrease", a target above the upper limit is
    "consistently passing", below the lower limit "consistently failing" (mirrored for
    "increase"), otherwise "inconsistent" (the target lies within the limits).

    References
    ----------
    NHS England. Making Data Count: Strengthening your decisions (2019, updated 2021).
    Wheeler DJ. Understanding Variation: the key to managing chaos, 2nd ed. 2000.
    """
    one_of("improvement", improvement, ("decrease", "increase", "neither"))
    x = as_float("values", values).ravel()
    if np.isnan(x).any():
        i = int(np.argmax(np.isnan(x)))
        raise ValueError(f"values[{i}] = nan: an XmR chart needs every point")
    if x.size < 2:
        raise ValueError("an XmR chart needs at least two points")
    base = x if baseline is None else x[: int(baseline)]
    if base.size < 2:
        raise ValueError("baseline needs at least two points")
    mr = np.abs(np.diff(x))
    mean = float(base.mean())
    mr_bar = float(np.abs(np.diff(base)).mean())
    half_width = LIMIT_CONSTANT * mr_bar
    lower, upper = mean - half_width, mean + half_width
    two_sigma = half_width * 2 / 3
    lower2, upper2 = mean - two_sigma, mean + two_sigma

    above, below = x > mean, x < mean
    high_out, low_out = x > upper, x < lower
    shift_high, shift_low = _runs(above, RUN_LENGTH), _runs(below, RUN_LENGTH)
    rising = np.r_[False, np.diff(x) > 0]
    falling = np.r_[False, np.diff(x) < 0]
    # A run of k rises spans k + 1 points: include the point each run starts from.
    trend_up = _runs(rising, TREND_LENGTH - 1)
    trend_up |= np.r_[trend_up[1:], False] & ~trend_up
    trend_down = _runs(falling, TREND_LENGTH - 1)
    trend_down |= np.r_[trend_down[1:], False] & ~trend_down
    two_high, two_low = _two_of_three(x > upper2), _two_of_three(x < lower2)

    high = high_out | shift_high | two_high | trend_up
    low = low_out | shift_low | two_low | trend_down
    special = high | low
    direction = np.where(high & ~low, "high", np.where(low & ~high, "low", ""))
    # A point both rising in a trend and below the mean takes its side from the mean.
    both = high & low
    direction = np.where(both, np.where(above, "high", "low"), direction)

    last = direction[-1]
    if not special[-1]:
        variation = "common cause"
    elif improvement == "neither":
        variation = f"neither ({last})"
    else:
        good = "high" if improvement == "increase" else "low"
        variation = f"{'improvement' if last == good else 'concern'} ({last})"

    assurance = ""
    if target is not None and improvement != "neither":
        passing_above = improvement == "increase"
        if lower > target:
            assurance = "consistently passing" if passing_above else "consistently failing"
        elif upper < target:
            assurance = "consistently failing" if passing_above else "consistently passing"
        else:
            assurance = "inconsistent"

    return SPCChart(
        values=x,
        mean=mean,
        lower_limit=lower,
        upper_limit=upper,
        lower_two_sigma=lower2,
        upper_two_sigma=upper2,
        moving_range=np.r_[np.nan, mr],
        outside_limits=high_out | low_out,
        shift=shift_high | shift_low,
        trend=trend_up | trend_down,
        two_of_three=two_high | two_low,
        special_cause=special,
        direction=direction,
        variation=variation,
        assurance=assurance,
    )
