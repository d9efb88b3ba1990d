"""Layout helpers for the drawing code: text measurement, wrapping, a top-down
stack of blocks in inches, a flowing legend, value-axis ticks and category labels.

Imported only from ``_draw`` (which imports matplotlib). Every function here
must be called while ``_draw.LOCK`` is held inside the charts' rc context, so
fonts resolve to the bundled DejaVu Sans.

Layout is done by hand instead of with matplotlib's constrained layout: it is
about twice as fast, exact, and lets the figure's height follow its content.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.textpath import TextToPath
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import ScaledTranslation, blended_transform_factory

from . import palette as P
from .text import format_tick

CSS_PX = 1 / 96  # inches per CSS pixel
TICK_LEN = 5 / 72  # inches: length of a tick mark
LABEL_PAD = 4 / 72  # inches between a tick mark (or axis) and its label
# Font sizes in points: in an SVG shown at its natural size 1pt = 4/3 CSS px,
# so 12pt is 16px (GOV.UK body text on small screens) and 14pt is ~19px.
TITLE_PT = 14.0
BODY_PT = 12.0
SMALL_PT = 11.0
LINE_SPACING = 1.3
PAD = 8 * CSS_PX  # outer padding round the figure


# Raster text is hinted, which makes it up to ~3% wider than the outline width
# at screen resolutions; measure the outline (what the SVG uses) and allow that.
HINTING_ALLOWANCE = 1.035


@lru_cache(maxsize=1)
def _text_to_path() -> TextToPath:
    return TextToPath()


@lru_cache(maxsize=4096)
def measure(text: str, size: float = BODY_PT, weight: str = "normal") -> float:
    """Width of a single line of text, in inches (with a small allowance for hinting)."""
    if not text:
        return 0.0
    prop = FontProperties(family="sans-serif", size=size, weight=weight)
    width, _, _ = _text_to_path().get_text_width_height_descent(text, prop, ismath=False)
    return width / 72 * HINTING_ALLOWANCE


def line_height(size: float = BODY_PT) -> float:
    return size * LINE_SPACING / 72


def wrap(text: str, width: float, size: float = BODY_PT, weight: str = "normal") -> list[str]:
    """Greedy word wrap to ``width`` inches; a word longer than the width gets its own line."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split():
            candidate = f"{current} {word}" if current else word
            if current and measure(candidate, size, weight) > width:
                lines.append(current)
                current = word
            else:
                current = candidate
        lines.append(current)
    return lines


def truncate(text: str, width: float, size: float = BODY_PT, weight: str = "normal") -> str:
    """``text`` shortened with an ellipsis so it fits ``width`` inches."""
    if measure(text, size, weight) <= width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if measure(text[:mid].rstrip() + "\u2026", size, weight) <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + "\u2026"


def inches(fig: Figure):
    """Transform for figure coordinates in inches from the bottom-left corner."""
    return fig.dpi_scale_trans


class Stack:
    """Blocks stacked top-down; the figure's height is the sum of their heights.

    ``block(height, draw)`` reserves a band; ``draw(fig, top)`` is called after
    the figure exists, with ``top`` the band's top edge in inches from the bottom.
    """

    def __init__(self, width: float):
        self.width = width
        self.height = 0.0
        self._blocks: list[tuple[float, Callable[[Figure, float], None]]] = []

    def space(self, height: float) -> None:
        self.height += height

    def block(self, height: float, draw: Callable[[Figure, float], None]) -> None:
        self._blocks.append((self.height, draw))
        self.height += height

    def build(self) -> Figure:
        fig = Figure(figsize=(self.width, self.height), dpi=96)
        FigureCanvasAgg(fig)  # Agg, explicitly, for this figure only
        for offset, draw in self._blocks:
            draw(fig, self.height - offset)
        return fig

    # Common blocks ---------------------------------------------------------
    def text_lines(
        self,
        lines: Sequence[str],
        *,
        size: float,
        weight: str = "normal",
        color: str = P.TEXT,
        x: float = PAD,
        gid: str | None = None,
    ) -> None:
        if not lines:
            return
        lh = line_height(size)

        def draw(fig: Figure, top: float) -> None:
            for i, line in enumerate(lines):
                fig.text(
                    x, top - i * lh, line, transform=inches(fig), fontsize=size,
                    fontweight=weight, color=color, ha="left", va="top",
                    gid=f"{gid}-{i}" if gid else None,
                )

        self.block(lh * len(lines), draw)


