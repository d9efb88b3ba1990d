"""Fingertips' recent-trend marker on the last five points of a series.

Implemented from the Fingertips trend-marker specification (PHE "Fingertips trend
markers" technical guidance) as it runs in Fingertips (TrendMarkerCalculator):

1. Take the five most recent points with a value and both 95% limits, oldest first,
   at times t = 1..5 (time gaps are ignored, as in Fingertips).
2. Weights w = 1 / se^2 with se = (upper95 - lower95) / 3.92.
3. Weighted least-squares slope
   b = (S_w S_wty - S_wt S_wy) / (S_w S_wt2 - S_wt^2), se(b) = sqrt(S_w / (S_w S_wt2 - S_wt^2)),
   chi^2 = (b / se(b))^2 on 1 degree of freedom.
4. Significant when chi^2 > 9.5495 (the 99.8% point of chi-square on 1 df) *and* the
   slope keeps its sign when each of the five points is dropped in turn (six fits;
   a zero slope counts as positive, as in Fingertips).

For proportions, when counts and denominators are given, the chi-square is the
Cochran-Armitage test for trend in proportions,
chi^2 = N (N S_tO - S_O S_nt)^2 / (S_O (N - S_O) (N S_nt2 - S_nt^2)), N = S_n, and the
sign-stability check uses the ordinary least-squares slope of logit(O / n) on t (the
"SPC for proportions" branch of Fingertips' calculator); the reported direction is that
logit slope.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validate import as_float, broadcast
from .compare import normalise_polarity

POINTS = 5
#: chi-square (1 df) at 99.8%, the constant Fingertips uses.
CHI_SQUARE_998 = 9.54953570608324

INCREASING = "Increasing"
DECREASING = "Decreasing"
NO_CHANGE = "No significant change"
CANNOT = "Cannot be calculated"
#: Every label :func:`recent_trend` returns (Fingertips' own wording).
TREND_LABELS = (
    INCREASING, DECREASING, NO_CHANGE, CANNOT,
    "Increasing and getting better", "Increasing and getting worse",
    "Decreasing and getting better", "Decreasing and getting worse",
)  # fmt: skip


@dataclass(frozen=True, eq=False)
class RecentTrend:
    """Recent-trend result, one entry per series.

    Attributes
    ----------
    label : ndarray of str
        One of ``TREND_LABELS``.
    slope : ndarray
        Slope per time step (indicator units; logit units for the proportion method).
    chi_square : ndarray
        Test statistic on 1 df (NaN where it cannot be calculated).
    significant : ndarray of bool
        chi_square > 9.5495 and the sign is stable when any point is dropped.
    stable : ndarray of bool
        The sign-stability part on its own.
    """

    label: np.ndarray
    slope: np.ndarray
    chi_square: np.ndarray
    significant: np.ndarray
    stable: np.ndarray


def _last_points(valid: np.ndarray, *arrays: np.ndarray):
    """The last POINTS valid entries of each row, oldest first, and which rows had enough."""
    after = np.cumsum(valid[:, ::-1], axis=1)[:, ::-1]
    take = valid & (after <= POINTS)
    enough = valid.sum(axis=1) >= POINTS
    take &= enough[:, None]
    rows = int(enough.sum())
    picked = [a[take].reshape(rows, POINTS) for a in arrays]
    return enough, picked


def _wls(w, y, t):
    s1 = w.sum(-1)
    s2 = (w * t * y).sum(-1)
    s3 = (w * t).sum(-1)
    s4 = (w * y).sum(-1)
    s5 = (w * t * t).sum(-1)
    det = s1 * s5 - s3 * s3
    return (s1 * s2 - s3 * s4) / det, np.sqrt(s1 / det)


def _ols_slope(y, keep, t):
    m = keep.sum(-1)
    st = (t * keep).sum(-1)
    sy = (y * keep).sum(-1)
    sty = (t * y * keep).sum(-1)
    stt = (t * t * keep).sum(-1)
    return (m * sty - sy * st) / (m * stt - st * st)


def _sign_stable(slope_fn) -> np.ndarray:
    signs = []
    for drop in range(-1, POINTS):
        keep = np.ones(POINTS)
        if drop >= 0:
            keep[drop] = 0.0
        signs.append(np.where(slope_fn(keep) < 0, -1, 1))
    return np.abs(np.sum(signs, axis=0)) == POINTS + 1


def recent_trend(
    values,
    lower=None,
    upper=None,
    *,
    counts=None,
    denominators=None,
    polarity: str = "no_judgement",
) -> RecentTrend:
    """Fingertips recent trend of each series over its last five valid points.

    Parameters
    ----------
    values : array_like
        One series (1-d, oldest first) or many (2-d: series x periods).
    lower, upper : array_like
        95% confidence limits, same shape (required unless counts/denominators given).
    counts, denominators : array_like, optional
        For proportions: use Fingertips' chi-square test for trend in proportions
        instead of the interval-weighted regression.
    polarity : str
        "low_is_good", "high_is_good" or "no_judgement" (Fingertips spellings accepted);
        adds "and getting better/worse" to significant trends.

    Returns
    -------
    RecentTrend
        Labels (Fingertips' wording: "Increasing", "Decreasing", "No significant change",
        "Cannot be calculated", "Increasing and getting worse" ...), slope, chi-square.

    References
    ----------
    Public Health England. Fingertips trend markers (technical guidance). Armitage P.
    Tests for linear trends in proportions and frequencies. Biometrics 1955;11:375-386.
    """
    pol = normalise_polarity(polarity)
    v = as_float("values", values)
    single = v.ndim == 1
    v2 = np.atleast_2d(v)
    t = np.arange(1, POINTS + 1, dtype=float)
    if counts is not None or denominators is not None:
        if counts is None or denominators is None:
            raise ValueError("give both counts and denominators for the proportion method")
        c, n = broadcast(
            counts=np.atleast_2d(as_float("counts", counts)),
            denominators=np.atleast_2d(as_float("denominators", denominators)),
        )
        c, n, v2 = broadcast(counts=c, denominators=n, values=v2)
        with np.errstate(invalid="ignore"):
            valid = np.isfinite(c) & np.isfinite(n) & (c >= 0) & (c <= n) & (n > 0)
        enough, (cs, ns) = _last_points(valid, c, n)
        big_n = ns.sum(-1)
        so = cs.sum(-1)
        sto = (t * cs).sum(-1)
        snt = (t * ns).sum(-1)
        sntt = (t * t * ns).sum(-1)
        trend = big_n * sto - so * snt
        with np.errstate(divide="ignore", invalid="ignore"):
            chi2 = big_n * trend**2 / (so * (big_n - so) * (big_n * sntt - snt**2))
            # Zero counts give logit -inf and possibly an undefined (NaN) slope, which
            # counts as positive in the sign check, as in Fingertips' implementation.
            logit = np.log(cs / (ns - cs))
            slope = _ols_slope(logit, np.ones(POINTS), t)
            stable = _sign_stable(lambda keep: _ols_slope(logit, keep, t))
        # Direction from the trend statistic itself, defined even with zero counts.
        direction = np.sign(trend)
    else:
        if lower is None or upper is None:
            raise ValueError("give lower and upper 95% limits (or counts and denominators)")
        lo = np.atleast_2d(as_float("lower", lower))
        hi = np.atleast_2d(as_float("upper", upper))
        v2, lo, hi = broadcast(values=v2, lower=lo, upper=hi)
        with np.errstate(invalid="ignore"):
            valid = np.isfinite(v2) & np.isfinite(lo) & np.isfinite(hi) & (hi > lo)
        enough, (vs, los, his) = _last_points(valid, v2, lo, hi)
        se = (his - los) / 3.92
        w = 1 / (se * se)
        slope, se_slope = _wls(w, vs, t)
        chi2 = (slope / se_slope) ** 2
        stable = _sign_stable(lambda keep: _wls(w * keep, vs, t)[0])
        direction = np.sign(slope)

    rows = v2.shape[0]
    out_slope = np.full(rows, np.nan)
    out_chi2 = np.full(rows, np.nan)
    out_stable = np.zeros(rows, dtype=bool)
    out_dir = np.zeros(rows)
    out_slope[enough], out_chi2[enough], out_stable[enough] = slope, chi2, stable
    out_dir[enough] = direction
    with np.errstate(invalid="ignore"):
        significant = out_stable & (out_chi2 > CHI_SQUARE_998)
    label = np.full(rows, NO_CHANGE, dtype="<U29")
    up = significant & (out_dir > 0)
    down = significant & (out_dir < 0)
    if pol == "no_judgement":
        label[up], label[down] = INCREASING, DECREASING
    else:
        good_up = pol == "high_is_good"
        label[up] = f"{INCREASING} and getting {'better' if good_up else 'worse'}"
        label[down] = f"{DECREASING} and getting {'worse' if good_up else 'better'}"
    label[~enough] = CANNOT
    result = RecentTrend(label, out_slope, out_chi2, significant, out_stable)
    if single:
        return RecentTrend(
            *(np.asarray(a)[0] for a in (label, out_slope, out_chi2, significant, out_stable))
        )
    return result
