"""Alt text, input validation, download names and the palette."""

from __future__ import annotations

import math

import pytest
from matplotlib.colors import to_rgb

from firstyear.charts import (
    COMPARISON_COLOURS,
    COMPARISONS,
    BreakdownBar,
    CompareBar,
    FunnelLimits,
    FunnelPoint,
    ReferenceSeries,
    SPCPoint,
    SpineRow,
    TrendPoint,
    breakdown_chart,
    chart_filename,
    compare_chart,
    funnel_chart,
    palette,
    spc_assurance_text,
    spc_chart,
    spine_chart,
    trend_chart,
)
from tests.charts import samples as S

pytestmark = pytest.mark.pure


# --- alt text -------------------------------------------------------------------
def test_trend_alt_matches_the_house_style_example():
    pts = [TrendPoint("2010-12", 7.1, 6.0, 8.3, "worse 99.8%"),
           TrendPoint("2012-14", 6.4, 5.3, 7.6, "worse 95%"),
           TrendPoint("2014-16", 5.9, 4.9, 7.1, "worse 95%")]
    chart = trend_chart(pts, title="Infant mortality", unit="per 1,000",
                        area_name="Blackburn with Darwen",
                        england={"2010-12": 4.3, "2014-16": 4.0})
    assert chart.alt == (
        "Infant mortality in Blackburn with Darwen fell from 7.1 to 5.9 per 1,000 between "
        "2010-12 and 2014-16; England 4.0 in 2014-16. "
        "The latest value is worse than England (95% level)."
    )


def test_trend_alt_uses_the_latest_value_not_the_last_slot():
    pts = S.trend_points()  # the last period but one is missing; the last has 4.6
    chart = trend_chart(pts, title="IMR", unit="per 1,000 live births",
                        area_name="Blackburn with Darwen", england=S.ENGLAND)
    assert "Blackburn with Darwen" in chart.alt
    assert "to 4.6 per 1,000 live births" in chart.alt
    assert "between 2010-12 and 2020-22" in chart.alt


def test_trend_alt_rose_single_and_override():
    up = trend_chart([TrendPoint("a", 1.0), TrendPoint("b", 2.25)], title="X", unit="%")
    assert up.alt.startswith("X rose from 1.0 to 2.2% between a and b")  # banker's rounding
    one = trend_chart([TrendPoint("2020", 3.0)], title="X", unit="u", area_name="Y")
    assert one.alt.startswith("X in Y was 3.0 u in 2020")
    custom = trend_chart([TrendPoint("2020", 3.0)], title="X", unit="u", alt="My words.")
    assert custom.alt == "My words."
    with pytest.raises(ValueError):
        trend_chart([], title="X", unit="u", alt="  ")


def test_compare_alt_mentions_highlight_rank_and_value():
    chart = compare_chart(S.compare_bars(), title="IMR, North West", unit="per 1,000",
                          benchmark_value=4.0, highlight_code="E06000008")
    assert "Blackburn with Darwen is 5.9 per 1,000" in chart.alt
    assert "worse than England (95% level)" in chart.alt
    assert "the 3rd highest of 22" in chart.alt
    assert "from Manchester (6.3) down to Trafford (2.2)" in chart.alt
    assert "1 area with no data" in chart.alt
    with pytest.raises(ValueError):
        compare_chart(S.compare_bars(), title="t", unit="u", benchmark_value=4.0,
                      highlight_code="E99999999")


def test_funnel_alt_counts_and_highlight():
    chart = funnel_chart(S.funnel_points(), S.funnel_limits(), title="IMR", unit="per 1,000",
                         benchmark_value=4.0, x_label="Live births", highlight_code="E06000008",
                         polarity="low_is_good")
    assert "22 areas plotted against live births" in chart.alt
    assert "Blackburn with Darwen is 5.9 per 1,000 with 6,300 live births" in chart.alt
    counts = {p.significance for p in S.funnel_points() if p.code == "E06000008"}
    assert counts == {"above 95%"}
    assert "above the 95% limit" in chart.alt


