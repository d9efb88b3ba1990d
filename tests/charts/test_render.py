"""Every chart renders to valid, accessible, deterministic SVG and to PNG of the right size."""

from __future__ import annotations

import re
import struct
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET

import pytest

from firstyear.charts import inline_svg, render
from firstyear.charts.chart import FONT_STACK
from tests.charts.samples import sample_charts

pytestmark = pytest.mark.pure

SVG_NS = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
KINDS = ["trend", "compare", "funnel", "spine", "breakdown", "spc"]


@pytest.fixture(scope="module")
def charts():
    return sample_charts()


@pytest.fixture(scope="module")
def svgs(charts):
    return {kind: render(chart, "svg") for kind, chart in charts.items()}


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def png_dpi(data: bytes) -> float:
    i = data.index(b"pHYs")
    ppm_x, _ppm_y, unit = struct.unpack(">IIB", data[i + 4:i + 13])
    assert unit == 1  # metres
    return ppm_x * 0.0254


@pytest.mark.parametrize("kind", KINDS)
def test_svg_is_valid_and_accessible(kind, charts, svgs):
    chart = charts[kind]
    root = ET.fromstring(svgs[kind])
    assert root.tag == f"{SVG_NS}svg"
    assert root.get("role") == "img"
    label_ids = root.get("aria-labelledby").split()
    assert len(label_ids) == 2
    # <title> and <desc> are the first children, referenced by aria-labelledby
    first, second = list(root)[:2]
    assert first.tag == f"{SVG_NS}title" and first.get("id") == label_ids[0]
    assert second.tag == f"{SVG_NS}desc" and second.get("id") == label_ids[1]
    assert first.text == chart.title
    assert second.text == chart.alt
    assert chart.alt and chart.alt.endswith(".")


@pytest.mark.parametrize("kind", KINDS)
def test_svg_ids_are_prefixed_unique_and_resolve(kind, svgs):
    root = ET.fromstring(svgs[kind])
    prefix = root.get("id") + "-"
    ids = [el.get("id") for el in root.iter() if el.get("id") is not None]
    assert len(ids) == len(set(ids))
    assert all(i.startswith(prefix) for i in ids if i != root.get("id"))
    known = set(ids)
    text = svgs[kind].decode()
    refs = re.findall(r'href="#([^"]+)"', text) + re.findall(r"url\(#([^)]+)\)", text)
    assert refs, "expected marker/clip references"
    assert set(refs) <= known
    # matplotlib's catch-all style rule is scoped to this SVG
    assert f"#{root.get('id')} *{{" in text
    assert "<style type=\"text/css\">*{" not in text


@pytest.mark.parametrize("kind", KINDS)
def test_svg_text_is_text_with_a_generic_font_stack(kind, svgs):
    text = svgs[kind].decode()
    root = ET.fromstring(svgs[kind])
    texts = [el for el in root.iter(f"{SVG_NS}text")]
    assert texts, "labels must stay <text>, not glyph paths"
    families = set(re.findall(r"font-family: ([^;\"]+)", text))
    assert families == {FONT_STACK}
    assert FONT_STACK.endswith("sans-serif")
    assert "DejaVuSans-" not in text  # no embedded glyph outlines


@pytest.mark.parametrize("kind", KINDS)
def test_svg_has_no_dates_and_is_byte_identical_across_renders(kind, charts, svgs):
    again = render(charts[kind], "svg")
    assert again == svgs[kind]
    assert b"<dc:date>" not in again
    assert b"firstyear" in again  # Creator metadata


@pytest.mark.parametrize("kind", KINDS)
def test_png_signature_size_and_determinism(kind, charts):
    chart = charts[kind]
    png = render(chart, "png")
    w, h = png_size(png)
    assert w == 960
    assert abs(h - chart.figure.get_figheight() * 96) <= 1
    assert render(chart, "png") == png
    assert round(png_dpi(png)) == 96


@pytest.mark.parametrize("kind", KINDS)
def test_png_for_print_is_denser_but_same_layout(kind, charts):
    chart = charts[kind]
    screen = png_size(render(chart, "png", width_px=640, dpi=96))
    printed_png = render(chart, "png", width_px=640, dpi=300)
    printed = png_size(printed_png)
    assert printed[0] == round(640 * 300 / 96)
    # same layout, so the aspect ratio is the same to within a pixel of rounding
    assert abs(printed[1] / printed[0] - screen[1] / screen[0]) < 2 / screen[0]
    assert round(png_dpi(printed_png)) == 300


def test_svg_width_follows_width_px(charts):
    for width_px in (480, 640, 960, 1200):
        root = ET.fromstring(render(charts["trend"], "svg", width_px=width_px))
        assert root.get("width") == f"{width_px * 0.75:g}pt"


