"""Inputs to the charts: small frozen dataclasses of plain floats and strings.

Missing numbers may be given as ``None`` or NaN (or +/-inf); every class
normalises them to ``None`` on construction, so the chart code only ever sees
``float`` or ``None``. Labels are validated against the fixed vocabularies below
so a typo fails loudly at construction instead of silently drawing grey.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields

# The comparison labels firstyear.stats emits, exactly.
SINGLE_LEVEL_COMPARISONS = ("better", "similar", "worse", "lower", "higher", "not compared")
TWO_LEVEL_COMPARISONS = (
    "better 95%",
    "better 99.8%",
    "worse 95%",
    "worse 99.8%",
    "lower 95%",
    "lower 99.8%",
    "higher 95%",
    "higher 99.8%",
)
COMPARISONS = SINGLE_LEVEL_COMPARISONS + TWO_LEVEL_COMPARISONS

# Legend order: best first, then neutral, then worst; then the no-judgement pair.
COMPARISON_ORDER = (
    "better 99.8%",
    "better 95%",
    "better",
    "similar",
    "worse",
    "worse 95%",
    "worse 99.8%",
    "lower 99.8%",
    "lower 95%",
    "lower",
    "higher",
    "higher 95%",
    "higher 99.8%",
    "not compared",
)

FUNNEL_SIGNIFICANCE = ("within", "above 95%", "above 99.8%", "below 95%", "below 99.8%")
POLARITIES = ("low_is_good", "high_is_good", "no_judgement")
SPC_FLAGS = ("improvement", "concern", "common")


def as_number(value: object) -> float | None:
    """``float(value)``, or ``None`` when the value is missing (None, NaN, +/-inf)."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise TypeError(f"expected a number, got {value!r}")
    number = float(value)  # raises TypeError/ValueError for non-numbers
    return number if math.isfinite(number) else None


def _check(value: str, allowed: Sequence[str], what: str) -> None:
    if value not in allowed:
        raise ValueError(f"unknown {what} {value!r}; expected one of {', '.join(map(repr, allowed))}")


def _normalise_numbers(obj: object, *names: str) -> None:
    for name in names:
        object.__setattr__(obj, name, as_number(getattr(obj, name)))


def _str(obj: object, *names: str) -> None:
    for name in names:
        value = getattr(obj, name)
        if not isinstance(value, str):
            raise TypeError(f"{type(obj).__name__}.{name} must be a str, got {value!r}")


@dataclass(frozen=True)
class TrendPoint:
    """One period of an area's time series, with its 95% interval and England comparison."""

    period: str
    value: float | None
    lower: float | None = None
    upper: float | None = None
    comparison: str = "not compared"

    def __post_init__(self) -> None:
        _str(self, "period", "comparison")
        _normalise_numbers(self, "value", "lower", "upper")
        _check(self.comparison, COMPARISONS, "comparison")


@dataclass(frozen=True)
class ReferenceSeries:
    """A reference line on a trend chart (England, a region): a label and values by period.

    ``values`` may be given as a mapping ``{period: value}`` or pairs; it is stored
    as a tuple of ``(period, value)`` pairs so the object stays hashable.
    """

    label: str
    values: tuple[tuple[str, float | None], ...]

    def __init__(self, label: str, values: Mapping[str, object] | Iterable[tuple[str, object]]):
        pairs = values.items() if isinstance(values, Mapping) else values
        object.__setattr__(self, "label", label)
        object.__setattr__(
            self, "values", tuple((str(period), as_number(value)) for period, value in pairs)
        )
        _str(self, "label")

    def get(self, period: str) -> float | None:
        """The value for a period, or None."""
        for p, v in self.values:
            if p == period:
                return v
        return None


@dataclass(frozen=True)
class CompareBar:
    """One area in the compare-areas bar chart."""

    code: str
    name: str
    value: float | None
    lower: float | None = None
    upper: float | None = None
    comparison: str = "not compared"

    def __post_init__(self) -> None:
        _str(self, "code", "name", "comparison")
        _normalise_numbers(self, "value", "lower", "upper")
        _check(self.comparison, COMPARISONS, "comparison")


