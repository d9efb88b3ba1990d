"""One report document in three formats: the same content, the marking on every page."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest
from docx import Document as Docx
from pypdf import PdfReader

from firstyear import charts
from firstyear.reports.document import Bullets, Callout, Document, Figure, Paragraph, Table
from firstyear.reports.render import document_bytes, to_html

pytestmark = pytest.mark.pure


def sample(marking: str = "RESTRICTED: panel members only", rows: int = 6) -> Document:
    chart = charts.trend_chart([charts.TrendPoint("2013 - 15", 4.9, 4.0, 5.9, "worse"),
                                charts.TrendPoint("2014 - 16", 4.6, 3.7, 5.6, "similar")],
                               title="Infant mortality rate", unit="per 1,000 live births", area_name="Northbridge")
    doc = Document(title="Infant mortality: annual assurance", subtitle="Health and Wellbeing Board",
                   meta=[("Date", "March 2027"), ("Author", "Director of Public Health")], marking=marking)
    doc.section("Purpose", Paragraph("To assure the board of progress."), key="purpose")
    doc.section("Progress", Bullets(("12 actions on track", "3 at risk")), Callout("Two actions are overdue.", "warning"))
    doc.section("Figures", Table("Actions by status", ("Priority", "On track", "At risk"),
                                 tuple((f"Priority {i}", i, 10 - i) for i in range(rows)), numeric=(1, 2)),
                Figure(chart, "Three-year pooled rates with 95% confidence intervals."))
    return doc


def test_html_standalone_has_everything_and_no_external_assets():
    page = to_html(sample())
    for text in ("Infant mortality: annual assurance", "RESTRICTED: panel members only", "To assure the board",
                 "3 at risk", "Two actions are overdue.", "Priority 5", "March 2027"):
        assert text in page
    assert "<svg" in page and 'role="img"' in page
    import re

    # Namespace URIs in SVG metadata are names, not downloads; no asset may be fetched.
    assert not re.search(r'(src|href)="https?:|url\(\s*["\']?https?:|@import', page)


def test_pdf_marks_every_page_and_holds_the_tables():
    pdf = PdfReader(io.BytesIO(document_bytes(sample(rows=120), "pdf")))
    assert len(pdf.pages) >= 2
    texts = [page.extract_text() for page in pdf.pages]
    for n, text in enumerate(texts, start=1):
        assert "RESTRICTED: panel members only" in text, f"page {n} lacks the marking"
        assert f"Page {n} of {len(texts)}" in text
    everything = "\n".join(texts)
    assert "Priority 0" in everything and "Priority 119" in everything
    assert pdf.metadata.title == "Infant mortality: annual assurance"


def test_docx_has_headings_tables_marking_and_chart_alt_text():
    word = Docx(io.BytesIO(document_bytes(sample(), "docx")))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["Purpose", "Progress", "Figures"]
    assert word.sections[0].header.paragraphs[0].text == "RESTRICTED: panel members only"
    [table] = word.tables
    assert [c.text for c in table.rows[0].cells] == ["Priority", "On track", "At risk"]
    assert table.rows[3].cells[0].text == "Priority 2" and table.rows[3].cells[2].text == "8"
    [picture] = word.inline_shapes
    assert "Northbridge" in picture._inline.docPr.get("descr")


def test_unmarked_documents_carry_no_marking():
    word = Docx(io.BytesIO(document_bytes(sample(marking=""), "docx")))
    assert word.sections[0].header.paragraphs[0].text == ""
    assert "RESTRICTED" not in to_html(sample(marking=""))


def test_unknown_format_is_refused():
    with pytest.raises(ValueError, match="html, pdf or docx"):
        document_bytes(sample(), "odt")


def test_svg_in_html_is_well_formed():
    page = to_html(sample())
    svg = page[page.index("<svg"): page.index("</svg>") + 6]
    assert ET.fromstring(svg).tag.endswith("svg")


def test_relative_column_widths_reach_html_and_word():
    doc = Document(title="Widths")
    doc.section("Table", Table("Recommendations", ("No.", "Recommendation", "Status"), (("1", "A long text", "Green"),),
                               widths=(1, 6, 3)))
    assert '<col style="width: 60.0%">' in to_html(doc)
    word = Docx(io.BytesIO(document_bytes(doc, "docx")))
    widths = [cell.width.cm for cell in word.tables[0].rows[1].cells]
    assert widths == pytest.approx([1.59, 9.54, 4.77], abs=0.01)
