"""What is drawn: counts, colours, shapes, positions and order of the data artists."""

from __future__ import annotations

import math

import pytest
from matplotlib.colors import to_hex
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from firstyear.charts import (
    BreakdownBar,
    CompareBar,
    FunnelPoint,
    SPCPoint,
    SpineRow,
    TrendPoint,
    breakdown_chart,
    compare_chart,
    funnel_chart,
    palette,
    spc_chart,
    spine_chart,
    trend_chart,
)
from firstyear.charts._draw import spine_position
from tests.charts import samples as S

pytestmark = pytest.mark.pure


def by_gid(fig, prefix: str) -> dict[int, object]:
    """Artists whose gid is ``prefix<i>``, keyed by ``i``."""
    found = {}
    for artist in fig.findobj(lambda a: (a.get_gid() or "").startswith(prefix)):
        found[int(artist.get_gid()[len(prefix):])] = artist
    return found


def texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]


def face(artist) -> str:
    if isinstance(artist, Line2D):
        return to_hex(artist.get_markerfacecolor())
    return to_hex(artist.get_facecolor())


# --- trend ---------------------------------------------------------------------
def test_trend_plots_one_marker_per_value_in_its_comparison_colour():
    pts = S.trend_points()
    chart = trend_chart(pts, title="IMR", unit="per 1,000", england=S.ENGLAND)
    markers = by_gid(chart.figure, "fy-point-")
    expected = {i for i, p in enumerate(pts) if p.value is not None}
    assert set(markers) == expected
    assert len(markers) == len(pts) - 1  # one missing value excluded
    for i, line in markers.items():
        assert isinstance(line, Line2D)
        assert list(line.get_xdata()) == [i]
        assert list(line.get_ydata()) == [pts[i].value]
        assert face(line) == palette.COMPARISON_COLOURS[pts[i].comparison]
        assert line.get_marker() == palette.COMPARISON_MARKERS[pts[i].comparison]


def test_trend_whiskers_span_each_interval():
    pts = S.trend_points()
    chart = trend_chart(pts, title="IMR", unit="per 1,000")
    (ci,) = chart.figure.findobj(lambda a: a.get_gid() == "fy-ci")
    segments = [tuple(map(tuple, seg)) for seg in ci.get_segments()]
    expected = [((i, p.lower), (i, p.upper)) for i, p in enumerate(pts) if p.value is not None]
    assert segments == expected


def test_trend_reference_lines_follow_periods_with_gaps():
    pts = [TrendPoint("2018-20", 5.0, 4.0, 6.0, "similar"),
           TrendPoint("2019-21", 5.5, 4.5, 6.5, "worse 95%")]
    chart = trend_chart(pts, title="IMR", unit="u", england={"2019-21": 4.0})
    (eng,) = chart.figure.findobj(lambda a: a.get_gid() == "fy-england")
    ys = list(eng.get_ydata())
    assert math.isnan(ys[0]) and ys[1] == 4.0


def test_trend_legend_names_each_comparison_shown():
    chart = trend_chart(S.trend_points(), title="IMR", unit="u", england=S.ENGLAND,
                        region=S.NORTH_WEST)
    shown = texts(chart.figure)
    for label in ("Similar to England", "Worse than England (95%)",
                  "Worse than England (99.8%)", "England", "North West"):
        assert label in shown
    assert "Better than England (95%)" not in shown  # not in the data, not in the legend


def test_trend_with_many_periods_rotates_labels():
    pts = [TrendPoint(f"{2000 + i}-{(i + 2) % 100:02d}", 5.0 + i / 10) for i in range(30)]
    chart = trend_chart(pts, title="t", unit="u")
    labels = [t for t in chart.figure.findobj(lambda a: hasattr(a, "get_rotation"))
              if t.get_text().startswith("20")]
    assert labels and all(t.get_rotation() == 45 for t in labels)


