"""The public chart functions: validate inputs, write the alt text, return a Chart.

Nothing here imports matplotlib; drawing happens in ``render`` (or on first
access to ``Chart.figure``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from .chart import Chart
from .data import (
    COMPARISON_ORDER,
    POLARITIES,
    BreakdownBar,
    CompareBar,
    FunnelLimits,
    FunnelPoint,
    ReferenceSeries,
    SPCPoint,
    SpineRow,
    TrendPoint,
    as_number,
)
from .text import comparison_phrase, family, format_number, join_clauses, with_unit


def _items(values: Iterable, cls: type, what: str) -> tuple:
    items = tuple(values)
    for item in items:
        if not isinstance(item, cls):
            raise TypeError(f"{what} must be {cls.__name__} objects, got {type(item).__name__}")
    return items


def _title(title: str) -> str:
    if not isinstance(title, str) or not title.strip():
        raise ValueError("every chart needs a non-empty title")
    return title.strip()


def _decimals(decimals: int) -> int:
    if not isinstance(decimals, int) or not 0 <= decimals <= 6:
        raise ValueError(f"decimals must be an int from 0 to 6, got {decimals!r}")
    return decimals


def _polarity(polarity: str) -> str:
    if polarity not in POLARITIES:
        raise ValueError(f"unknown polarity {polarity!r}; expected one of {POLARITIES}")
    return polarity


def _alt(alt: str | None, generated: str) -> str:
    if alt is None:
        return generated
    if not isinstance(alt, str) or not alt.strip():
        raise ValueError("alt text, when given, must be a non-empty string")
    return alt.strip()


def _series(series, default_label: str) -> ReferenceSeries | None:
    if series is None or isinstance(series, ReferenceSeries):
        return series
    if isinstance(series, Mapping):
        return ReferenceSeries(default_label, series)
    raise TypeError(f"expected a ReferenceSeries or a {{period: value}} mapping, got {series!r}")


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _count_phrase(n: int, singular: str, plural: str | None = None) -> str:
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"


# =============================================================================
def trend_chart(
    points: Sequence[TrendPoint],
    *,
    title: str,
    unit: str,
    england: ReferenceSeries | Mapping[str, float | None] | None = None,
    region: ReferenceSeries | None = None,
    recent_trend_text: str | None = None,
    area_name: str | None = None,
    decimals: int = 1,
    alt: str | None = None,
) -> Chart:
    """One area's values by period with 95% intervals, coloured by comparison with England.

    ``england`` (a ReferenceSeries or a ``{period: value}`` mapping) and
    ``region`` (a ReferenceSeries, whose label names the region) add reference
    lines, matched to the points by period label.
    """
    pts = _items(points, TrendPoint, "points")
    title = _title(title)
    dec = _decimals(decimals)
    eng = _series(england, "England")
    reg = _series(region, "Region")
    plotted = [p for p in pts if p.value is not None]
    subject = f"{title} in {area_name}" if area_name else title
    parts: list[str] = []
    if not plotted:
        parts.append(f"{subject}: no data to show")
    else:
        first, last = plotted[0], plotted[-1]
        v0, v1 = format_number(first.value, dec), format_number(last.value, dec)
        if len(plotted) == 1:
            sentence = f"{subject} was {with_unit(v1, unit)} in {last.period}"
        elif v0 == v1:
            sentence = (f"{subject} was {with_unit(v1, unit)} in both {first.period} and "
                        f"{last.period}")
        else:
            verb = "rose" if last.value > first.value else "fell"
            sentence = (f"{subject} {verb} from {v0} to {with_unit(v1, unit)} between "
                        f"{first.period} and {last.period}")
        refs = []
        for series in (eng, reg):
            if series is not None and series.get(last.period) is not None:
                refs.append(f"{series.label} {format_number(series.get(last.period), dec)}")
        if refs:
            sentence += f"; {', '.join(refs)} in {last.period}"
        parts.append(sentence)
        if last.comparison != "not compared":
            parts.append(f"The latest value is {comparison_phrase(last.comparison)}")
    if recent_trend_text:
        parts.append(f"Recent trend: {recent_trend_text}")
    spec = {
        "points": pts, "unit": unit, "england": eng, "region": reg,
        "recent_trend_text": recent_trend_text, "decimals": dec,
    }
    return Chart("trend", title, _alt(alt, join_clauses(parts)), spec)


# =============================================================================
def compare_chart(
    bars: Sequence[CompareBar],
    *,
    title: str,
    unit: str,
    benchmark_value: float | None,
    benchmark_label: str = "England",
    highlight_code: str | None = None,
    decimals: int = 1,
    alt: str | None = None,
) -> Chart:
    """Areas as horizontal bars, highest value at the top, with a benchmark line.

    Areas with no value are listed at the bottom marked "no data".
    """
    items = _items(bars, CompareBar, "bars")
    title = _title(title)
    dec = _decimals(decimals)
    bench = as_number(benchmark_value)
    indexed = list(enumerate(items))
    present = sorted((ib for ib in indexed if ib[1].value is not None),
                     key=lambda ib: (-ib[1].value, ib[1].name))
    missing = sorted((ib for ib in indexed if ib[1].value is None), key=lambda ib: ib[1].name)
    ordered = present + missing
    parts: list[str] = []
    if not present:
        parts.append(f"{title}: no data to show")
    else:
        hi, lo = present[0][1], present[-1][1]
        sentence = (f"{title}: {_count_phrase(len(present), 'area')} ranked by value, from "
                    f"{hi.name} ({format_number(hi.value, dec)}) down to {lo.name} "
                    f"({format_number(lo.value, dec)})")
        if bench is not None:
            sentence += f"; {benchmark_label} {format_number(bench, dec)}"
        parts.append(sentence)
        counts = Counter(family(b.comparison) for _, b in present)
        summary = [f"{counts[f]} {comparison_phrase(f, benchmark_label)}"
                   for f in ("better", "similar", "worse", "lower", "higher") if counts[f]]
        if summary:
            parts.append(", ".join(summary))
    if highlight_code is not None:
        match = [(rank, b) for rank, (_, b) in enumerate(ordered, 1) if b.code == highlight_code]
        if not match:
            raise ValueError(f"highlight_code {highlight_code!r} is not among the bars")
        rank, b = match[0]
        if b.value is None:
            parts.append(f"{b.name} has no data")
        else:
            parts.append(f"{b.name} is {with_unit(format_number(b.value, dec), unit)}, "
                         f"{comparison_phrase(b.comparison, benchmark_label)}, the "
                         f"{_ordinal(rank)} highest of {len(present)}")
    if missing:
        parts.append(f"{_count_phrase(len(missing), 'area')} with no data")
    spec = {
        "rows": tuple(b for _, b in ordered), "order": tuple(i for i, _ in ordered),
        "unit": unit, "benchmark_value": bench, "benchmark_label": benchmark_label,
        "highlight_code": highlight_code, "decimals": dec,
    }
    return Chart("compare", title, _alt(alt, join_clauses(parts)), spec)


# =============================================================================
def funnel_chart(
    points: Sequence[FunnelPoint],
    limits: FunnelLimits,
    *,
    title: str,
    unit: str,
    benchmark_value: float | None,
    x_label: str,
    highlight_code: str | None = None,
    polarity: str = "no_judgement",
    benchmark_label: str = "England",
    decimals: int = 1,
    alt: str | None = None,
) -> Chart:
    """Values against denominators with 95% and 99.8% control limits.

    ``polarity`` decides the colours: with ``"low_is_good"`` a point above the
    limits is "worse" (red) and below is "better" (green); ``"high_is_good"``
    the reverse; ``"no_judgement"`` uses higher (dark blue) and lower (light blue).
    """
    pts = _items(points, FunnelPoint, "points")
    if not isinstance(limits, FunnelLimits):
        raise TypeError("limits must be a FunnelLimits")
    title = _title(title)
    dec = _decimals(decimals)
    pol = _polarity(polarity)
    bench = as_number(benchmark_value)
    plotted = [p for p in pts if p.value is not None and p.denominator is not None]
    parts: list[str] = []
    if not plotted:
        parts.append(f"{title}: no data to show")
    else:
        sentence = (f"{title}: {_count_phrase(len(plotted), 'area')} plotted against "
                    f"{x_label.lower()}")
        if bench is not None:
            sentence += f", with {benchmark_label} at {format_number(bench, dec)}"
        parts.append(sentence)
        counts = Counter(p.significance for p in plotted)
        described = [
            f"{counts['above 99.8%']} above the upper 99.8% limit" if counts["above 99.8%"] else "",
            f"{counts['above 95%']} above the upper 95% limit only" if counts["above 95%"] else "",
            f"{counts['within']} within the 95% limits" if counts["within"] else "",
            f"{counts['below 95%']} below the lower 95% limit only" if counts["below 95%"] else "",
            f"{counts['below 99.8%']} below the lower 99.8% limit" if counts["below 99.8%"] else "",
        ]
        parts.append(", ".join(d for d in described if d))
    if highlight_code is not None:
        match = [p for p in pts if p.code == highlight_code]
        if not match:
            raise ValueError(f"highlight_code {highlight_code!r} is not among the points")
        p = match[0]
        if p.value is None or p.denominator is None:
            parts.append(f"{p.name} has no data")
        else:
            where = ("within the 95% limits" if p.significance == "within"
                     else f"{p.significance.split(' ')[0]} the {p.significance.split(' ')[1]} "
                          "limit")
            parts.append(f"{p.name} is {with_unit(format_number(p.value, dec), unit)} with "
                         f"{format_number(p.denominator, 0)} {x_label.lower()}, {where}")
    spec = {
        "points": pts, "limits": limits, "unit": unit, "benchmark_value": bench,
        "benchmark_label": benchmark_label, "x_label": x_label,
        "highlight_code": highlight_code, "polarity": pol, "decimals": dec,
    }
    return Chart("funnel", title, _alt(alt, join_clauses(parts)), spec)


# =============================================================================
def spine_chart(
    rows: Sequence[SpineRow],
    *,
    title: str,
    area_name: str | None = None,
    decimals: int = 1,
    alt: str | None = None,
) -> Chart:
    """The Fingertips spine chart: one row per indicator, England in the middle.

    ``area_name`` heads the area's value column and is used in the alt text.
    """
    items = _items(rows, SpineRow, "rows")
    title = _title(title)
    dec = _decimals(decimals)
    who = area_name or "the area"
    parts = [f"{title}: {_count_phrase(len(items), 'indicator')} for {who}, each compared "
             "with England"]
    with_value = [r for r in items if r.area_value is not None]
    counts = Counter(family(r.comparison) for r in with_value)
    summary = [f"{counts[f]} {comparison_phrase(f)}"
               for f in ("better", "similar", "worse", "lower", "higher", "not compared")
               if counts[f]]
    if summary:
        parts.append(", ".join(summary))
    worse = [r.label for r in with_value if family(r.comparison) == "worse"]
    if worse and len(worse) <= 5:
        parts.append(f"Worse than England: {'; '.join(worse)}")
    no_data = len(items) - len(with_value)
    if no_data:
        parts.append(f"{_count_phrase(no_data, 'indicator')} with no data for {who}")
    spec = {"rows": items, "area_name": area_name, "decimals": dec}
    return Chart("spine", title, _alt(alt, join_clauses(parts)), spec)


# =============================================================================
def breakdown_chart(
    bars: Sequence[BreakdownBar],
    *,
    title: str,
    unit: str,
    benchmark_value: float | None = None,
    benchmark_label: str = "England",
    decimals: int = 1,
    alt: str | None = None,
) -> Chart:
    """Vertical bars for categories in the order given (not sorted), with 95% intervals."""
    items = _items(bars, BreakdownBar, "bars")
    title = _title(title)
    dec = _decimals(decimals)
    bench = as_number(benchmark_value)
    plotted = [b for b in items if b.value is not None]
    parts: list[str] = []
    if not plotted:
        parts.append(f"{title}: no data to show")
    elif len(plotted) <= 10:
        parts.append(f"{title}: " + ", ".join(
            f"{b.label} {format_number(b.value, dec)}" for b in plotted))
    else:
        hi = max(plotted, key=lambda b: b.value)
        lo = min(plotted, key=lambda b: b.value)
        parts.append(f"{title}: {_count_phrase(len(plotted), 'group')}, highest {hi.label} "
                     f"({format_number(hi.value, dec)}), lowest {lo.label} "
                     f"({format_number(lo.value, dec)})")
    if plotted and unit:
        parts[-1] += f" ({unit})"
    if bench is not None:
        parts.append(f"{benchmark_label} {format_number(bench, dec)}")
    notable = [f"{b.label} {comparison_phrase(b.comparison, benchmark_label)}" for b in plotted
               if family(b.comparison) in ("better", "worse", "lower", "higher")]
    if notable:
        parts.append("; ".join(notable))
    if len(plotted) < len(items):
        parts.append(f"No data for {', '.join(b.label for b in items if b.value is None)}")
    spec = {"bars": items, "unit": unit, "benchmark_value": bench,
            "benchmark_label": benchmark_label, "decimals": dec}
    return Chart("breakdown", title, _alt(alt, join_clauses(parts)), spec)


# =============================================================================
def spc_variation_text(points: Sequence[SPCPoint]) -> str | None:
    """Making Data Count variation icon, as words, from the latest point's flag."""
    latest = [p for p in points if p.value is not None]
    if not latest:
        return None
    flag = latest[-1].flag
    return {
        "improvement": "Variation: special cause, improvement",
        "concern": "Variation: special cause, concern",
        "common": "Variation: common cause",
    }[flag]


