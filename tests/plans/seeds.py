"""Seeds 003 and 004 rebuilt at test time as the tables a user would hold (DOCX, XLSX, CSV, Markdown).

The seeds are plain text: seed 004 is a Markdown rendering of a Word table that was split over
six pages (one page's rows came out with ten cells: an outcome cell merged with the row above
became an extra blank cell); seed 003 is a Word table flattened to one tab-led line per cell. Here
they are read back into rows with rules written for these two files only (independent of the
importer under test), and written out with python-docx and openpyxl: merged section rows,
issue cells merged down over their continuation rows, list paragraphs, month-formatted dates.
Nothing from the seeds is committed; without /work/shared/seeds the tests skip.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest

SEEDS = Path("/work/shared/seeds")
HEADER_004 = ["no.", "Issue", "Detail /Rationale", "Action: What are we going to do about this?",
              "Outcome: What change do we want to see?", "Accountability: Who is responsible?",
              "How are they reporting back?", 'Date for "deep dive"', "Date to be completed"]
HEADER_003 = ["Objective", "Action Plan", "Lead", "Partners"]


def seed_text(number: str) -> str:
    matches = sorted(SEEDS.glob(f"{number}_*.txt")) if SEEDS.is_dir() else []
    if not matches:
        pytest.skip(f"seed {number} is not available (/work/shared/seeds is absent)")
    return matches[0].read_text(encoding="utf-8")


# -- seed 004: Markdown pages -> rows ---------------------------------------------------------------


def _cell_lines(cell: str) -> list[tuple[str, bool]]:
    """A cell's paragraphs as (text, is_list_item): <p> paragraphs, • list items, tags removed."""
    cell = re.sub(r"<u>|</u>", "", cell)
    cell = re.sub(r"<ul[^>]*>", "\n", cell)
    cell = re.sub(r"</?p>", "\n", cell)
    cell = html.unescape(cell)
    out = []
    for block in cell.split("\n"):
        parts = block.split("•")
        if parts[0].strip():
            out.append((" ".join(parts[0].split()), False))
        out += [(" ".join(p.split()), True) for p in parts[1:] if p.strip()]
    return out


def seed004_pages() -> list[list[list[str]]]:
    """Each Markdown table (a printed page) as rows of raw cell strings, header rows dropped."""
    pages, current = [], None
    for line in seed_text("004").splitlines():
        if not line.startswith("|"):
            current = None
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if all(re.fullmatch(r"-*", c) for c in cells):
            continue
        if cells[0] == "no.":
            current = []
            pages.append(current)
            continue
        current.append(cells)
    return pages


def seed004_rows() -> list[list[str]]:
    """The plan's rows with the nine columns of its header (the page with a tenth cell put right:
    its blank tenth cell dropped, or where the tenth cell has text, the blank merged-outcome cell
    removed so the lead, reporting and dates sit under their headings)."""
    rows = []
    for page in seed004_pages():
        for cells in page:
            if len(cells) == 10:
                if cells[9]:
                    gap = 4 if not cells[4] else 5
                    assert not cells[gap], cells
                    cells = cells[:gap] + cells[gap + 1:]
                else:
                    cells = cells[:9]
            assert len(cells) == 9, cells
            rows.append(cells)
    return rows


SECTION_004 = re.compile(r"^(\d)\. (.+)$")
ISSUE_004 = re.compile(r"^\d\.\d+$")


def seed004_expected() -> dict:
    """What a careful reader sees in seed 004: sections, issues, and each issue's action rows."""
    sections, issues = [], {}
    current = None
    for cells in seed004_rows():
        first = cells[0]
        if SECTION_004.match(first) and not any(cells[1:]):
            sections.append(SECTION_004.match(first).groups())
            continue
        if ISSUE_004.match(first):
            current = first
            issues[current] = {"section": sections[-1][0], "title": cells[1], "rows": []}
        issues[current]["rows"].append(cells)
    return {"sections": sections, "issues": issues}


def _write_docx_cell(cell, raw: str) -> None:
    lines = _cell_lines(raw)
    cell.text = ""
    first = True
    for text, is_item in lines:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        paragraph.text = text
        if is_item:
            paragraph.style = "List Bullet"


