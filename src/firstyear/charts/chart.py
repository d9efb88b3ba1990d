"""The chart object and ``render``: figure -> SVG or PNG bytes.

matplotlib is imported lazily (first ``render`` or ``.figure``), so importing
``firstyear.charts`` stays cheap for code paths that never draw.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Any

DEFAULT_WIDTH_PX = 960
DEFAULT_DPI = 96
# The SVG keeps its text as <text>; viewers pick the first of these they have.
# Layout is measured with DejaVu Sans, one of the widest common sans-serif
# faces, so text set in any of the narrower faces before it still fits.
FONT_STACK = "Arial, 'Liberation Sans', 'Helvetica Neue', Helvetica, 'DejaVu Sans', sans-serif"
SVG_METADATA = {"Date": None, "Creator": "firstyear"}


@dataclass(frozen=True, eq=False)
class Chart:
    """A chart ready to render.

    ``title`` and ``alt`` are plain text. ``alt`` is a one-to-three sentence
    summary for screen readers: use it as the ``alt`` of an ``<img>``; it is also
    written into the SVG as ``<desc>``. ``spec`` holds the validated inputs the
    figure is drawn from.
    """

    kind: str
    title: str
    alt: str
    spec: Mapping[str, Any] = field(repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "spec", MappingProxyType(dict(self.spec)))

    @cached_property
    def figure(self):
        """A matplotlib Figure at the default width, for inspection.

        ``render`` always draws a fresh figure (so concurrent renders never share
        one); changes made to this object are not seen by ``render``.
        """
        from . import _draw

        with _draw.LOCK, _draw.rc_context():
            fig, _tips = _draw.build(self, DEFAULT_WIDTH_PX)
        return fig


def render(chart: Chart, format: str = "svg", *, width_px: int = DEFAULT_WIDTH_PX,
           dpi: int = DEFAULT_DPI, include_title: bool = True, svg_id: str | None = None) -> bytes:
    """Draw ``chart`` and return SVG or PNG bytes.

    ``width_px`` is the width the chart is laid out for, in CSS pixels
    (1/96 inch): an SVG displays at exactly that width at 100% zoom, with 16px
    text. ``dpi`` only affects PNG: the PNG is ``round(width_px * dpi / 96)``
    pixels wide and records ``dpi`` so Word and PDF place it at
    ``width_px / 96`` inches. Use e.g. ``width_px=640, dpi=300`` for A4 print.

    ``include_title=False`` leaves the title out of the image (when the page
    already shows it as a heading); it stays in the SVG's ``<title>``.
    ``svg_id`` sets the root element's id (default: derived from the content),
    which prefixes every other id so several inlined charts never clash.
    """
    fmt = format.lower()
    if fmt not in ("svg", "png"):
        raise ValueError(f"unknown chart format {format!r}; expected 'svg' or 'png'")
    if not 160 <= width_px <= 4000:
        raise ValueError(f"width_px must be between 160 and 4000, got {width_px}")
    if not 24 <= dpi <= 1200:
        raise ValueError(f"dpi must be between 24 and 1200, got {dpi}")
    from . import _draw

    buf = io.BytesIO()
    with _draw.LOCK, _draw.rc_context():
        fig, tips = _draw.build(chart, width_px, include_title)
        if fmt == "svg":
            fig.savefig(buf, format="svg", metadata=SVG_METADATA)
        else:
            fig.savefig(buf, format="png", dpi=dpi, metadata={
                "Software": "firstyear", "Title": chart.title, "Description": chart.alt,
            })
    if fmt == "png":
        return buf.getvalue()
    return _finish_svg(buf.getvalue().decode("utf-8"), chart, tips, svg_id).encode("utf-8")


def warm_up() -> None:
    """Import matplotlib and load the font now rather than on the first request.

    The first render in a process otherwise pays ~0.4-0.8 s for this. Call it
    from the WSGI application's start-up if first-request latency matters.
    """
    from . import _draw
    from ._layout import measure

    with _draw.LOCK, _draw.rc_context():
        measure("Warm up 0123456789", 12.0)
        measure("Warm up 0123456789", 12.0, "bold")


def inline_svg(chart: Chart, **kwargs) -> str:
    """The SVG as markup to place directly in an HTML page (no XML prolog or DOCTYPE)."""
    svg = render(chart, "svg", **kwargs).decode("utf-8")
    return svg[svg.index("<svg"):]


# --- SVG post-processing -------------------------------------------------------
def escape(text: str) -> str:
    """XML-escape text for element content or a double-quoted attribute.

    (xml.sax.saxutils would do, but importing it pulls in urllib and email,
    which triples the import time of this package.)
    """
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


_TAG = re.compile(r"<[^<>]*>")
_ID_ATTR = re.compile(r'(\sid=")([^"]+)(")')
_HREF = re.compile(r'(href="#)([^"]+)(")')
_URL = re.compile(r"(url\(#)([^)]+)(\))")
_FONT_FAMILY = re.compile(r"font-family: [^;\"]+")
_SAFE_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_.:-]*$")


def _finish_svg(svg: str, chart: Chart, tips: Mapping[str, str], svg_id: str | None) -> str:
    # Hover text for data artists: <g id="fy-point-3"><title>...</title>...
    for gid, tip in tips.items():
        svg = svg.replace(f'<g id="{gid}">', f'<g id="{gid}"><title>{escape(tip)}</title>', 1)
    if svg_id is None:
        svg_id = "fy" + hashlib.sha256(svg.encode("utf-8")).hexdigest()[:10]
    elif not _SAFE_ID.match(svg_id):
        raise ValueError(f"svg_id {svg_id!r} is not a valid id")
    prefix = svg_id + "-"

    def fix_tag(m: re.Match) -> str:
        tag = m.group(0)
        tag = _ID_ATTR.sub(lambda g: g.group(1) + prefix + g.group(2) + g.group(3), tag)
        tag = _HREF.sub(lambda g: g.group(1) + prefix + g.group(2) + g.group(3), tag)
        tag = _URL.sub(lambda g: g.group(1) + prefix + g.group(2) + g.group(3), tag)
        return _FONT_FAMILY.sub("font-family: " + FONT_STACK, tag)

    svg = _TAG.sub(fix_tag, svg)
    # matplotlib's default stylesheet uses a bare "*" selector, which would leak
    # into the host page when inlined: scope it to this SVG.
    svg = svg.replace("<style type=\"text/css\">*{", f"<style type=\"text/css\">#{svg_id} *{{", 1)
    title_id, desc_id = f"{prefix}title", f"{prefix}desc"
    start = svg.index("<svg ")
    end = svg.index(">", start)
    root = svg[start:end]
    root += (f' id="{svg_id}" role="img" aria-labelledby="{title_id} {desc_id}"')
    accessible = (f'\n <title id="{title_id}">{escape(chart.title)}</title>'
                  f'\n <desc id="{desc_id}">{escape(chart.alt)}</desc>')
    return svg[:start] + root + ">" + accessible + svg[end + 1:]