# --- Legend ------------------------------------------------------------------
@dataclass(frozen=True)
class LegendEntry:
    kind: str  # "marker", "line" or "patch"
    label: str
    color: str
    edgecolor: str = P.MARKER_EDGE
    marker: str = "o"
    markersize: float = 9.0
    linestyle: object = "-"
    linewidth: float = 2.0


HANDLE_W = 0.30  # inches for a line/patch handle
MARKER_HANDLE_W = 0.18
HANDLE_GAP = 0.07
ITEM_GAP = 0.24


def _entry_width(entry: LegendEntry, size: float) -> float:
    handle = MARKER_HANDLE_W if entry.kind == "marker" else HANDLE_W
    return handle + HANDLE_GAP + measure(entry.label, size)


def legend_block(stack: Stack, entries: Sequence[LegendEntry], *, size: float = BODY_PT) -> None:
    """A legend that flows left to right and wraps, in reading order."""
    if not entries:
        return
    avail = stack.width - 2 * PAD
    rows: list[list[tuple[float, LegendEntry]]] = [[]]
    x = 0.0
    for entry in entries:
        w = _entry_width(entry, size)
        if rows[-1] and x + w > avail:
            rows.append([])
            x = 0.0
        rows[-1].append((x, entry))
        x += w + ITEM_GAP
    lh = line_height(size) * 1.15

    def draw(fig: Figure, top: float) -> None:
        t = inches(fig)
        for r, row in enumerate(rows):
            yc = top - (r + 0.5) * lh
            for x0, e in row:
                x0 += PAD
                if e.kind == "marker":
                    hx = x0 + MARKER_HANDLE_W / 2
                    fig.add_artist(Line2D(
                        [hx], [yc], transform=t, linestyle="none", marker=e.marker,
                        markersize=e.markersize, markerfacecolor=e.color,
                        markeredgecolor=e.edgecolor, markeredgewidth=0.8,
                    ))
                    tx = x0 + MARKER_HANDLE_W + HANDLE_GAP
                elif e.kind == "line":
                    fig.add_artist(Line2D(
                        [x0, x0 + HANDLE_W], [yc, yc], transform=t, color=e.color,
                        linestyle=e.linestyle, linewidth=e.linewidth,
                    ))
                    tx = x0 + HANDLE_W + HANDLE_GAP
                else:
                    hh = lh * 0.55
                    fig.add_artist(Rectangle(
                        (x0, yc - hh / 2), HANDLE_W, hh, transform=t, facecolor=e.color,
                        edgecolor=e.edgecolor, linewidth=0.8,
                    ))
                    tx = x0 + HANDLE_W + HANDLE_GAP
                fig.text(tx, yc, e.label, transform=t, fontsize=size, ha="left",
                         va="center_baseline", color=P.TEXT)

    stack.block(lh * len(rows), draw)


# --- Value axes ----------------------------------------------------------------
@dataclass(frozen=True)
class Ticks:
    values: tuple[float, ...]
    labels: tuple[str, ...]
    decimals: int

    @property
    def lo(self) -> float:
        return self.values[0]

    @property
    def hi(self) -> float:
        return self.values[-1]

    def width(self, size: float = BODY_PT) -> float:
        return max(measure(label, size) for label in self.labels)


def tick_decimals(values: Sequence[float]) -> int:
    for d in range(7):
        if all(abs(v * 10**d - round(v * 10**d)) < 1e-6 * max(1.0, abs(v * 10**d)) for v in values):
            return d
    return 6


