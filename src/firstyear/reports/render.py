"""One document, three formats: HTML (a page or a standalone file), PDF (WeasyPrint) and DOCX."""

from __future__ import annotations

import io
import re

from django.http import HttpResponse
from django.template.loader import render_to_string

from firstyear.charts import inline_svg, render
from firstyear.reports.document import Bullets, Callout, Document, Figure, Paragraph, Table

CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
DOCX_CHART_WIDTH_PX = 600  # 15.9 cm: Word's default text width on A4


def _blocks_for_template(doc: Document) -> list[dict]:
    """Sections with each block tagged by kind (templates cannot use isinstance)."""
    out = []
    for n, section in enumerate(doc.sections):
        blocks = []
        for m, block in enumerate(section.blocks):
            kind = type(block).__name__.lower()
            item = {"kind": kind, "block": block}
            if isinstance(block, Table) and block.widths:
                total = sum(block.widths)
                item["widths"] = [f"{100 * w / total:.1f}%" for w in block.widths]
            if isinstance(block, Figure):
                item["svg"] = inline_svg(block.chart, width_px=640, svg_id=f"fig-{n}-{m}")
            blocks.append(item)
        out.append({"section": section, "blocks": blocks, "id": section.key or f"section-{n + 1}"})
    return out


def to_html(doc: Document, *, standalone: bool = True) -> str:
    """A standalone HTML file (own styles, no external assets) or the body for a site page."""
    template = "reports/standalone.html" if standalone else "reports/_document.html"
    return render_to_string(template, {"doc": doc, "sections": _blocks_for_template(doc)})


def to_pdf(doc: Document) -> bytes:
    import logging

    from weasyprint import HTML

    # WeasyPrint logs every SVG presentation attribute it treats as unknown CSS: noise, not faults.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)

    return HTML(string=render_to_string("reports/print.html", {"doc": doc, "sections": _blocks_for_template(doc)})).write_pdf()


def to_docx(doc: Document) -> bytes:
    from docx import Document as Docx
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt, RGBColor

    word = Docx()
    section = word.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.5)
    normal = word.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    if doc.marking:
        for part in (section.header, section.footer):
            p = part.paragraphs[0]
            p.text = doc.marking
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.runs[0].bold = True
            p.runs[0].font.color.rgb = RGBColor(0xB1, 0x0E, 0x1E)
    word.core_properties.title = doc.title
    word.add_heading(doc.title, level=0)
    if doc.subtitle:
        word.add_paragraph(doc.subtitle, style="Subtitle")
    for label, value in doc.meta:
        p = word.add_paragraph()
        p.add_run(f"{label}: ").bold = True
        p.add_run(value)
    for s in doc.sections:
        word.add_heading(s.heading, level=min(max(s.level - 1, 1), 4))
        for block in s.blocks:
            if isinstance(block, Paragraph):
                word.add_paragraph(block.text)
            elif isinstance(block, Bullets):
                style = "List Number" if block.numbered else "List Bullet"
                for item in block.items:
                    word.add_paragraph(item, style=style)
            elif isinstance(block, Callout):
                p = word.add_paragraph()
                run = p.add_run(block.text)
                run.bold = block.kind == "warning"
                p.paragraph_format.left_indent = Cm(0.8)
            elif isinstance(block, Table):
                _docx_table(word, block, WD_TABLE_ALIGNMENT, WD_ALIGN_PARAGRAPH, Pt)
            elif isinstance(block, Figure):
                png = render(block.chart, "png", width_px=DOCX_CHART_WIDTH_PX, dpi=200)
                word.add_picture(io.BytesIO(png), width=Cm(15.9))
                _set_alt_text(word.inline_shapes[-1], block.chart.alt)
                if block.caption:
                    word.add_paragraph(block.caption, style="Caption")
    if doc.footer:
        word.add_paragraph(doc.footer).runs[0].italic = True
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _docx_table(word, block: Table, table_align, para_align, Pt) -> None:
    if block.caption:
        word.add_paragraph(block.caption, style="Caption")
    table = word.add_table(rows=1, cols=len(block.columns))
    table.style = "Table Grid"
    table.alignment = table_align.CENTER
    widths = _column_widths(block)
    for cell, name in zip(table.rows[0].cells, block.columns, strict=True):
        cell.text = str(name)
        cell.paragraphs[0].runs[0].bold = True
    _repeat_header(table.rows[0])
    for row in block.rows:
        cells = table.add_row().cells
        for i, (cell, value) in enumerate(zip(cells, row, strict=True)):
            cell.text = "" if value is None else str(value)
            if i in block.numeric:
                cell.paragraphs[0].alignment = para_align.RIGHT
    for row in table.rows:
        for i, cell in enumerate(row.cells):
            if widths:
                cell.width = widths[i]
            for p in cell.paragraphs:
                for run in p.runs:
                    run.font.size = Pt(9)
    if block.notes:
        word.add_paragraph(block.notes).runs[0].italic = True


def _column_widths(block: Table) -> list:
    """Word needs each cell's width; spread 15.9 cm (A4 text width) by the relative widths."""
    from docx.shared import Cm

    if not block.widths or len(block.widths) != len(block.columns):
        return []
    total = sum(block.widths)
    return [Cm(15.9 * w / total) for w in block.widths]


def _repeat_header(row) -> None:
    """Repeat a table's header row on every page Word breaks it over."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    props = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    props.append(header)


def _set_alt_text(shape, text: str) -> None:
    """python-docx has no API for a picture's description; set docPr/@descr for screen readers."""
    shape._inline.docPr.set("descr", text)


def filename(title: str, fmt: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:80] or "report"
    return f"{slug}.{fmt}"


def document_bytes(doc: Document, fmt: str) -> bytes:
    if fmt == "html":
        return to_html(doc).encode("utf-8")
    if fmt == "pdf":
        return to_pdf(doc)
    if fmt == "docx":
        return to_docx(doc)
    raise ValueError(f"Unknown report format {fmt!r}: use html, pdf or docx.")


def document_response(doc: Document, fmt: str, *, name: str | None = None, inline: bool = False) -> HttpResponse:
    response = HttpResponse(document_bytes(doc, fmt), content_type=CONTENT_TYPES[fmt])
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name or filename(doc.title, fmt)}"'
    return response