@dataclass(frozen=True)
class FunnelPoint:
    """One area on a funnel plot: its denominator (x), value (y) and where it falls."""

    code: str
    name: str
    denominator: float | None
    value: float | None
    significance: str = "within"

    def __post_init__(self) -> None:
        _str(self, "code", "name", "significance")
        _normalise_numbers(self, "denominator", "value")
        _check(self.significance, FUNNEL_SIGNIFICANCE, "funnel significance")


@dataclass(frozen=True)
class FunnelLimits:
    """Control limits evaluated along ``x`` (computed by the caller with firstyear.stats).

    All arrays have the same length as ``x``. Missing entries (None/NaN) leave
    gaps in the line. The ``od_*`` arrays are optional overdispersed limits,
    drawn dashed.
    """

    x: tuple[float | None, ...]
    lower95: tuple[float | None, ...]
    upper95: tuple[float | None, ...]
    lower998: tuple[float | None, ...]
    upper998: tuple[float | None, ...]
    od_lower95: tuple[float | None, ...] | None = None
    od_upper95: tuple[float | None, ...] | None = None
    od_lower998: tuple[float | None, ...] | None = None
    od_upper998: tuple[float | None, ...] | None = None

    def __post_init__(self) -> None:
        n = None
        for f in fields(self):
            raw = getattr(self, f.name)
            if raw is None:
                if not f.name.startswith("od_"):
                    raise ValueError(f"FunnelLimits.{f.name} is required")
                continue
            values = tuple(as_number(v) for v in raw)
            if n is None:
                n = len(values)
            elif len(values) != n:
                raise ValueError(
                    f"FunnelLimits.{f.name} has {len(values)} values; x has {n}"
                )
            object.__setattr__(self, f.name, values)

    @property
    def has_overdispersed(self) -> bool:
        return any(
            getattr(self, name) is not None
            for name in ("od_lower95", "od_upper95", "od_lower998", "od_upper998")
        )


@dataclass(frozen=True)
class SpineRow:
    """One indicator (one row) of a spine chart.

    ``worst`` and ``best`` are the extreme values across the comparison areas
    given the polarity; for ``no_judgement`` rows they are simply the two
    extremes (which is which does not matter: lowest is drawn on the left).
    """

    label: str
    area_value: float | None
    england_value: float | None
    worst: float | None
    q25: float | None
    q75: float | None
    best: float | None
    comparison: str = "not compared"
    polarity: str = "no_judgement"
    decimals: int | None = None  # overrides spine_chart(decimals=) for this row

    def position(self, value: float | None) -> float | None:
        """Where ``value`` sits on this row's 0..1 scale: England at 0.5, worst (or lowest) left.

        The half-width is the further of worst and best from England (Fingertips' scaling),
        so the band fills one side exactly and the other side partly.
        """
        eng = self.england_value
        if value is None or eng is None or self.worst is None or self.best is None:
            return None
        half = max(abs(self.worst - eng), abs(self.best - eng))
        if half == 0:
            half = abs(eng) or 1.0
        direction = -1.0 if self.polarity == "low_is_good" else 1.0
        return 0.5 + direction * (value - eng) / (2 * half)

    def __post_init__(self) -> None:
        _str(self, "label", "comparison", "polarity")
        if self.decimals is not None and (not isinstance(self.decimals, int)
                                          or not 0 <= self.decimals <= 6):
            raise ValueError(f"SpineRow.decimals must be an int from 0 to 6, got {self.decimals!r}")
        _normalise_numbers(self, "area_value", "england_value", "worst", "q25", "q75", "best")
        _check(self.comparison, COMPARISONS, "comparison")
        _check(self.polarity, POLARITIES, "polarity")


@dataclass(frozen=True)
class BreakdownBar:
    """One category of a breakdown (deprivation quintile, ethnic group, ...)."""

    label: str
    value: float | None
    lower: float | None = None
    upper: float | None = None
    comparison: str = "not compared"

    def __post_init__(self) -> None:
        _str(self, "label", "comparison")
        _normalise_numbers(self, "value", "lower", "upper")
        _check(self.comparison, COMPARISONS, "comparison")


@dataclass(frozen=True)
class SPCPoint:
    """One period on an XmR (SPC) chart, flagged by the caller's SPC rules."""

    period: str
    value: float | None
    flag: str = "common"

    def __post_init__(self) -> None:
        _str(self, "period", "flag")
        _normalise_numbers(self, "value")
        _check(self.flag, SPC_FLAGS, "SPC flag")
