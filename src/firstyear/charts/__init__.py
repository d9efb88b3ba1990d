"""Server-side charts as SVG and PNG: offline, printable, accessible.

Build a chart with one of the ``*_chart`` functions, then ``render`` it::

    from firstyear.charts import TrendPoint, trend_chart, render

    chart = trend_chart(points, title="Infant mortality", unit="per 1,000 live births",
                        area_name="Blackburn with Darwen", england={"2020-22": 3.9})
    svg_bytes = render(chart, "svg")
    png_bytes = render(chart, "png", width_px=640, dpi=300)
    chart.alt  # a sentence for <img alt="...">

Importing this package does not import matplotlib; the first render does.
See docs/charts.md.
"""

from . import palette
from .builders import (
    breakdown_chart,
    compare_chart,
    funnel_chart,
    spc_assurance_text,
    spc_chart,
    spc_variation_text,
    spine_chart,
    trend_chart,
)
from .chart import Chart, inline_svg, render, warm_up
from .data import (
    COMPARISONS,
    FUNNEL_SIGNIFICANCE,
    POLARITIES,
    SPC_FLAGS,
    BreakdownBar,
    CompareBar,
    FunnelLimits,
    FunnelPoint,
    ReferenceSeries,
    SPCPoint,
    SpineRow,
    TrendPoint,
)
from .download import chart_filename
from .palette import COMPARISON_COLOURS

__all__ = [
    "BreakdownBar",
    "COMPARISONS",
    "COMPARISON_COLOURS",
    "Chart",
    "CompareBar",
    "FUNNEL_SIGNIFICANCE",
    "FunnelLimits",
    "FunnelPoint",
    "POLARITIES",
    "ReferenceSeries",
    "SPCPoint",
    "SPC_FLAGS",
    "SpineRow",
    "TrendPoint",
    "breakdown_chart",
    "chart_filename",
    "compare_chart",
    "funnel_chart",
    "inline_svg",
    "palette",
    "render",
    "spc_assurance_text",
    "spc_chart",
    "spc_variation_text",
    "spine_chart",
    "trend_chart",
    "warm_up",
]