def build_seed004_docx(path: Path) -> Path:
    """One Word table as the authors held it: section rows merged across all nine columns, each
    issue's number and name merged down over its continuation rows, bullets as list paragraphs,
    the header row repeated on each page."""
    from docx import Document
    from docx.shared import Cm

    document = Document()
    rows = seed004_rows()
    table = document.add_table(rows=1, cols=9)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, HEADER_004, strict=True):
        cell.text = text
    issue_start = None
    for cells in rows:
        row = table.add_row()
        if SECTION_004.match(cells[0]) and not any(cells[1:]):
            merged = row.cells[0].merge(row.cells[8])
            merged.text = cells[0]
            issue_start = None
            continue
        for i, raw in enumerate(cells):
            if i < 2 and not ISSUE_004.match(cells[0]) and issue_start is not None:
                continue
            _write_docx_cell(row.cells[i], raw)
        if ISSUE_004.match(cells[0]):
            issue_start = row
        elif issue_start is not None:
            for i in (0, 1):
                issue_start.cells[i].merge(row.cells[i])
    for section in document.sections:
        section.left_margin = section.right_margin = Cm(1)
    document.save(path)
    return path


def build_seed004_pages_docx(path: Path) -> Path:
    """The seed as a PDF-to-Word conversion leaves it: six tables, one per page, one with a tenth
    column and cells shifted right, no merged cells."""
    from docx import Document

    document = Document()
    for page in seed004_pages():
        width = max(len(r) for r in page)
        table = document.add_table(rows=1, cols=width)
        for cell, text in zip(table.rows[0].cells, HEADER_004 + [""] * (width - 9), strict=True):
            cell.text = text
        for cells in page:
            row = table.add_row()
            for i, raw in enumerate(cells + [""] * (width - len(cells))):
                _write_docx_cell(row.cells[i], raw)
        document.add_paragraph("")
    document.save(path)
    return path


MONTH_ONLY = re.compile(r"^([A-Z][a-z]{2})-(\d{2})$")


