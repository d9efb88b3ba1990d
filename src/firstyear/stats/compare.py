"""Fingertips benchmark comparison by confidence interval against the benchmark value.

Fingertips' "Compared to England" test puts the area's confidence interval against the
benchmark's *value* (not the benchmark's interval): lower limit above the benchmark
value = higher, upper limit below it = lower, otherwise similar. Checked against the
real Fingertips extract in /work/shared/data/fingertips (comparing two intervals for
overlap gives different, wrong labels).

Labels are plain strings so a web layer can map them to colours:

* no judgement: ``"lower"``, ``"similar"``, ``"higher"``;
* with polarity: ``"better"``, ``"similar"``, ``"worse"``;
* two levels (95% and 99.8%): ``"better 99.8%"``, ``"better 95%"``, ``"similar"``,
  ``"worse 95%"``, ``"worse 99.8%"`` (or ``"lower 99.8%"`` ... ``"higher 99.8%"``);
* ``"not compared"`` where the value, a limit or the benchmark is missing (NaN).
"""

from __future__ import annotations

import numpy as np

from ._results import Estimate
from ._validate import as_float, broadcast

BETTER, SIMILAR, WORSE = "better", "similar", "worse"
LOWER, HIGHER = "lower", "higher"
NOT_COMPARED = "not compared"

#: Accepted polarity spellings (Fingertips metadata uses "Low is good" etc.).
POLARITIES = ("low_is_good", "high_is_good", "no_judgement")

#: Every label :func:`compare` can return.
COMPARISON_LABELS = (BETTER, SIMILAR, WORSE, LOWER, HIGHER, NOT_COMPARED)
#: Every label :func:`compare_levels` can return.
TWO_LEVEL_LABELS = (
    "better 99.8%", "better 95%", SIMILAR, "worse 95%", "worse 99.8%",
    "lower 99.8%", "lower 95%", "higher 95%", "higher 99.8%", NOT_COMPARED,
)  # fmt: skip

# Codes: 0 not compared, 1 lower, 2 similar, 3 higher (single level);
# two levels add 4 lower-99.8, 5 higher-99.8.
_SINGLE = {
    "no_judgement": np.array([NOT_COMPARED, LOWER, SIMILAR, HIGHER]),
    "low_is_good": np.array([NOT_COMPARED, BETTER, SIMILAR, WORSE]),
    "high_is_good": np.array([NOT_COMPARED, WORSE, SIMILAR, BETTER]),
}
_DOUBLE = {
    "no_judgement": np.array(
        [NOT_COMPARED, "lower 95%", SIMILAR, "higher 95%", "lower 99.8%", "higher 99.8%"]
    ),
    "low_is_good": np.array(
        [NOT_COMPARED, "better 95%", SIMILAR, "worse 95%", "better 99.8%", "worse 99.8%"]
    ),
    "high_is_good": np.array(
        [NOT_COMPARED, "worse 95%", SIMILAR, "better 95%", "worse 99.8%", "better 99.8%"]
    ),
}


def normalise_polarity(polarity: str) -> str:
    """Map "Low is good", "low-is-good", "RAG - Low is good" ... to a canonical name."""
    key = str(polarity).strip().lower()
    key = key.removeprefix("rag - ").removeprefix("bob - ")
    key = key.replace("-", "_").replace(" ", "_")
    aliases = {
        "low_is_good": "low_is_good",
        "lower_is_better": "low_is_good",
        "high_is_good": "high_is_good",
        "higher_is_better": "high_is_good",
        "no_judgement": "no_judgement",
        "no_judgment": "no_judgement",
        "none": "no_judgement",
        "not_applicable": "no_judgement",
        "blue_orange_blue": "no_judgement",
    }
    if key not in aliases:
        raise ValueError(
            f"polarity = {polarity!r}: use 'low_is_good', 'high_is_good' or 'no_judgement'"
        )
    return aliases[key]