def test_spine_alt_summarises_comparisons():
    chart = spine_chart(S.spine_rows(), title="Maternity", area_name="Blackburn with Darwen")
    assert chart.alt.startswith("Maternity: 8 indicators for Blackburn with Darwen")
    assert "3 worse than England" in chart.alt
    assert "1 indicator with no data for Blackburn with Darwen" in chart.alt


def test_breakdown_and_spc_alt():
    b = breakdown_chart(S.breakdown_bars(), title="By quintile", unit="per 1,000",
                        benchmark_value=4.0)
    assert "1 (most deprived) 5.8" in b.alt and "5 (least deprived) 2.7" in b.alt
    assert "England 4.0" in b.alt
    s = spc_chart(S.spc_points(), title="Rolling", unit="per 1,000", mean=5.9,
                  upper_process_limit=7.1, lower_process_limit=4.7, target=4.5,
                  polarity="low_is_good")
    assert "latest 3.9 per 1,000 (2022-12)" in s.alt
    assert "process limits 4.7 to 7.1" in s.alt


@pytest.mark.parametrize(
    ("target", "polarity", "expected"),
    [
        (5.0, "low_is_good", "hit and miss"),
        (4.0, "low_is_good", "consistently fails"),  # lower is better, target below the LPL
        (8.0, "low_is_good", "consistently passes"),
        (8.0, "high_is_good", "consistently fails"),
        (4.0, "high_is_good", "consistently passes"),
        (8.0, "no_judgement", "target above the process limits"),
    ],
)
def test_spc_assurance(target, polarity, expected):
    assert expected in spc_assurance_text(target, 4.7, 7.1, polarity)
    assert spc_assurance_text(None, 4.7, 7.1, polarity) is None


# --- inputs --------------------------------------------------------------------
def test_missing_numbers_normalise_to_none():
    p = TrendPoint("2020", math.nan, None, math.inf, "similar")
    assert p.value is None and p.lower is None and p.upper is None
    assert CompareBar("A", "A", "5.5").value == 5.5  # numeric strings are accepted
    with pytest.raises(ValueError):
        CompareBar("A", "A", "five")
    with pytest.raises(TypeError):
        CompareBar("A", "A", True)


@pytest.mark.parametrize("bad", ["Better", "better 90%", "significantly worse", ""])
def test_unknown_comparison_labels_are_rejected(bad):
    with pytest.raises(ValueError, match="unknown comparison"):
        TrendPoint("2020", 1.0, comparison=bad)


def test_other_vocabularies_are_checked():
    with pytest.raises(ValueError):
        FunnelPoint("A", "A", 1.0, 1.0, "above 90%")
    with pytest.raises(ValueError):
        SpineRow("r", 1, 1, 1, 1, 1, 1, "similar", "lower_is_better")
    with pytest.raises(ValueError):
        SPCPoint("1", 1.0, "special")
    with pytest.raises(ValueError):
        funnel_chart([], FunnelLimits([], [], [], [], []), title="t", unit="u",
                     benchmark_value=1.0, x_label="x", polarity="up")
    with pytest.raises(ValueError):
        trend_chart([], title=" ", unit="u")
    with pytest.raises(TypeError):
        trend_chart([CompareBar("A", "A", 1.0)], title="t", unit="u")


def test_funnel_limits_are_checked_and_frozen():
    lim = FunnelLimits([1, 2], [0.1, 0.2], [1, 2], [0, 0.1], [2, math.nan])
    assert lim.upper998 == (2.0, None)
    assert not lim.has_overdispersed
    with pytest.raises(ValueError, match="has 1 values"):
        FunnelLimits([1, 2], [0.1], [1, 2], [0, 0.1], [2, 3])
    with pytest.raises(ValueError, match="required"):
        FunnelLimits([1], None, [1], [1], [1])


def test_reference_series_from_mapping_or_pairs():
    a = ReferenceSeries("England", {"2020": 4.0, "2021": None})
    b = ReferenceSeries("England", [("2020", 4.0), ("2021", math.nan)])
    assert a == b and hash(a) == hash(b)
    assert a.get("2020") == 4.0 and a.get("2021") is None and a.get("1999") is None