# --- compare -------------------------------------------------------------------
def test_compare_bars_are_ordered_by_value_highest_first():
    bars = S.compare_bars()
    chart = compare_chart(bars, title="t", unit="u", benchmark_value=4.0,
                          highlight_code="E06000008")
    drawn = by_gid(chart.figure, "fy-bar-")
    assert len(drawn) == sum(b.value is not None for b in bars)
    # row position (y centre) increases downwards; values must not increase down the rows
    rows = sorted(drawn.items(), key=lambda item: item[1].get_y())
    values = [bars[i].value for i, _ in rows]
    assert values == sorted(values, reverse=True)
    for i, rect in drawn.items():
        assert isinstance(rect, Rectangle)
        assert rect.get_width() == pytest.approx(bars[i].value)
        assert face(rect) == palette.COMPARISON_COLOURS[bars[i].comparison]


def test_compare_highlight_is_outlined_and_bold():
    bars = S.compare_bars()
    chart = compare_chart(bars, title="t", unit="u", benchmark_value=4.0,
                          highlight_code="E06000008")
    drawn = by_gid(chart.figure, "fy-bar-")
    hl = next(i for i, b in enumerate(bars) if b.code == "E06000008")
    assert drawn[hl].get_linewidth() > max(r.get_linewidth() for i, r in drawn.items() if i != hl)
    (label,) = [t for t in chart.figure.findobj(lambda a: hasattr(a, "get_text"))
                if t.get_text() == "Blackburn with Darwen"]
    assert label.get_fontweight() == "bold"


def test_compare_missing_value_listed_last_without_a_bar():
    bars = S.compare_bars()
    chart = compare_chart(bars, title="t", unit="u", benchmark_value=4.0)
    wirral = next(i for i, b in enumerate(bars) if b.name == "Wirral")
    assert wirral not in by_gid(chart.figure, "fy-bar-")
    assert "no data" in texts(chart.figure)
    assert chart.spec["rows"][-1].name == "Wirral"


def test_compare_benchmark_line_at_benchmark():
    chart = compare_chart(S.compare_bars(5), title="t", unit="u", benchmark_value=4.0)
    (line,) = chart.figure.findobj(lambda a: a.get_gid() == "fy-benchmark")
    assert list(line.get_xdata()) == [4.0, 4.0]


@pytest.mark.parametrize("n", [2, 40])
def test_compare_handles_two_to_forty_areas(n):
    bars = [CompareBar(f"E0{i:07d}", f"Area number {i}", float(i % 7), None, None, "similar")
            for i in range(n)]
    chart = compare_chart(bars, title="t", unit="u", benchmark_value=3.0)
    assert len(by_gid(chart.figure, "fy-bar-")) == n


def test_compare_truncates_very_long_names_but_keeps_them_in_tooltips():
    long = "An extremely long area name that would otherwise push the bars off the page"
    bars = [CompareBar("A", long, 5.0, 4.0, 6.0, "similar"),
            CompareBar("B", "Short", 4.0, 3.0, 5.0, "similar")]
    chart = compare_chart(bars, title="t", unit="u", benchmark_value=4.0)
    shown = texts(chart.figure)
    assert long not in shown
    assert any(t.endswith("\u2026") and long.startswith(t[:-1].rstrip()) for t in shown)


# --- funnel --------------------------------------------------------------------
FUNNEL_CASES = {
    # polarity: significance -> comparison whose colour it gets
    "low_is_good": {"above 99.8%": "worse 99.8%", "above 95%": "worse 95%", "within": "similar",
                    "below 95%": "better 95%", "below 99.8%": "better 99.8%"},
    "high_is_good": {"above 99.8%": "better 99.8%", "above 95%": "better 95%",
                     "within": "similar", "below 95%": "worse 95%", "below 99.8%": "worse 99.8%"},
    "no_judgement": {"above 99.8%": "higher 99.8%", "above 95%": "higher 95%",
                     "within": "similar", "below 95%": "lower 95%", "below 99.8%": "lower 99.8%"},
}