def _codes(value, lower, upper, benchmark) -> np.ndarray:
    missing = np.isnan(value) | np.isnan(lower) | np.isnan(upper) | np.isnan(benchmark)
    code = np.full(value.shape, 2, dtype=np.int8)
    code[lower > benchmark] = 3
    code[upper < benchmark] = 1
    code[missing] = 0
    return code


def _label(codes: np.ndarray, polarity, table: dict) -> np.ndarray:
    if isinstance(polarity, str):
        return table[normalise_polarity(polarity)][codes]
    pol = np.broadcast_to(np.asarray(polarity, dtype=str), codes.shape)
    # Few distinct polarities: normalise each once, not per row.
    names, inverse = np.unique(pol, return_inverse=True)
    out = np.empty(codes.shape, dtype=table["no_judgement"].dtype)
    inverse = inverse.reshape(codes.shape)
    for k, name in enumerate(names):
        rows = inverse == k
        out[rows] = table[normalise_polarity(name)][codes[rows]]
    return out


def compare(value, lower, upper, benchmark, polarity="no_judgement") -> np.ndarray:
    """Label each row against its benchmark value at one confidence level.

    Parameters
    ----------
    value, lower, upper : array_like
        The area's value and its confidence limits (any one level: 95% or 99.8%).
    benchmark : array_like
        The comparator's value (e.g. England), scalar or per row.
    polarity : str or array_like of str
        "low_is_good", "high_is_good" or "no_judgement" (Fingertips' "Low is good",
        "High is good", "No judgement" are accepted too); scalar or per row.

    Returns
    -------
    ndarray of str
        "better" / "similar" / "worse" (with a polarity), "lower" / "similar" /
        "higher" (no judgement), "not compared" where anything is NaN.

    References
    ----------
    Public Health England. Fingertips technical guidance: benchmarking by confidence
    intervals against the comparator value.
    """
    v, lo, hi, b = broadcast(
        value=as_float("value", value),
        lower=as_float("lower", lower),
        upper=as_float("upper", upper),
        benchmark=as_float("benchmark", benchmark),
    )
    return _label(_codes(v, lo, hi, b), polarity, _SINGLE)


def compare_levels(
    value, lower95, upper95, lower998, upper998, benchmark, polarity="no_judgement"
) -> np.ndarray:
    """Two-level Fingertips comparison: significant at 99.8%, at 95% only, or similar.

    A row is "better 99.8%" (say) when its 99.8% interval excludes the benchmark value
    on the good side, "better 95%" when only its 95% interval does, else "similar";
    "not compared" if any input is NaN. Labels are listed in ``TWO_LEVEL_LABELS``.
    """
    v, lo95, hi95, lo998, hi998, b = broadcast(
        value=as_float("value", value),
        lower95=as_float("lower95", lower95),
        upper95=as_float("upper95", upper95),
        lower998=as_float("lower998", lower998),
        upper998=as_float("upper998", upper998),
        benchmark=as_float("benchmark", benchmark),
    )
    code = _codes(v, lo95, hi95, b)
    missing998 = np.isnan(lo998) | np.isnan(hi998)
    code[(lo998 > b) & (code == 3)] = 5
    code[(hi998 < b) & (code == 1)] = 4
    code[missing998] = 0
    return _label(code, polarity, _DOUBLE)


def compare_estimate(estimate: Estimate, benchmark, polarity="no_judgement") -> np.ndarray:
    """Compare an :class:`Estimate`: two-level labels if it has 95% and 99.8% limits,
    otherwise single-level labels at its first level."""
    try:
        lo95, hi95 = estimate.interval(0.95)
        lo998, hi998 = estimate.interval(0.998)
    except KeyError:
        return compare(estimate.value, estimate.lower, estimate.upper, benchmark, polarity)
    return compare_levels(estimate.value, lo95, hi95, lo998, hi998, benchmark, polarity)