def build_seed004_xlsx(path: Path) -> Path:
    """One sheet as an Excel user keeps it: section rows merged across, issue cells merged down,
    "Nov-16" typed as a date shown as mmm-yy, issue numbers as text."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    wb = Workbook()
    ws = wb.active
    ws.title = "Action plan"
    ws.append(HEADER_004)
    issue_row = None
    for cells in seed004_rows():
        r = ws.max_row + 1
        if SECTION_004.match(cells[0]) and not any(cells[1:]):
            ws.cell(r, 1, cells[0])
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=9)
            issue_row = None
            continue
        for i, raw in enumerate(cells, start=1):
            text = "\n".join(("• " if item else "") + t for t, item in _cell_lines(raw))
            month = MONTH_ONLY.match(text)
            if month and i >= 8:
                c = ws.cell(r, i, dt.datetime.strptime(text, "%b-%y"))
                c.number_format = "mmm-yy"
            elif text:
                c = ws.cell(r, i, text)
                c.number_format = "@"
                c.alignment = Alignment(wrap_text=True, vertical="top")
        if ISSUE_004.match(cells[0]):
            issue_row = r
        elif issue_row is not None:
            for col in (1, 2):
                ws.cell(r, col).value = None
        if issue_row is not None and not ISSUE_004.match(cells[0]):
            for col in (1, 2):
                for merged in list(ws.merged_cells.ranges):
                    if merged.min_row == issue_row and merged.min_col == col:
                        ws.unmerge_cells(str(merged))
                ws.merge_cells(start_row=issue_row, start_column=col, end_row=r, end_column=col)
    wb.save(path)
    return path


def build_seed004_csv(path: Path) -> Path:
    import csv

    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER_004)
        for cells in seed004_rows():
            writer.writerow(["\n".join(("• " if item else "") + t for t, item in _cell_lines(c)) for c in cells])
    return path


# -- seed 003: tab-led cells -> rows ---------------------------------------------------------------


def seed003_rows() -> list[list[str]]:
    """Rows of four cells (Objective, Action Plan, Lead, Partners); a priority row is one cell."""
    text = seed_text("003")
    body = text[text.index("\tPriority 1:"): text.rindex("Ruksana")].rstrip()
    cells: list[str] = []
    for line in body.split("\n"):
        if line.startswith("\t"):
            cells.append(line[1:])
        else:
            cells[-1] += "\n" + line
    cells = [c.strip() for c in cells]
    rows, i = [], 0
    while i < len(cells):
        if cells[i].startswith("Priority "):
            rows.append([cells[i]])
            i += 1
            while i < len(cells) and cells[i] == "":
                i += 1
            continue
        row = cells[i:i + 4]
        rows.append(row + [""] * (4 - len(row)))
        i += 4
    return rows


def seed003_expected() -> dict:
    priorities, current = [], None
    for cells in seed003_rows():
        if len(cells) == 1:
            current = {"title": cells[0], "rows": []}
            priorities.append(current)
        elif cells != HEADER_003:
            current["rows"].append(cells)
    return {"priorities": priorities}


def _lines003(raw: str) -> list[tuple[str, bool]]:
    out = []
    for line in raw.split("\n"):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("·"):
            rest = stripped.lstrip("· ").strip()
            if rest:
                out.append((rest.replace("[bookmark: _GoBack]", ""), True))
        else:
            out.append((stripped, False))
    return out


def build_seed003_docx(path: Path) -> Path:
    """Seed 003 as its Word table: priority rows merged across, bullets as list paragraphs, and
    Lead and Partners cells merged down over the rows they cover (the blank cells below a named
    lead or partner list, within a priority)."""
    from docx import Document

    document = Document()
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, HEADER_003, strict=True):
        cell.text = text
    merge_from: dict[int, object] = {}
    for cells in seed003_rows():
        if cells == HEADER_003:
            continue
        row = table.add_row()
        if len(cells) == 1:
            merged = row.cells[0].merge(row.cells[3])
            merged.text = cells[0]
            merge_from = {}
            continue
        for i, raw in enumerate(cells):
            lines = _lines003(raw)
            if i >= 2 and not lines and i in merge_from:
                merge_from[i].merge(row.cells[i])
                continue
            target = row.cells[i]
            target.text = ""
            for n, (text, item) in enumerate(lines):
                paragraph = target.paragraphs[0] if n == 0 else target.add_paragraph()
                paragraph.text = text
                if item and i == 1:
                    paragraph.style = "List Bullet"
            if i >= 2 and lines:
                merge_from[i] = target
    document.save(path)
    return path


def build_seed003_xlsx(path: Path) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(HEADER_003)
    start: dict[int, int] = {}
    for cells in seed003_rows():
        if cells == HEADER_003:
            continue
        r = ws.max_row + 1
        if len(cells) == 1:
            ws.cell(r, 1, cells[0])
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=4)
            start = {}
            continue
        for i, raw in enumerate(cells, start=1):
            lines = _lines003(raw)
            text = "\n".join(("• " if item and i == 2 else "") + t for t, item in lines)
            if i >= 3 and not text and i in start:
                for merged in list(ws.merged_cells.ranges):
                    if merged.min_row == start[i] and merged.min_col == i:
                        ws.unmerge_cells(str(merged))
                ws.merge_cells(start_row=start[i], start_column=i, end_row=r, end_column=i)
                continue
            if text:
                ws.cell(r, i, text).number_format = "@"
                if i >= 3:
                    start[i] = r
    wb.save(path)
    return path


# -- seed 000: the review's Appendix A -> rows --------------------------------------------------------


def seed000_appendix() -> dict[str, list[list[str]]]:
    """Appendix A's rows by level ("regional", "locality"): [number, recommendation, proposed lead],
    continuation rows (no number) kept as they are."""
    text = seed_text("000")
    appendix = text[text.index("Appendix A – List of Recommendations\n\nRegional"):]
    rows: dict[str, list[list[str]]] = {"regional": [], "locality": []}
    level = None
    for line in appendix.splitlines():
        if line.strip() == "Regional":
            level = "regional"
            continue
        if line.strip() == "Local":
            level = "locality"
            continue
        if level is None or "\t" not in line:
            continue
        cells = [c.strip() for c in line.split("\t")]
        cells += [""] * (3 - len(cells))
        if "Recommendations" in cells[1] or "Recommendations" in cells[0]:
            continue
        rows[level].append(cells[:3])
    return rows


def _plain(text: str) -> list[tuple[str, bool]]:
    return _cell_lines(re.sub(r"</?i>", "", text))


def build_recommendations_xlsx(path: Path, rows: list[list[str]], *, merge_leads: bool = True) -> Path:
    """The appendix pasted into Excel: a blank-headed number column, the recommendation, the
    proposed lead merged down over the rows it covers (blank cells below a named lead)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["", "Recommendations", "Proposed lead"])
    lead_row = None
    for number, recommendation, lead in rows:
        r = ws.max_row + 1
        if number:
            ws.cell(r, 1, int(number))
        body = "\n".join(("• " if item else "") + t for t, item in _plain(recommendation))
        if body:
            ws.cell(r, 2, body)
        if lead:
            ws.cell(r, 3, lead)
            lead_row = r
        elif merge_leads and lead_row is not None and number:
            for merged in list(ws.merged_cells.ranges):
                if merged.min_row == lead_row and merged.min_col == 3:
                    ws.unmerge_cells(str(merged))
            ws.merge_cells(start_row=lead_row, start_column=3, end_row=r, end_column=3)
    wb.save(path)
    return path