@pytest.mark.parametrize("polarity", list(FUNNEL_CASES))
def test_funnel_points_coloured_by_significance_and_polarity(polarity):
    sigs = list(FUNNEL_CASES[polarity])
    pts = [FunnelPoint(f"E{i}", f"Area {i}", 1000.0 * (i + 1), 4.0 + i, sig)
           for i, sig in enumerate(sigs)]
    pts.append(FunnelPoint("EX", "Missing", None, 3.0, "within"))
    chart = funnel_chart(pts, S.funnel_limits(), title="t", unit="u", benchmark_value=4.0,
                         x_label="Live births", polarity=polarity)
    drawn = by_gid(chart.figure, "fy-point-")
    assert set(drawn) == set(range(len(sigs)))  # the point without a denominator is excluded
    for i, sig in enumerate(sigs):
        expected = FUNNEL_CASES[polarity][sig]
        assert face(drawn[i]) == palette.COMPARISON_COLOURS[expected], (polarity, sig)
        assert list(drawn[i].get_xdata()) == [pts[i].denominator]


def test_funnel_sample_draws_every_limit_and_labels_the_highlight():
    chart = funnel_chart(S.funnel_points(), S.funnel_limits(), title="t", unit="u",
                         benchmark_value=4.0, x_label="Live births", highlight_code="E06000008",
                         polarity="low_is_good")
    gids = {a.get_gid() for a in chart.figure.findobj(lambda a: bool(a.get_gid()))}
    for name in ("upper95", "lower95", "upper998", "lower998", "od-upper95", "od-lower95",
                 "od-upper998", "od-lower998"):
        assert f"fy-limit-{name}" in gids
    dashed = [a for a in chart.figure.findobj(Line2D)
              if (a.get_gid() or "").startswith("fy-limit-od")]
    assert all(a.get_linestyle() == "--" for a in dashed)
    assert "Blackburn with Darwen" in texts(chart.figure)
    assert len(by_gid(chart.figure, "fy-point-")) == 22


# --- spine ---------------------------------------------------------------------
def test_spine_scaling_puts_england_in_the_middle_and_worst_left():
    row = SpineRow("IMR", 5.9, 4.0, 7.4, 4.6, 3.1, 1.9, "worse 95%", "low_is_good")
    half = max(7.4 - 4.0, 4.0 - 1.9)
    assert spine_position(row, 4.0) == 0.5
    assert spine_position(row, 7.4) == pytest.approx(0.0)  # worst is the further: at the edge
    assert spine_position(row, 1.9) == pytest.approx(0.5 + 2.1 / (2 * half))
    assert spine_position(row, 5.9) == pytest.approx(0.5 - 1.9 / (2 * half))
    high = SpineRow("BF", 47.0, 49.2, 26.9, 41.5, 56.2, 75.1, "worse 95%", "high_is_good")
    assert spine_position(high, 75.1) == pytest.approx(1.0)  # best is the further: right edge
    assert spine_position(high, 26.9) < 0.5
    nj = SpineRow("Teen births", 3.0, 2.2, 0.7, 1.7, 3.1, 5.1, "higher", "no_judgement")
    assert spine_position(nj, 5.1) > 0.5 > spine_position(nj, 0.7)  # lowest left


def test_spine_markers_positions_colours_and_missing_rows():
    rows = S.spine_rows()
    chart = spine_chart(rows, title="t", area_name="Blackburn with Darwen")
    drawn = by_gid(chart.figure, "fy-point-")
    expected = {i for i, r in enumerate(rows)
                if r.area_value is not None and None not in (r.england_value, r.worst, r.best)}
    assert set(drawn) == expected
    for i, marker in drawn.items():
        assert list(marker.get_xdata()) == [pytest.approx(spine_position(rows[i],
                                                                         rows[i].area_value))]
        assert face(marker) == palette.COMPARISON_COLOURS[rows[i].comparison]
    # bands: range for every row with worst/best, IQR inside it
    ranges = by_gid(chart.figure, "fy-range-")
    iqrs = by_gid(chart.figure, "fy-iqr-")
    assert set(ranges) == {i for i, r in enumerate(rows) if None not in (r.worst, r.best)}
    for i, iqr in iqrs.items():
        assert ranges[i].get_x() <= iqr.get_x()
        assert iqr.get_x() + iqr.get_width() <= ranges[i].get_x() + ranges[i].get_width() + 1e-9
        assert face(iqr) == palette.SPINE_IQR and face(ranges[i]) == palette.SPINE_RANGE
    assert texts(chart.figure).count("no data") == 2  # one missing value, one missing band


