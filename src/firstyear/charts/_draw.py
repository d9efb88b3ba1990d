"""Matplotlib drawing for each chart kind. Imported lazily, on first render.

Each ``draw_<kind>(chart, width_in, include_title)`` returns ``(figure, tooltips)``
where ``tooltips`` maps artist gids to short texts that ``render`` writes into
the SVG as ``<title>`` elements (hover text when the SVG is inlined or opened).

Artists that stand for data carry stable gids, which tests (and CSS, when the
SVG is inlined) can rely on:

* ``fy-point-<i>``: the marker for input item ``i`` (trend, funnel, spine, SPC)
* ``fy-bar-<i>``: the bar for input item ``i`` (compare, breakdown)
* ``fy-ci``: all confidence-interval whiskers, one segment per item with an interval
* ``fy-benchmark``, ``fy-england``, ``fy-region``, ``fy-mean``, ``fy-limit-*``, ``fy-target``

Missing values get no artist (so no gid); the ``i`` is the item's position in
the caller's list, not in the drawing order.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence

import matplotlib
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.transforms import ScaledTranslation, blended_transform_factory

from . import palette as P
from ._layout import (
    BODY_PT,
    CSS_PX,
    PAD,
    SMALL_PT,
    TITLE_PT,
    LegendEntry,
    Stack,
    bare_axes,
    draw_categories,
    legend_block,
    line_height,
    measure,
    nice_ticks,
    plan_categories,
    style_value_axis,
    truncate,
    wrap,
)
from .data import COMPARISON_ORDER
from .text import comparison_phrase, format_number, interval_text, legend_label

# Every figure is built and saved while holding LOCK inside rc_context(RC):
# matplotlib reads some settings (svg.fonttype, svg.hashsalt, fonts) from its
# global rcParams at draw time, and rc_context is not thread-safe on its own.
LOCK = threading.RLock()
RC = {
    "svg.fonttype": "none",  # text stays <text>: selectable, searchable, small
    "svg.hashsalt": "firstyear-charts",  # deterministic ids
    "svg.id": None,
    "svg.image_inline": True,
    "font.family": ["sans-serif"],
    # Layout is measured with DejaVu Sans, which matplotlib bundles, so output is
    # identical on every machine. render() rewrites the SVG font stack.
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": BODY_PT,
    "text.color": P.TEXT,
    "text.parse_math": False,  # "$" in an area name is just a dollar sign
    "axes.edgecolor": P.TEXT,
    "axes.labelcolor": P.TEXT,
    "axes.linewidth": 1.0,
    "axes.unicode_minus": True,
    "xtick.color": P.TEXT,
    "ytick.color": P.TEXT,
    "figure.facecolor": P.WHITE,
    "savefig.facecolor": P.WHITE,
    "savefig.edgecolor": P.WHITE,
    "savefig.transparent": False,
    "path.simplify": True,
    "lines.solid_capstyle": "butt",
}


def rc_context():
    return matplotlib.rc_context(RC)


MARKER_SIZE = {"o": 9.0, "D": 7.5, "s": 7.5, "v": 9.5, "^": 9.5}
CI_NOTE = "Vertical lines show 95% confidence intervals."
CI_NOTE_H = "Horizontal lines show 95% confidence intervals."


def _marker(comparison: str) -> tuple[str, float]:
    m = P.COMPARISON_MARKERS[comparison]
    return m, MARKER_SIZE[m]


def _comparison_entries(present: Sequence[str], benchmark: str) -> list[LegendEntry]:
    entries = []
    for c in COMPARISON_ORDER:
        if c in present:
            m, ms = _marker(c)
            entries.append(LegendEntry("marker", legend_label(c, benchmark), P.colour_for(c),
                                       P.edge_for(c), marker=m, markersize=ms))
    return entries


def _bar_entries(present: Sequence[str], benchmark: str) -> list[LegendEntry]:
    return [
        LegendEntry("patch", legend_label(c, benchmark), P.colour_for(c), P.edge_for(c))
        for c in COMPARISON_ORDER if c in present
    ]


def _header(stack: Stack, title: str, include_title: bool, *, subtitle: Sequence[str] = (),
            legend: Sequence[LegendEntry] = (), corner: Sequence[str] = ()) -> None:
    """Title (with an optional boxed note in the top-right corner), subtitle and legend."""
    stack.space(PAD)
    corner_w = 0.0
    if corner:
        corner_w = max(measure(line, SMALL_PT, "bold" if i == 0 else "normal")
                       for i, line in enumerate(corner)) + 0.2
    avail = stack.width - 2 * PAD - (corner_w + 0.2 if corner_w else 0.0)
    title_lines = wrap(title, avail, TITLE_PT, "bold") if include_title else []
    title_h = len(title_lines) * line_height(TITLE_PT)
    corner_h = len(corner) * line_height(SMALL_PT) + 0.16 if corner else 0.0
    h = max(title_h, corner_h)
    if h:
        def draw(fig: Figure, top: float) -> None:
            t = fig.dpi_scale_trans
            for i, line in enumerate(title_lines):
                fig.text(PAD, top - i * line_height(TITLE_PT), line, transform=t,
                         fontsize=TITLE_PT, fontweight="bold", ha="left", va="top")
            if corner:
                x1 = stack.width - PAD
                fig.add_artist(Rectangle(
                    (x1 - corner_w, top - corner_h), corner_w, corner_h, transform=t,
                    facecolor=P.LIGHT_GREY, edgecolor=P.MID_GREY, linewidth=0.8,
                    gid="fy-corner",
                ))
                for i, line in enumerate(corner):
                    fig.text(x1 - corner_w + 0.1, top - 0.08 - i * line_height(SMALL_PT), line,
                             transform=t, fontsize=SMALL_PT, ha="left", va="top",
                             fontweight="bold" if i == 0 else "normal")

        stack.block(h, draw)
        stack.space(6 * CSS_PX)
    for line in subtitle:
        stack.text_lines(wrap(line, stack.width - 2 * PAD, BODY_PT), size=BODY_PT,
                         color=P.SECONDARY_TEXT)
    if subtitle:
        stack.space(4 * CSS_PX)
    if legend:
        legend_block(stack, legend)
    stack.space(10 * CSS_PX)


def _footer(stack: Stack, notes: Sequence[str]) -> None:
    if notes:
        stack.space(12 * CSS_PX)
        for note in notes:
            stack.text_lines(wrap(note, stack.width - 2 * PAD, SMALL_PT), size=SMALL_PT,
                             color=P.SECONDARY_TEXT)
    stack.space(PAD)


def _plot_height(width: float, ratio: float, lo: float, hi: float) -> float:
    return min(max(width * ratio, lo), hi)


def _no_data(ax, message: str = "No data to show") -> None:
    ax.text(0.5, 0.5, message, transform=ax.transAxes, ha="center", va="center",
            fontsize=BODY_PT, color=P.SECONDARY_TEXT)


def _nan(v: float | None) -> float:
    return math.nan if v is None else v


def _ci_segments(items, position, value_of=lambda it: it.value, horizontal=False):
    """Whisker segments and cap positions for items that have a value and both bounds."""
    segs, caps = [], []
    for i, it in enumerate(items):
        if value_of(it) is None or it.lower is None or it.upper is None:
            continue
        p = position(i)
        if p is None:
            continue
        if horizontal:
            segs.append([(it.lower, p), (it.upper, p)])
            caps += [(it.lower, p), (it.upper, p)]
        else:
            segs.append([(p, it.lower), (p, it.upper)])
            caps += [(p, it.lower), (p, it.upper)]
    return segs, caps


def _draw_ci(ax, segs, caps, *, horizontal=False, zorder=4, capsize=8.0):
    if not segs:
        return
    ax.add_collection(LineCollection(segs, colors=P.CI_WHISKER, linewidths=1.3,
                                     zorder=zorder, gid="fy-ci"), autolim=False)
    ax.add_line(Line2D([c[0] for c in caps], [c[1] for c in caps], linestyle="none",
                       marker="|" if horizontal else "_", markersize=capsize,
                       markeredgewidth=1.3, color=P.CI_WHISKER, zorder=zorder,
                       gid="fy-ci-caps"))


def _point(ax, x, y, comparison, gid, *, scale=1.0, edge=None, edge_width=0.8, zorder=5):
    m, ms = _marker(comparison)
    ax.add_line(Line2D([x], [y], linestyle="none", marker=m, markersize=ms * scale,
                       markerfacecolor=P.colour_for(comparison),
                       markeredgecolor=edge or P.edge_for(comparison),
                       markeredgewidth=edge_width, zorder=zorder, gid=gid))


def _unit_block(stack: Stack, unit: str) -> None:
    if unit:
        stack.text_lines(wrap(unit, stack.width - 2 * PAD, BODY_PT), size=BODY_PT,
                         color=P.SECONDARY_TEXT)
        stack.space(6 * CSS_PX)


def _values(*groups) -> list[float]:
    return [v for group in groups for v in group if v is not None]


# =============================================================================
# 1. Trend
# =============================================================================
def draw_trend(chart, width: float, include_title: bool):
    s = chart.spec
    pts = s["points"]
    n = len(pts)
    dec = s["decimals"]
    england, region = s["england"], s["region"]
    periods = [p.period for p in pts]
    tips: dict[str, str] = {}

    eng_vals = [england.get(p) for p in periods] if england else []
    reg_vals = [region.get(p) for p in periods] if region else []
    plotted = [p for p in pts if p.value is not None]
    data = _values([p.value for p in plotted],
                   [p.lower for p in plotted if p.upper is not None],
                   [p.upper for p in plotted if p.lower is not None], eng_vals, reg_vals)
    ticks = nice_ticks(min(data, default=0.0), max(data, default=1.0),
                       include_zero=min(data, default=0.0) >= 0)

    entries = _comparison_entries({p.comparison for p in plotted}, "England")
    if england and any(v is not None for v in eng_vals):
        entries.append(LegendEntry("line", england.label, P.BENCHMARK_LINE, linewidth=2))
    if region and any(v is not None for v in reg_vals):
        entries.append(LegendEntry("line", region.label, P.REGION_LINE, linestyle=(0, (4, 2)),
                                   linewidth=2))

    stack = Stack(width)
    subtitle = [s["recent_trend_text"]] if s["recent_trend_text"] else []
    _header(stack, chart.title, include_title, subtitle=subtitle, legend=entries)
    _unit_block(stack, s["unit"])

    left0 = PAD + ticks.width() + 6 / 72
    plot_w0 = width - left0 - PAD
    plan = plan_categories(periods, plot_w0 / max(n, 1))
    left = max(left0, PAD + plan.overhang_left)
    plot_w = width - left - PAD - plan.overhang_right
    plot_h = _plot_height(width, 0.36, 2.4, 3.6)

    def draw(fig: Figure, top: float) -> None:
        ax = fig.add_axes((left / width, (top - plot_h) / fig.get_figheight(),
                           plot_w / width, plot_h / fig.get_figheight()))
        bare_axes(ax)
        style_value_axis(ax, ticks)
        ax.set_xlim(-0.5, n - 0.5 if n > 1 else 0.5)
        if n == 0 or not plotted:
            _no_data(ax)
        xs = list(range(n))
        if england:
            ax.add_line(Line2D(xs, [_nan(v) for v in eng_vals], color=P.BENCHMARK_LINE,
                               linewidth=2, marker="o", markersize=3.5, zorder=2,
                               gid="fy-england"))
        if region:
            ax.add_line(Line2D(xs, [_nan(v) for v in reg_vals], color=P.REGION_LINE,
                               linewidth=2, linestyle=(0, (4, 2)), zorder=2, gid="fy-region"))
        ax.add_line(Line2D(xs, [_nan(p.value) for p in pts], color=P.AREA_LINE, linewidth=1.2,
                           zorder=3, gid="fy-area-line"))
        segs, caps = _ci_segments(pts, lambda i: i)
        _draw_ci(ax, segs, caps)
        for i, p in enumerate(pts):
            if p.value is None:
                continue
            gid = f"fy-point-{i}"
            _point(ax, i, p.value, p.comparison, gid)
            tips[gid] = (f"{p.period}: {format_number(p.value, dec)}"
                         f"{interval_text(p.lower, p.upper, dec)}, "
                         f"{comparison_phrase(p.comparison)}")
        draw_categories(ax, plan, xs)

    stack.block(plot_h, draw)
    stack.space(plan.height)
    has_ci = any(p.value is not None and p.lower is not None and p.upper is not None
                 for p in pts)
    _footer(stack, [CI_NOTE] if has_ci else [])
    return stack.build(), tips


# =============================================================================
# 2. Compare areas
# =============================================================================
def draw_compare(chart, width: float, include_title: bool):
    s = chart.spec
    rows = s["rows"]  # already ordered: by value (highest first), missing last
    order = s["order"]  # index into the caller's list for each row
    n = len(rows)
    dec = s["decimals"]
    hl = s["highlight_code"]
    bench, bench_label = s["benchmark_value"], s["benchmark_label"]
    tips: dict[str, str] = {}

    plotted = [b for b in rows if b.value is not None]
    data = _values([b.value for b in plotted],
                   [b.lower for b in plotted if b.upper is not None],
                   [b.upper for b in plotted if b.lower is not None], [bench])
    ticks = nice_ticks(min(data, default=0.0), max(data, default=1.0))

    entries = _bar_entries({b.comparison for b in plotted}, bench_label)
    if bench is not None:
        entries.append(LegendEntry("line", f"{bench_label} ({format_number(bench, dec)})",
                                   P.BENCHMARK_LINE, linewidth=2))

    stack = Stack(width)
    _header(stack, chart.title, include_title, legend=entries)

    name_w = min(max((measure(b.name, BODY_PT, "bold" if b.code == hl else "normal")
                      for b in rows), default=0.5), 0.4 * width)
    value_texts = [format_number(b.value, dec) for b in rows]
    value_w = max((measure(t, BODY_PT, "bold") for t in value_texts), default=0.3)
    left = PAD + name_w + 0.12
    right = PAD + value_w + 0.16
    plot_w = width - left - right
    row_h = 26 * CSS_PX
    plot_h = max(n, 1) * row_h
    top_axis = n > 15
    tick_h = line_height(BODY_PT) + 6 / 72

    if top_axis:
        stack.space(tick_h)

    def draw(fig: Figure, top: float) -> None:
        H = fig.get_figheight()
        ax = fig.add_axes((left / width, (top - plot_h) / H, plot_w / width, plot_h / H))
        bare_axes(ax)
        ax.spines["bottom"].set_visible(False)
        style_value_axis(ax, ticks, axis="x", labels=("start", "end") if top_axis else ("start",))
        ax.set_ylim(max(n, 1) - 0.5, -0.5)
        if n == 0 or not plotted:
            _no_data(ax)
        label_t = blended_transform_factory(ax.transAxes, ax.transData)
        name_t = label_t + ScaledTranslation(-0.12, 0, fig.dpi_scale_trans)
        value_t = label_t + ScaledTranslation(value_w + 0.16, 0, fig.dpi_scale_trans)
        for y, b in enumerate(rows):
            bold = b.code == hl
            weight = "bold" if bold else "normal"
            if bold:
                ax.add_artist(Rectangle((0, y - 0.5), 1, 1, transform=label_t,
                                        facecolor=P.LIGHT_GREY, linewidth=0, zorder=0))
            fig.text(0, y, truncate(b.name, name_w, BODY_PT, weight), transform=name_t,
                    ha="right", va="center_baseline", fontsize=BODY_PT, fontweight=weight)
            fig.text(1, y, value_texts[y], transform=value_t, ha="right", va="center_baseline",
                    fontsize=BODY_PT, fontweight=weight,
                    color=P.TEXT if b.value is not None else P.SECONDARY_TEXT)
            if b.value is None:
                continue
            gid = f"fy-bar-{order[y]}"
            x0 = min(0.0, b.value)
            ax.add_artist(Rectangle(
                (x0, y - 0.36), abs(b.value), 0.72, facecolor=P.colour_for(b.comparison),
                edgecolor=P.HIGHLIGHT_EDGE if bold else P.edge_for(b.comparison),
                linewidth=2.2 if bold else 0.6, zorder=3, gid=gid,
            ))
            tips[gid] = (f"{b.name}: {format_number(b.value, dec)}"
                         f"{interval_text(b.lower, b.upper, dec)}, "
                         f"{comparison_phrase(b.comparison, bench_label)}")
        segs, caps = _ci_segments(rows, lambda i: i, horizontal=True)
        _draw_ci(ax, segs, caps, horizontal=True, capsize=7.0)
        if bench is not None:
            ax.axvline(bench, color=P.BENCHMARK_LINE, linewidth=2, zorder=5, gid="fy-benchmark")

    stack.block(plot_h, draw)
    stack.space(tick_h)
    _unit_block_bottom(stack, s["unit"], left)
    has_ci = any(b.value is not None and b.lower is not None and b.upper is not None
                 for b in rows)
    _footer(stack, [CI_NOTE_H] if has_ci else [])
    return stack.build(), tips


def _unit_block_bottom(stack: Stack, unit: str, left: float) -> None:
    """An x-axis label, left-aligned with the plot."""
    if unit:
        stack.space(2 * CSS_PX)
        stack.text_lines(wrap(unit, stack.width - left - PAD, BODY_PT), size=BODY_PT,
                         color=P.SECONDARY_TEXT, x=left)


# =============================================================================
# 3. Funnel
# =============================================================================
FUNNEL_LABELS = {
    "above 99.8%": "Above 99.8% limit",
    "above 95%": "Above 95% limit",
    "within": "Within limits",
    "below 95%": "Below 95% limit",
    "below 99.8%": "Below 99.8% limit",
}
FUNNEL_ORDER = ("above 99.8%", "above 95%", "within", "below 95%", "below 99.8%")


def funnel_comparison(significance: str, polarity: str) -> str:
    """Map a funnel significance to a comparison label (for its colour and shape)."""
    if significance == "within":
        return "similar"
    side, level = significance.split(" ")
    if polarity == "no_judgement":
        fam = "higher" if side == "above" else "lower"
    elif (side == "above") == (polarity == "high_is_good"):
        fam = "better"
    else:
        fam = "worse"
    return f"{fam} {level}"


def draw_funnel(chart, width: float, include_title: bool):
    s = chart.spec
    pts = s["points"]
    lim = s["limits"]
    dec = s["decimals"]
    hl = s["highlight_code"]
    polarity = s["polarity"]
    bench = s["benchmark_value"]
    bench_label = s["benchmark_label"]
    tips: dict[str, str] = {}

    plotted = [(i, p) for i, p in enumerate(pts) if p.value is not None and p.denominator is not None]
    x_max = max(_values([p.denominator * 1.04 for _, p in plotted], lim.x), default=1.0)
    xticks = nice_ticks(0.0, x_max)
    xtick_values = [v for v in xticks.values if v <= x_max]
    xtick_labels = xticks.labels[:len(xtick_values)]
    # y range: the points, the benchmark and the limits from the 10th percentile of the
    # denominators (the limits blow up towards x = 0: a single tiny area, such as the Isles
    # of Scilly, would otherwise squash everything else into a flat line).
    sizes = sorted(p.denominator for _, p in plotted)
    x_from = sizes[len(sizes) // 10] if sizes else 0.0
    lim_vals = []
    for name in ("lower95", "upper95", "lower998", "upper998",
                 "od_lower95", "od_upper95", "od_lower998", "od_upper998"):
        arr = getattr(lim, name)
        if arr is not None:
            lim_vals += [v for x, v in zip(lim.x, arr, strict=True)
                         if x is not None and v is not None and x >= x_from]
    y_data = _values([p.value for _, p in plotted], [bench], lim_vals)
    ticks = nice_ticks(min(y_data, default=0.0), max(y_data, default=1.0), include_zero=False,
                       floor_zero=min(_values([p.value for _, p in plotted]), default=0.0) >= 0)

    present = {p.significance for _, p in plotted}
    entries = []
    for sig in FUNNEL_ORDER:
        if sig in present:
            c = funnel_comparison(sig, polarity)
            m, ms = _marker(c)
            judgement = "" if sig == "within" or polarity == "no_judgement" else (
                f" ({c.split(' ')[0]})")
            entries.append(LegendEntry("marker", FUNNEL_LABELS[sig] + judgement,
                                       P.colour_for(c), P.edge_for(c), marker=m, markersize=ms))
    if bench is not None:
        entries.append(LegendEntry("line", f"{bench_label} ({format_number(bench, dec)})",
                                   P.BENCHMARK_LINE, linewidth=2))
    entries.append(LegendEntry("line", "99.8% limits", P.FUNNEL_998, linewidth=1.2))
    entries.append(LegendEntry("line", "95% limits", P.FUNNEL_95, linewidth=1.2))
    if lim.has_overdispersed:
        entries.append(LegendEntry("line", "Overdispersed limits", P.FUNNEL_998,
                                   linestyle=(0, (5, 3)), linewidth=1.2))

    stack = Stack(width)
    _header(stack, chart.title, include_title, legend=entries)
    _unit_block(stack, s["unit"])
    left = PAD + ticks.width() + 6 / 72
    half_last = measure(xtick_labels[-1]) / 2 if xtick_values[-1] >= x_max * 0.97 else 0.0
    plot_w = width - left - PAD - half_last
    plot_h = _plot_height(width, 0.42, 2.6, 4.2)

    def draw(fig: Figure, top: float) -> None:
        H = fig.get_figheight()
        ax = fig.add_axes((left / width, (top - plot_h) / H, plot_w / width, plot_h / H))
        bare_axes(ax)
        style_value_axis(ax, ticks)
        style_value_axis(ax, xticks, axis="x", grid=False, tick_marks=True, values=xtick_values)
        ax.set_xlim(0.0, x_max)
        if not plotted:
            _no_data(ax)
        lx = [_nan(x) for x in lim.x]
        for name, color, dashed in (
            ("upper998", P.FUNNEL_998, False), ("lower998", P.FUNNEL_998, False),
            ("upper95", P.FUNNEL_95, False), ("lower95", P.FUNNEL_95, False),
            ("od_upper998", P.FUNNEL_998, True), ("od_lower998", P.FUNNEL_998, True),
            ("od_upper95", P.FUNNEL_95, True), ("od_lower95", P.FUNNEL_95, True),
        ):
            arr = getattr(lim, name)
            if arr is None:
                continue
            ax.add_line(Line2D(lx, [_nan(v) for v in arr], color=color, linewidth=1.2,
                               linestyle=(0, (5, 3)) if dashed else "-", zorder=3,
                               gid=f"fy-limit-{name.replace('_', '-')}"))
        if bench is not None:
            ax.axhline(bench, color=P.BENCHMARK_LINE, linewidth=2, zorder=3, gid="fy-benchmark")
        for i, p in plotted:
            c = funnel_comparison(p.significance, polarity)
            gid = f"fy-point-{i}"
            is_hl = p.code == hl
            _point(ax, p.denominator, p.value, c, gid, scale=1.35 if is_hl else 0.85,
                   edge=P.HIGHLIGHT_EDGE if is_hl else None, edge_width=2.0 if is_hl else 0.6,
                   zorder=6 if is_hl else 5)
            tips[gid] = (f"{p.name}: {format_number(p.value, dec)}, "
                         f"{format_number(p.denominator, 0)} {s['x_label'].lower()}; "
                         f"{FUNNEL_LABELS[p.significance].lower()}")
            if is_hl:
                near_right = p.denominator / x_max > 0.7
                ax.annotate(
                    p.name, (p.denominator, p.value), xytext=(-14 if near_right else 14, 14),
                    textcoords="offset points", ha="right" if near_right else "left",
                    va="bottom", fontsize=BODY_PT, fontweight="bold", zorder=7,
                    arrowprops={"arrowstyle": "-", "color": P.TEXT, "linewidth": 1,
                                "shrinkA": 0, "shrinkB": 6},
                    bbox={"boxstyle": "square,pad=0.15", "facecolor": P.WHITE,
                          "edgecolor": "none", "alpha": 0.85},
                    gid="fy-highlight-label",
                )

    stack.block(plot_h, draw)
    stack.space(5 / 72 + 4 / 72 + line_height(BODY_PT))
    _unit_block_bottom(stack, s["x_label"], left)
    _footer(stack, [])
    return stack.build(), tips


# =============================================================================
# 4. Spine
# =============================================================================
def spine_position(row, value: float | None) -> float | None:
    return row.position(value)


def draw_spine(chart, width: float, include_title: bool):
    s = chart.spec
    rows = s["rows"]
    dec = s["decimals"]
    area = s["area_name"] or "Area"
    tips: dict[str, str] = {}

    polarities = {r.polarity for r in rows}
    judged = polarities - {"no_judgement"}
    if judged and "no_judgement" in polarities:
        left_head, right_head = "Worst/ lowest", "Best/ highest"
    elif judged:
        left_head, right_head = "Worst", "Best"
    else:
        left_head, right_head = "Lowest", "Highest"

    plotted = [(i, r) for i, r in enumerate(rows)
               if spine_position(r, r.area_value) is not None]
    entries = _comparison_entries({r.comparison for _, r in plotted}, "England")
    entries += [
        LegendEntry("line", "England", P.BENCHMARK_LINE, linewidth=2),
        LegendEntry("patch", "25th to 75th percentile", P.SPINE_IQR, P.SPINE_IQR),
        LegendEntry("patch", "Range of areas", P.SPINE_RANGE, P.SPINE_RANGE),
    ]

    stack = Stack(width)
    _header(stack, chart.title, include_title, legend=entries)

    def fmt(v, r):
        return format_number(v, dec if r.decimals is None else r.decimals, missing="\u2013")

    def left_end(r):
        if r.polarity == "no_judgement" and None not in (r.worst, r.best):
            return min(r.worst, r.best)
        return r.worst

    def right_end(r):
        if r.polarity == "no_judgement" and None not in (r.worst, r.best):
            return max(r.worst, r.best)
        return r.best

    cols = {
        "area": [fmt(r.area_value, r) if r.area_value is not None else "no data" for r in rows],
        "eng": [fmt(r.england_value, r) for r in rows],
        "worst": [fmt(left_end(r), r) for r in rows],
        "best": [fmt(right_end(r), r) for r in rows],
    }
    heads = {"area": area, "eng": "England", "worst": left_head, "best": right_head}
    gap = 0.16
    col_w = {}
    head_lines = {}
    for key, values in cols.items():
        w_values = max((measure(v, BODY_PT) for v in values), default=0.4)
        col_w[key] = max(w_values, 0.55)
        head_lines[key] = wrap(heads[key], max(col_w[key], 0.9), BODY_PT, "bold")
        col_w[key] = max(col_w[key], max(measure(h, BODY_PT, "bold") for h in head_lines[key]))
    label_w = max(1.8, 0.3 * width)
    fixed = 2 * PAD + label_w + sum(col_w.values()) + 5 * gap
    spine_w = width - fixed
    if spine_w < 1.3:  # narrow output: shrink the label column first
        label_w = max(1.5, label_w - (1.3 - spine_w))
        spine_w = width - (2 * PAD + label_w + sum(col_w.values()) + 5 * gap)
    # x positions (inches) of the right edges of the value columns and the spine
    x_label = PAD
    x_area = PAD + label_w + gap + col_w["area"]
    x_eng = x_area + gap + col_w["eng"]
    x_worst = x_eng + gap + col_w["worst"]
    x_spine0 = x_worst + gap
    x_spine1 = x_spine0 + spine_w
    x_best = x_spine1 + gap  # left edge of the best column

    lh = line_height(BODY_PT)
    label_lines = [wrap(r.label, label_w, BODY_PT) for r in rows]
    row_hs = [max(0.42, len(lines) * lh + 0.16) for lines in label_lines]
    head_h = max(len(v) for v in head_lines.values()) * lh + 0.08
    plot_h = sum(row_hs) or 0.42

    def draw_head(fig: Figure, top: float) -> None:
        t = fig.dpi_scale_trans
        fig.text(x_label, top, "Indicator", transform=t, ha="left", va="top",
                 fontsize=BODY_PT, fontweight="bold")
        for key, x, ha in (("area", x_area, "right"), ("eng", x_eng, "right"),
                           ("worst", x_worst, "right"), ("best", x_best, "left")):
            for j, line in enumerate(head_lines[key]):
                fig.text(x, top - j * lh, line, transform=t, ha=ha, va="top",
                         fontsize=BODY_PT, fontweight="bold")

    stack.block(head_h, draw_head)

    def draw(fig: Figure, top: float) -> None:
        H = fig.get_figheight()
        t = fig.dpi_scale_trans
        ax = fig.add_axes((x_spine0 / width, (top - plot_h) / H, spine_w / width, plot_h / H))
        ax.set_axis_off()
        ax.set_xlim(-0.02, 1.02)
        ax.set_ylim(plot_h, 0)  # y in inches from the top of the rows
        fig.add_artist(Line2D([PAD, width - PAD], [top, top], transform=t, color=P.TEXT,
                              linewidth=1))
        y0 = 0.0
        row_t = blended_transform_factory(t, ax.transData)
        for i, (r, h, lines) in enumerate(zip(rows, row_hs, label_lines, strict=True)):
            yc = y0 + h / 2
            for j, line in enumerate(lines):
                fig.text(x_label, yc + (j - (len(lines) - 1) / 2) * lh, line, transform=row_t,
                        ha="left", va="center_baseline", fontsize=BODY_PT)
            for key, x in (("area", x_area), ("eng", x_eng), ("worst", x_worst)):
                missing = key == "area" and r.area_value is None
                fig.text(x, yc, cols[key][i], transform=row_t, ha="right",
                        va="center_baseline", fontsize=BODY_PT,
                        color=P.SECONDARY_TEXT if missing else P.TEXT,
                        fontstyle="italic" if missing else "normal")
            fig.text(x_best, yc, cols["best"][i], transform=row_t, ha="left",
                    va="center_baseline", fontsize=BODY_PT)
            band = [spine_position(r, v) for v in (r.worst, r.q25, r.q75, r.best)]
            bh = min(h * 0.62, 0.3)
            if band[0] is not None and band[3] is not None:
                a, b = sorted((band[0], band[3]))
                ax.add_artist(Rectangle((a, yc - bh / 2), b - a, bh, facecolor=P.SPINE_RANGE,
                                       edgecolor="none", zorder=1, gid=f"fy-range-{i}"))
                if band[1] is not None and band[2] is not None:
                    a, b = sorted((band[1], band[2]))
                    ax.add_artist(Rectangle((a, yc - bh / 2), b - a, bh, facecolor=P.SPINE_IQR,
                                           edgecolor="none", zorder=2, gid=f"fy-iqr-{i}"))
                x = spine_position(r, r.area_value)
                if x is not None:
                    gid = f"fy-point-{i}"
                    _point(ax, min(max(x, 0.0), 1.0), yc, r.comparison, gid, zorder=5)
                    tips[gid] = (f"{r.label}: {cols['area'][i]} (England {cols['eng'][i]}), "
                                 f"{comparison_phrase(r.comparison)}")
            else:
                ax.text(0.5, yc, "no data", ha="center", va="center_baseline",
                        fontsize=SMALL_PT, color=P.SECONDARY_TEXT, fontstyle="italic",
                        bbox={"boxstyle": "square,pad=0.2", "facecolor": P.WHITE,
                              "edgecolor": "none"}, zorder=6)
            y0 += h
            fig.add_artist(Line2D([PAD, width - PAD], [top - y0, top - y0], transform=t,
                                  color=P.GRIDLINE, linewidth=1))
        ax.add_line(Line2D([0.5, 0.5], [0, plot_h], color=P.BENCHMARK_LINE, linewidth=2,
                           zorder=4, gid="fy-england"))
        if not rows:
            _no_data(ax)

    stack.block(plot_h, draw)
    notes = []
    if judged:
        notes.append("Each row is scaled so England is in the middle; worse values are to "
                     "the left and better values to the right.")
    if "no_judgement" in polarities:
        notes.append("Rows with no judgement of better or worse show lower values to the "
                     "left.")
    _footer(stack, notes)
    return stack.build(), tips


# =============================================================================
# 5. Breakdown
# =============================================================================
def draw_breakdown(chart, width: float, include_title: bool):
    s = chart.spec
    bars = s["bars"]
    n = len(bars)
    dec = s["decimals"]
    bench, bench_label = s["benchmark_value"], s["benchmark_label"]
    tips: dict[str, str] = {}

    plotted = [b for b in bars if b.value is not None]
    data = _values([b.value for b in plotted],
                   [b.lower for b in plotted if b.upper is not None],
                   [b.upper for b in plotted if b.lower is not None], [bench])
    ticks = nice_ticks(min(data, default=0.0), max(data, default=1.0))
    entries = _bar_entries({b.comparison for b in plotted}, bench_label)
    if bench is not None:
        entries.append(LegendEntry("line", f"{bench_label} ({format_number(bench, dec)})",
                                   P.BENCHMARK_LINE, linewidth=2))
    stack = Stack(width)
    _header(stack, chart.title, include_title, legend=entries)
    _unit_block(stack, s["unit"])

    left = PAD + ticks.width() + 6 / 72
    plot_w0 = width - left - PAD
    plan = plan_categories([b.label for b in bars], plot_w0 / max(n, 1))
    left = max(left, PAD + plan.overhang_left)
    plot_w = width - left - PAD - plan.overhang_right
    plot_h = _plot_height(width, 0.36, 2.4, 3.6)

    def draw(fig: Figure, top: float) -> None:
        H = fig.get_figheight()
        ax = fig.add_axes((left / width, (top - plot_h) / H, plot_w / width, plot_h / H))
        bare_axes(ax)
        style_value_axis(ax, ticks)
        ax.set_xlim(-0.5, max(n, 1) - 0.5)
        if not plotted:
            _no_data(ax)
        for i, b in enumerate(bars):
            if b.value is None:
                ax.text(i, max(ticks.lo, 0.0), "no data", ha="center", va="bottom",
                        rotation=90 if plot_w / max(n, 1) < 0.7 else 0, fontsize=SMALL_PT,
                        color=P.SECONDARY_TEXT, fontstyle="italic")
                continue
            gid = f"fy-bar-{i}"
            ax.add_artist(Rectangle((i - 0.3, min(0.0, b.value)), 0.6, abs(b.value),
                                   facecolor=P.colour_for(b.comparison),
                                   edgecolor=P.edge_for(b.comparison), linewidth=0.6,
                                   zorder=3, gid=gid))
            tips[gid] = (f"{b.label}: {format_number(b.value, dec)}"
                         f"{interval_text(b.lower, b.upper, dec)}, "
                         f"{comparison_phrase(b.comparison, bench_label)}")
        segs, caps = _ci_segments(bars, lambda i: i)
        _draw_ci(ax, segs, caps, capsize=min(12.0, max(5.0, plot_w / max(n, 1) * 72 * 0.25)))
        if bench is not None:
            ax.axhline(bench, color=P.BENCHMARK_LINE, linewidth=2, zorder=5, gid="fy-benchmark")
        draw_categories(ax, plan, list(range(n)))

    stack.block(plot_h, draw)
    stack.space(plan.height)
    has_ci = any(b.value is not None and b.lower is not None and b.upper is not None
                 for b in bars)
    _footer(stack, [CI_NOTE] if has_ci else [])
    return stack.build(), tips


# =============================================================================
# 6. SPC (XmR)
# =============================================================================
SPC_LABELS = {
    "improvement": "Special cause: improvement",
    "concern": "Special cause: concern",
    "common": "Common cause variation",
}


def draw_spc(chart, width: float, include_title: bool):
    s = chart.spec
    pts = s["points"]
    n = len(pts)
    dec = s["decimals"]
    mean, upl, lpl, target = s["mean"], s["upper_process_limit"], s["lower_process_limit"], \
        s["target"]
    periods = [p.period for p in pts]
    tips: dict[str, str] = {}

    plotted = [p for p in pts if p.value is not None]
    values = [p.value for p in plotted]
    data = _values(values, [mean, upl, lpl, target])
    ticks = nice_ticks(min(data, default=0.0), max(data, default=1.0), include_zero=False,
                       floor_zero=min(values, default=0.0) >= 0)

    entries = []
    for flag in ("improvement", "concern", "common"):
        if any(p.flag == flag for p in plotted):
            m = P.SPC_MARKERS[flag]
            entries.append(LegendEntry("marker", SPC_LABELS[flag], P.SPC_COLOURS[flag],
                                       P.MARKER_EDGE, marker=m,
                                       markersize=MARKER_SIZE[m] * 0.85))
    if mean is not None:
        entries.append(LegendEntry("line", f"Mean ({format_number(mean, dec)})", P.TEXT,
                                   linewidth=1.5))
    if upl is not None or lpl is not None:
        entries.append(LegendEntry(
            "line", f"Process limits ({format_number(lpl, dec, missing='none')} to "
                    f"{format_number(upl, dec, missing='none')})",
            P.SECONDARY_TEXT, linestyle=(0, (5, 3)), linewidth=1.5))
    if target is not None:
        entries.append(LegendEntry("line", f"Target ({format_number(target, dec)})",
                                   P.SPC_TARGET, linestyle=(0, (1.5, 1.5)), linewidth=2))

    stack = Stack(width)
    corner = [line for line in (s["variation_text"], s["assurance_text"]) if line]
    _header(stack, chart.title, include_title, legend=entries, corner=corner)
    _unit_block(stack, s["unit"])

    left0 = PAD + ticks.width() + 6 / 72
    plot_w0 = width - left0 - PAD
    plan = plan_categories(periods, plot_w0 / max(n, 1))
    left = max(left0, PAD + plan.overhang_left)
    plot_w = width - left - PAD - plan.overhang_right
    plot_h = _plot_height(width, 0.36, 2.4, 3.6)

    def draw(fig: Figure, top: float) -> None:
        H = fig.get_figheight()
        ax = fig.add_axes((left / width, (top - plot_h) / H, plot_w / width, plot_h / H))
        bare_axes(ax)
        style_value_axis(ax, ticks)
        ax.set_xlim(-0.5, n - 0.5 if n > 1 else 0.5)
        if not plotted:
            _no_data(ax)
        xs = list(range(n))
        if mean is not None:
            ax.axhline(mean, color=P.TEXT, linewidth=1.5, zorder=2, gid="fy-mean")
        for v, name in ((upl, "upper"), (lpl, "lower")):
            if v is not None:
                ax.axhline(v, color=P.SECONDARY_TEXT, linewidth=1.5, linestyle=(0, (5, 3)),
                           zorder=2, gid=f"fy-limit-{name}")
        if target is not None:
            ax.axhline(target, color=P.SPC_TARGET, linewidth=2, linestyle=(0, (1.5, 1.5)),
                       zorder=2, gid="fy-target")
        ax.add_line(Line2D(xs, [_nan(p.value) for p in pts], color=P.AREA_LINE, linewidth=1.5,
                           zorder=3, gid="fy-values-line"))
        for i, p in enumerate(pts):
            if p.value is None:
                continue
            m = P.SPC_MARKERS[p.flag]
            gid = f"fy-point-{i}"
            ax.add_line(Line2D([i], [p.value], linestyle="none", marker=m,
                               markersize=MARKER_SIZE[m] * (0.85 if p.flag != "common" else 0.7),
                               markerfacecolor=P.SPC_COLOURS[p.flag],
                               markeredgecolor=P.MARKER_EDGE, markeredgewidth=0.6, zorder=5,
                               gid=gid))
            tips[gid] = f"{p.period}: {format_number(p.value, dec)}, {SPC_LABELS[p.flag].lower()}"
        draw_categories(ax, plan, xs)

    stack.block(plot_h, draw)
    stack.space(plan.height)
    _footer(stack, [])
    return stack.build(), tips


DRAWERS = {
    "trend": draw_trend,
    "compare": draw_compare,
    "funnel": draw_funnel,
    "spine": draw_spine,
    "breakdown": draw_breakdown,
    "spc": draw_spc,
}


def build(chart, width_px: float, include_title: bool = True):
    """Build a fresh Figure for ``chart``; call with LOCK held inside rc_context()."""
    return DRAWERS[chart.kind](chart, width_px * CSS_PX, include_title)