def nice_ticks(lo: float, hi: float, *, nbins: int = 5, include_zero: bool = True,
               floor_zero: bool = False) -> Ticks:
    """Round tick values just covering ``[lo, hi]``; the axis limits are the end ticks.

    ``include_zero`` extends the range to 0 (bars, rates). ``floor_zero`` only
    stops a non-negative range from being padded below 0.
    """
    if include_zero:
        lo, hi = min(lo, 0.0), max(hi, 0.0)
    non_negative = lo >= 0
    if hi - lo <= 0:
        spread = abs(hi) * 0.1 or 1.0
        lo, hi = lo - spread, hi + spread
    if floor_zero and non_negative:
        lo = max(lo, 0.0)
    values = [float(v) for v in MaxNLocator(nbins=nbins, steps=[1, 2, 2.5, 5, 10]).tick_values(lo, hi)]
    step = values[1] - values[0]
    eps = step * 1e-9
    first = max((v for v in values if v <= lo + eps), default=values[0])
    last = min((v for v in values if v >= hi - eps), default=values[-1])
    chosen = [0.0 if abs(v) < eps else v for v in values if first - eps <= v <= last + eps]
    d = tick_decimals(chosen)
    return Ticks(tuple(chosen), tuple(format_tick(v, d) for v in chosen), d)


TICK_LABEL_PAD = 6 / 72  # inches between an axis and its tick labels


def style_value_axis(ax, ticks: Ticks, *, axis: str = "y", grid: bool = True,
                     labels: Sequence[str] = ("start",), tick_marks: bool = False,
                     values: Sequence[float] | None = None) -> None:
    """Limits at the end ticks, light gridlines and tick labels.

    Drawn as one gridline artist and plain text labels rather than matplotlib
    Tick objects, which cost about a millisecond each to build and draw.
    ``labels`` says where the labels go: "start" (left/bottom), "end" (top).
    ``values`` limits the labelled ticks (default: all).
    """
    fig = ax.figure
    shown = list(ticks.values if values is None else values)
    texts = [ticks.labels[ticks.values.index(v)] for v in shown]
    ax.set_xticks([])
    ax.set_yticks([])
    nan = float("nan")
    if axis == "y":
        ax.set_ylim(ticks.lo, ticks.hi)
        blend = blended_transform_factory(ax.transAxes, ax.transData)
        if grid:
            xs = [c for _ in shown for c in (0.0, 1.0, nan)]
            ys = [c for v in shown for c in (v, v, nan)]
            ax.add_artist(Line2D(xs, ys, transform=blend, color=P.GRIDLINE, linewidth=1,
                                 zorder=0.5, gid="fy-grid"))
        t = blend + ScaledTranslation(-TICK_LABEL_PAD, 0, fig.dpi_scale_trans)
        for v, text in zip(shown, texts, strict=True):
            fig.text(0, v, text, transform=t, ha="right", va="center_baseline",
                     fontsize=BODY_PT, color=P.TEXT)
        return
    ax.set_xlim(ticks.lo, ticks.hi)
    blend = blended_transform_factory(ax.transData, ax.transAxes)
    if grid:
        xs = [c for v in shown for c in (v, v, nan)]
        ys = [c for _ in shown for c in (0.0, 1.0, nan)]
        ax.add_artist(Line2D(xs, ys, transform=blend, color=P.GRIDLINE, linewidth=1,
                             zorder=0.5, gid="fy-grid"))
    if tick_marks:
        fig.add_artist(Line2D(shown, [0] * len(shown), transform=blend, linestyle="none",
                              marker=3, markersize=TICK_LEN * 72, markeredgewidth=1,
                              color=P.TEXT, clip_on=False))
    below = (TICK_LEN if tick_marks else 0.0) + LABEL_PAD
    for where in labels:
        if where == "end":
            t = blend + ScaledTranslation(0, LABEL_PAD, fig.dpi_scale_trans)
            y, va = 1.0, "bottom"
        else:
            t = blend + ScaledTranslation(0, -below, fig.dpi_scale_trans)
            y, va = 0.0, "top"
        for v, text in zip(shown, texts, strict=True):
            fig.text(v, y, text, transform=t, ha="center", va=va, fontsize=BODY_PT,
                     color=P.TEXT)


