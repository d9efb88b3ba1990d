"""The one place that defines the charts' colours and marker shapes.

Hue families follow OHID Fingertips: better is green, similar amber, worse red,
lower light blue, higher dark blue and "not compared" white with a grey edge.
The 99.8% variants of the two-level comparisons are a shade darker than the 95%
ones. Neutral colours are GOV.UK Design System greys.

Colour is never the only cue: every chart has a legend, and each comparison
family also has its own marker shape (see ``COMPARISON_MARKERS``).
"""

from __future__ import annotations

from types import MappingProxyType

# --- GOV.UK neutrals ---------------------------------------------------------
TEXT = "#0b0c0c"  # govuk-colour("black"): text, axes, benchmark lines
SECONDARY_TEXT = "#505a5f"  # govuk-colour("dark-grey"): notes, axis labels
MID_GREY = "#b1b4b6"  # govuk-colour("mid-grey"): gridlines, borders
LIGHT_GREY = "#f3f2f1"  # govuk-colour("light-grey"): panel backgrounds
GRIDLINE = "#dcdddd"  # light gridlines that stay behind the data
WHITE = "#ffffff"

# --- Comparison fills (Fingertips hue families) -----------------------------
BETTER_95 = "#92d050"
BETTER_998 = "#4b8a1e"
SIMILAR = "#ffc000"
WORSE_95 = "#c00000"
WORSE_998 = "#700000"
LOWER_95 = "#bed2ff"
LOWER_998 = "#7f9ff0"
HIGHER_95 = "#5555e6"
HIGHER_998 = "#2a2a9c"
NOT_COMPARED = WHITE
NOT_COMPARED_EDGE = "#6f777b"  # govuk-colour("dark-grey") family, visible on white

# Edge drawn around every coloured marker and bar so light fills (amber, light
# blue, white) keep a 3:1 contrast boundary against the white background.
MARKER_EDGE = TEXT

COMPARISON_COLOURS = MappingProxyType(
    {
        "better": BETTER_95,
        "better 95%": BETTER_95,
        "better 99.8%": BETTER_998,
        "similar": SIMILAR,
        "worse": WORSE_95,
        "worse 95%": WORSE_95,
        "worse 99.8%": WORSE_998,
        "lower": LOWER_95,
        "lower 95%": LOWER_95,
        "lower 99.8%": LOWER_998,
        "higher": HIGHER_95,
        "higher 95%": HIGHER_95,
        "higher 99.8%": HIGHER_998,
        "not compared": NOT_COMPARED,
    }
)
"""Comparison label -> fill colour (hex). Keys are exactly the labels firstyear.stats emits."""

# Marker shapes (matplotlib marker codes) per comparison family, so a reader who
# cannot tell the hues apart can still tell the groups apart. Better/worse use
# shapes without a direction (a triangle would suggest "higher"/"lower", which
# is the opposite of "better" for low-is-good indicators such as mortality);
# lower/higher use down/up triangles because there the direction is the meaning.
_FAMILY_MARKERS = {
    "better": "D",  # diamond
    "similar": "o",  # circle
    "worse": "s",  # square
    "lower": "v",  # triangle down
    "higher": "^",  # triangle up
    "not compared": "o",  # hollow circle (white fill)
}
COMPARISON_MARKERS = MappingProxyType(
    {label: _FAMILY_MARKERS[label.split(" ")[0] if label != "not compared" else label]
     for label in COMPARISON_COLOURS}
)
"""Comparison label -> matplotlib marker code."""

# --- Chart furniture ---------------------------------------------------------
BENCHMARK_LINE = TEXT  # England / benchmark reference line
REGION_LINE = "#6f72af"  # a muted purple, distinct from the comparison hues
AREA_LINE = SECONDARY_TEXT  # thin line joining an area's trend points
CI_WHISKER = TEXT
SPINE_RANGE = "#c9c9c9"  # worst-to-best band (light grey, as Fingertips)
SPINE_IQR = "#8b8b8b"  # 25th-75th percentile band (dark grey, as Fingertips)
FUNNEL_95 = "#6f777b"  # 95% control limits
FUNNEL_998 = TEXT  # 99.8% control limits
HIGHLIGHT_EDGE = TEXT

# --- NHS "Making Data Count" (SPC) -----------------------------------------
SPC_IMPROVEMENT = "#289de0"  # blue
SPC_CONCERN = "#fab428"  # orange
SPC_COMMON = "#7b7d7d"  # grey
SPC_TARGET = "#d4351c"  # govuk-colour("red"): target line
SPC_COLOURS = MappingProxyType(
    {"improvement": SPC_IMPROVEMENT, "concern": SPC_CONCERN, "common": SPC_COMMON}
)
"""SPC flag -> colour."""
SPC_MARKERS = MappingProxyType({"improvement": "D", "concern": "s", "common": "o"})
"""SPC flag -> marker (improvement/concern echo better/worse shapes)."""


def colour_for(comparison: str) -> str:
    """The fill colour for a comparison label; raises KeyError for an unknown label."""
    return COMPARISON_COLOURS[comparison]


def edge_for(comparison: str) -> str:
    """The edge colour for a marker or bar of this comparison."""
    return NOT_COMPARED_EDGE if comparison == "not compared" else MARKER_EDGE