def spc_assurance_text(target: float | None, lower: float | None, upper: float | None,
                       polarity: str) -> str | None:
    """Making Data Count assurance icon, as words, from where the target sits."""
    if target is None or lower is None or upper is None:
        return None
    if lower <= target <= upper:
        return "Assurance: hit and miss (target within the process limits)"
    if polarity == "no_judgement":
        side = "above" if target > upper else "below"
        return f"Assurance: target {side} the process limits"
    passes = (target > upper) == (polarity == "low_is_good")
    return ("Assurance: consistently passes the target" if passes
            else "Assurance: consistently fails the target")


def spc_chart(
    points: Sequence[SPCPoint],
    *,
    title: str,
    unit: str,
    mean: float | None,
    upper_process_limit: float | None,
    lower_process_limit: float | None,
    target: float | None = None,
    polarity: str = "no_judgement",
    variation_text: str | None = None,
    assurance_text: str | None = None,
    decimals: int = 1,
    alt: str | None = None,
) -> Chart:
    """NHS "Making Data Count" XmR chart with mean, process limits and optional target.

    Flags come from the caller's SPC rules. The variation and assurance texts in
    the corner default to the latest point's flag and to where the target sits
    relative to the process limits (which needs ``polarity`` to say pass/fail).
    """
    pts = _items(points, SPCPoint, "points")
    title = _title(title)
    dec = _decimals(decimals)
    pol = _polarity(polarity)
    m, upl, lpl, tgt = (as_number(v) for v in (mean, upper_process_limit, lower_process_limit,
                                                target))
    variation = variation_text if variation_text is not None else spc_variation_text(pts)
    assurance = (assurance_text if assurance_text is not None
                 else spc_assurance_text(tgt, lpl, upl, pol))
    plotted = [p for p in pts if p.value is not None]
    parts: list[str] = []
    if not plotted:
        parts.append(f"{title}: no data to show")
    else:
        last = plotted[-1]
        parts.append(f"{title}: {_count_phrase(len(plotted), 'value')} from {plotted[0].period} "
                     f"to {last.period}; latest "
                     f"{with_unit(format_number(last.value, dec), unit)} ({last.period})")
        limits = []
        if m is not None:
            limits.append(f"mean {format_number(m, dec)}")
        if lpl is not None and upl is not None:
            limits.append(f"process limits {format_number(lpl, dec)} to {format_number(upl, dec)}")
        if tgt is not None:
            limits.append(f"target {format_number(tgt, dec)}")
        if limits:
            parts.append(", ".join(limits))
        flags = Counter(p.flag for p in plotted)
        if flags["improvement"] or flags["concern"]:
            parts.append(f"{_count_phrase(flags['improvement'], 'point')} of special-cause "
                         f"improvement and {flags['concern']} of concern")
    for text in (variation, assurance):
        if text:
            parts.append(text)
    spec = {
        "points": pts, "unit": unit, "mean": m, "upper_process_limit": upl,
        "lower_process_limit": lpl, "target": tgt, "polarity": pol,
        "variation_text": variation, "assurance_text": assurance, "decimals": dec,
    }
    return Chart("spc", title, _alt(alt, join_clauses(parts)), spec)


__all__ = [
    "trend_chart", "compare_chart", "funnel_chart", "spine_chart", "breakdown_chart",
    "spc_chart", "spc_variation_text", "spc_assurance_text", "COMPARISON_ORDER",
]