def bare_axes(ax) -> None:
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.spines["bottom"].set_color(P.TEXT)
    ax.set_facecolor("none")


# --- Category (period) labels on an x axis -------------------------------------
@dataclass(frozen=True)
class CategoryPlan:
    lines: tuple[tuple[str, ...], ...]  # wrapped lines per label (rotated: one line)
    rotation: int
    step: int
    height: float  # inches below the axis needed for the labels
    overhang_left: float
    overhang_right: float




def plan_categories(labels: Sequence[str], slot: float, *, size: float = BODY_PT,
                    max_lines: int = 3) -> CategoryPlan:
    """Decide how to fit labels under slots ``slot`` inches wide without overlap.

    Horizontal if every label fits (wrapping up to ``max_lines`` lines when the
    label has spaces); otherwise rotated 45 degrees, showing every ``step``-th
    label when even that would overlap.
    """
    lh = line_height(size)
    if not labels:
        return CategoryPlan((), 0, 1, lh, 0.0, 0.0)
    wrapped = [tuple(wrap(label, slot * 0.92, size)) for label in labels]
    fits = all(
        len(lines) <= max_lines and all(measure(line, size) <= slot * 0.92 for line in lines)
        for lines in wrapped
    )
    if fits:
        n_lines = max(len(lines) for lines in wrapped)
        first = max(measure(line, size) for line in wrapped[0])
        last = max(measure(line, size) for line in wrapped[-1])
        return CategoryPlan(
            tuple(wrapped), 0, 1, TICK_LEN + LABEL_PAD + n_lines * lh,
            max(0.0, first / 2 - slot / 2), max(0.0, last / 2 - slot / 2),
        )
    widths = [measure(label, size) for label in labels]
    s = math.sin(math.radians(45))
    step = max(1, math.ceil(lh * 1.05 / (slot * s)))
    height = TICK_LEN + LABEL_PAD + max(widths) * s + size / 72 * s
    return CategoryPlan(
        tuple((label,) for label in labels), 45, step, height,
        max(0.0, max(widths[::step]) * s - slot / 2), 0.0,
    )


def draw_categories(ax, plan: CategoryPlan, positions: Sequence[float], *,
                    size: float = BODY_PT, weights: Sequence[str] | None = None) -> None:
    """Tick marks and labels for categorical x positions (text artists, not Ticks: cheaper)."""
    fig = ax.figure
    ax.set_xticks([])
    base = blended_transform_factory(ax.transData, ax.transAxes)
    shown = list(range(0, len(positions), plan.step))
    fig.add_artist(Line2D(
        [positions[i] for i in shown], [0] * len(shown), transform=base, linestyle="none",
        marker=3, markersize=TICK_LEN * 72, markeredgewidth=1, color=P.TEXT, clip_on=False,
    ))
    offset = base + ScaledTranslation(0, -(TICK_LEN + LABEL_PAD), fig.dpi_scale_trans)
    lh = line_height(size)
    for i in shown:
        weight = weights[i] if weights else "normal"
        if plan.rotation:
            fig.text(positions[i], 0, plan.lines[i][0], transform=offset, rotation=plan.rotation,
                    rotation_mode="anchor", ha="right", va="top", fontsize=size,
                    fontweight=weight, color=P.TEXT)
        else:
            for j, line in enumerate(plan.lines[i]):
                t = base + ScaledTranslation(0, -(TICK_LEN + LABEL_PAD) - j * lh,
                                             fig.dpi_scale_trans)
                fig.text(positions[i], 0, line, transform=t, ha="center", va="top",
                        fontsize=size, fontweight=weight, color=P.TEXT)