def test_inputs_are_frozen():
    bar = BreakdownBar("a", 1.0)
    with pytest.raises(AttributeError):
        bar.value = 2.0  # type: ignore[misc]


# --- download names ----------------------------------------------------------------
def test_chart_filename():
    assert chart_filename("E06000008", "infant-mortality", "trend", "svg") == \
        "E06000008_infant-mortality_trend.svg"
    assert chart_filename("E06000008", "Infant mortality (rate)", "Compare areas", "PNG") == \
        "E06000008_infant-mortality-rate_compare-areas.png"
    assert chart_filename("", "neonatal-mortality", "funnel", ".svg") == \
        "neonatal-mortality_funnel.svg"
    assert chart_filename("E06/000../08", "Ré-admissions", "spc", "png") == \
        "E0600008_re-admissions_spc.png"
    with pytest.raises(ValueError):
        chart_filename("E06000008", "x", "trend", "pdf")
    with pytest.raises(ValueError):
        chart_filename("", "", "", "svg")


# --- palette --------------------------------------------------------------------
def _luminance(hex_colour: str) -> float:
    def channel(c):
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in to_rgb(hex_colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_palette_covers_exactly_the_comparison_labels():
    assert set(COMPARISON_COLOURS) == set(COMPARISONS)
    assert set(palette.COMPARISON_MARKERS) == set(COMPARISONS)
    assert len(COMPARISONS) == 14


@pytest.mark.parametrize("fam", ["better", "worse", "lower", "higher"])
def test_998_is_darker_than_95_and_plain_label_matches_95(fam):
    assert _luminance(COMPARISON_COLOURS[f"{fam} 99.8%"]) < _luminance(
        COMPARISON_COLOURS[f"{fam} 95%"])
    assert COMPARISON_COLOURS[fam] == COMPARISON_COLOURS[f"{fam} 95%"]


def test_hue_families_and_shapes():
    def hue(c):
        import colorsys
        return colorsys.rgb_to_hsv(*to_rgb(c))[0] * 360

    assert 70 <= hue(COMPARISON_COLOURS["better"]) <= 130  # green
    assert 35 <= hue(COMPARISON_COLOURS["similar"]) <= 55  # amber
    assert hue(COMPARISON_COLOURS["worse"]) in (0.0, 360.0) or hue(
        COMPARISON_COLOURS["worse"]) < 10  # red
    assert 200 <= hue(COMPARISON_COLOURS["lower"]) <= 250  # blue
    assert 200 <= hue(COMPARISON_COLOURS["higher"]) <= 250
    assert _luminance(COMPARISON_COLOURS["lower"]) > _luminance(COMPARISON_COLOURS["higher"])
    assert COMPARISON_COLOURS["not compared"] == "#ffffff"
    assert palette.edge_for("not compared") != "#ffffff"
    shapes = {palette.COMPARISON_MARKERS[c] for c in ("better", "similar", "worse", "lower",
                                                       "higher")}
    assert len(shapes) == 5  # every family has its own shape


def test_spine_row_decimals_override_the_chart_default():
    rows = [SpineRow("Births", 12345.0, 10000.0, 2000.0, 8000.0, 12000.0, 30000.0, "higher",
                     decimals=0),
            SpineRow("Rate", 5.25, 4.0, 7.0, 4.5, 3.0, 2.0, "worse", "low_is_good")]
    chart = spine_chart(rows, title="t", decimals=2)
    shown = [t.get_text() for t in chart.figure.findobj(lambda a: hasattr(a, "get_text"))]
    assert "12,345" in shown and "30,000" in shown and "5.25" in shown
    with pytest.raises(ValueError):
        SpineRow("x", 1, 1, 1, 1, 1, 1, decimals=9)


def test_chart_spec_is_read_only():
    chart = breakdown_chart([BreakdownBar("a", 1.0)], title="t", unit="u")
    with pytest.raises(TypeError):
        chart.spec["unit"] = "changed"  # type: ignore[index]