# --- breakdown ----------------------------------------------------------------
def test_breakdown_keeps_the_given_order_and_colours():
    bars = [BreakdownBar("White", 3.1, 2.8, 3.4, "better 95%"),
            BreakdownBar("Asian", 5.2, 4.6, 5.8, "worse 99.8%"),
            BreakdownBar("Black", 6.6, 5.4, 7.8, "worse 99.8%"),
            BreakdownBar("Mixed", None, None, None, "not compared"),
            BreakdownBar("Other", 4.1, 3.0, 5.2, "similar")]
    chart = breakdown_chart(bars, title="t", unit="u", benchmark_value=4.0)
    drawn = by_gid(chart.figure, "fy-bar-")
    assert set(drawn) == {0, 1, 2, 4}
    for i, rect in drawn.items():
        assert rect.get_x() + rect.get_width() / 2 == pytest.approx(i)  # slot i: given order
        assert rect.get_height() == pytest.approx(bars[i].value)
        assert face(rect) == palette.COMPARISON_COLOURS[bars[i].comparison]
    shown = texts(chart.figure)
    assert all(b.label in shown for b in bars)
    assert "no data" in shown


# --- SPC ----------------------------------------------------------------------
def test_spc_points_coloured_by_flag_and_lines_at_limits():
    pts = S.spc_points()
    chart = spc_chart(pts, title="t", unit="u", mean=5.9, upper_process_limit=7.1,
                      lower_process_limit=4.7, target=4.5, polarity="low_is_good")
    drawn = by_gid(chart.figure, "fy-point-")
    assert set(drawn) == {i for i, p in enumerate(pts) if p.value is not None}
    for i, marker in drawn.items():
        assert face(marker) == palette.SPC_COLOURS[pts[i].flag]
    fig = chart.figure
    for gid, y in (("fy-mean", 5.9), ("fy-limit-upper", 7.1), ("fy-limit-lower", 4.7),
                   ("fy-target", 4.5)):
        (line,) = fig.findobj(lambda a, gid=gid: a.get_gid() == gid)
        assert list(line.get_ydata()) == [y, y]
    shown = texts(fig)
    assert "Variation: special cause, improvement" in shown
    assert "Assurance: consistently fails the target" in shown


def test_spc_concern_uses_the_concern_colour():
    pts = [SPCPoint("1", 5.0), SPCPoint("2", 9.0, "concern"), SPCPoint("3", 1.0, "improvement")]
    chart = spc_chart(pts, title="t", unit="u", mean=5.0, upper_process_limit=8.0,
                      lower_process_limit=2.0)
    drawn = by_gid(chart.figure, "fy-point-")
    assert face(drawn[1]) == palette.SPC_CONCERN
    assert face(drawn[2]) == palette.SPC_IMPROVEMENT
    assert face(drawn[0]) == palette.SPC_COMMON


# --- no data ------------------------------------------------------------------
def test_every_chart_copes_with_no_data_at_all():
    from firstyear.charts import FunnelLimits, render

    empty = [
        trend_chart([], title="t", unit="u"),
        trend_chart([TrendPoint("2020", None), TrendPoint("2021", math.nan)], title="t",
                    unit="u"),
        compare_chart([], title="t", unit="u", benchmark_value=None),
        compare_chart([CompareBar("A", "A", None)], title="t", unit="u", benchmark_value=1.0),
        funnel_chart([], FunnelLimits([], [], [], [], []), title="t", unit="u",
                     benchmark_value=None, x_label="x"),
        spine_chart([], title="t"),
        spine_chart([SpineRow("r", None, None, None, None, None, None)], title="t"),
        breakdown_chart([BreakdownBar("a", None)], title="t", unit="u"),
        spc_chart([], title="t", unit="u", mean=None, upper_process_limit=None,
                  lower_process_limit=None),
    ]
    for chart in empty:
        assert render(chart, "svg").startswith(b"<?xml")
        assert not by_gid(chart.figure, "fy-point-") and not by_gid(chart.figure, "fy-bar-")
        assert "no data" in chart.alt.lower() or "0 indicators" in chart.alt