def test_compare_chart_grows_with_the_number_of_areas():
    from firstyear.charts import CompareBar, compare_chart

    def height(n):
        bars = [CompareBar(f"E0{i:07d}", f"Area {i}", 3 + i / 10, 2 + i / 10, 4 + i / 10,
                           "similar") for i in range(n)]
        chart = compare_chart(bars, title="t", unit="u", benchmark_value=4.0)
        return png_size(render(chart, "png"))[1]

    heights = [height(n) for n in (2, 10, 40)]
    assert heights[0] < heights[1] < heights[2]
    assert heights[2] - heights[1] >= 30 * 24  # at least ~24px per extra row


def test_tooltips_are_written_into_data_groups(svgs):
    root = ET.fromstring(svgs["compare"])
    groups = [g for g in root.iter(f"{SVG_NS}g") if g.get("id", "").split("-", 1)[-1]
              .startswith("fy-bar-")]
    assert groups
    assert len(groups) == 22  # one per area with a value
    for g in groups:
        title = g.find(f"{SVG_NS}title")
        assert title is not None
        assert re.match(r"^.+: \d+\.\d \(95% CI .+\), (better|worse|similar)", title.text)


def test_inline_svg_has_no_prolog_and_custom_id(charts):
    markup = inline_svg(charts["breakdown"], svg_id="chart-breakdown")
    assert markup.startswith("<svg ")
    root = ET.fromstring(markup)
    assert root.get("id") == "chart-breakdown"
    assert root.get("aria-labelledby") == "chart-breakdown-title chart-breakdown-desc"
    with pytest.raises(ValueError):
        render(charts["breakdown"], svg_id="1 bad id")


def test_two_inlined_charts_share_no_ids(charts, svgs):
    a, b = ET.fromstring(svgs["trend"]), ET.fromstring(svgs["spc"])
    ids_a = {el.get("id") for el in a.iter() if el.get("id")}
    ids_b = {el.get("id") for el in b.iter() if el.get("id")}
    assert not ids_a & ids_b


def test_include_title_false_keeps_the_accessible_title_only(charts):
    chart = charts["breakdown"]
    root = ET.fromstring(render(chart, "svg", include_title=False))
    drawn = [el.text for el in root.iter(f"{SVG_NS}text")]
    assert chart.title not in drawn
    assert root.find(f"{SVG_NS}title").text == chart.title
    with_title = ET.fromstring(render(chart, "svg"))
    assert chart.title in [el.text for el in with_title.iter(f"{SVG_NS}text")]


def test_bad_render_arguments(charts):
    with pytest.raises(ValueError):
        render(charts["trend"], "jpg")
    with pytest.raises(ValueError):
        render(charts["trend"], width_px=10)
    with pytest.raises(ValueError):
        render(charts["trend"], "png", dpi=5)


def test_concurrent_renders_match_serial_renders(charts, svgs):
    results: dict[tuple[str, int], bytes] = {}
    errors: list[BaseException] = []

    def work(kind: str, n: int) -> None:
        try:
            results[(kind, n)] = render(charts[kind], "svg")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(kind, n)) for n in range(2) for kind in KINDS]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    for (kind, _n), svg in results.items():
        assert svg == svgs[kind]


def test_rendering_leaves_matplotlib_global_state_alone(charts):
    import matplotlib

    before = {k: matplotlib.rcParams[k] for k in
              ("svg.fonttype", "svg.hashsalt", "font.sans-serif", "font.size", "text.parse_math")}
    backend = matplotlib.get_backend()
    render(charts["spine"], "svg")
    render(charts["spine"], "png")
    after = {k: matplotlib.rcParams[k] for k in before}
    assert after == before
    assert matplotlib.get_backend() == backend


def test_rendering_does_not_use_pyplot():
    code = (
        "import sys; from tests.charts.samples import sample_charts; "
        "from firstyear.charts import render; "
        "[render(c, f) for c in sample_charts().values() for f in ('svg', 'png')]; "
        "print('matplotlib.pyplot' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_importing_the_package_does_not_import_matplotlib():
    code = (
        "import sys, firstyear.charts as c; "
        "c.trend_chart([c.TrendPoint('2020', 1.0)], title='t', unit='u'); "
        "c.chart_filename('E06000008', 'x', 'trend', 'svg'); "
        "print('matplotlib' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_markup_in_names_and_titles_is_escaped():
    from firstyear.charts import CompareBar, compare_chart

    nasty = 'Area <script>alert("x")</script> & Co'
    chart = compare_chart([CompareBar("A", nasty, 5.0, 4.0, 6.0, "worse"),
                           CompareBar("B", "Other", 3.0, 2.0, 4.0, "similar")],
                          title=f"Title {nasty}", unit="u", benchmark_value=4.0,
                          highlight_code="A")
    svg = render(chart, "svg")
    assert b"<script" not in svg
    root = ET.fromstring(svg)
    assert root.find(f"{SVG_NS}title").text == chart.title
    assert nasty in root.find(f"{SVG_NS}desc").text
    assert nasty in [el.text for el in root.iter(f"{SVG_NS}text")]
