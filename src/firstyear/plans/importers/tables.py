"""Tables as people hold them: Word tables, Excel sheets, CSV files and Markdown tables.

Every reader returns :class:`Table` objects: rows of :class:`Cell`. Merged cells are kept as
information, not flattened away: a cell covered by the one above (a vertical merge in Word or
Excel) has ``merged_above`` set and carries the top cell's text; a cell covered by the one to its
left (a horizontal merge) has ``merged_left`` set and no text. Paragraphs inside a cell are
separate lines, and list paragraphs start with "• ".
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

BULLET = "• "
BULLET_CHARS = "•·▪●○◦-–*"


@dataclass
class Cell:
    text: str = ""
    merged_above: bool = False
    merged_left: bool = False
    value: object = None  # the raw value (a date from a spreadsheet), when there is one

    @property
    def empty(self) -> bool:
        return not self.text.strip() and not isinstance(self.value, dt.date)


@dataclass
class Row:
    cells: list[Cell]
    where: str  # "row 12", "table 2 row 5", "line 40": how a person would find it

    def texts(self) -> list[str]:
        return [c.text for c in self.cells]


@dataclass
class Table:
    name: str
    rows: list[Row] = field(default_factory=list)


class UnreadableFile(ValueError):
    """The file is not a table this importer can read; the message says what to do."""


def clean_text(text: str) -> str:
    """Tidy whitespace in each line, drop empty lines, keep the line breaks."""
    lines = [" ".join(line.replace("\u00a0", " ").split()) for line in str(text).replace("\r", "\n").split("\n")]
    return "\n".join(line for line in lines if line)


# -- Word -----------------------------------------------------------------------------------------


def read_docx(data: bytes, name: str) -> list[Table]:
    from docx import Document
    from docx.oxml.ns import qn
    from docx.table import _Cell

    try:
        document = Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds for a file that is not a .docx
        raise UnreadableFile(f"{name} could not be opened as a Word document (.docx): {exc}") from None
    tables = []
    for t_index, table in enumerate(document.tables, start=1):
        out = Table(f"{name} table {t_index}")
        above: dict[int, str] = {}
        for r_index, tr in enumerate(table._tbl.tr_lst, start=1):
            cells: list[Cell] = []
            before = tr.trPr.find(qn("w:gridBefore")) if tr.trPr is not None else None
            if before is not None:
                cells.extend(Cell() for _ in range(int(before.get(qn("w:val"), "0"))))
            for tc in tr.tc_lst:
                span = tc.grid_span
                col = len(cells)
                vmerge = tc.vMerge
                if vmerge == "continue":
                    cell = Cell(above.get(col, ""), merged_above=True)
                else:
                    cell = Cell(_docx_cell_text(_Cell(tc, table)))
                    above[col] = cell.text
                cells.append(cell)
                cells.extend(Cell(merged_left=True, merged_above=cell.merged_above) for _ in range(span - 1))
            out.rows.append(Row(cells, f"table {t_index} row {r_index}"))
        tables.append(out)
    return tables


def _docx_cell_text(cell) -> str:
    lines = []
    for paragraph in cell.paragraphs:
        text = paragraph.text
        if not text.strip():
            continue
        p_pr = paragraph._p.pPr
        is_list = (p_pr is not None and p_pr.numPr is not None) or "list" in (paragraph.style.name or "").lower()
        if is_list and text.lstrip()[:1] not in BULLET_CHARS:
            text = BULLET + text.strip()
        lines.append(text)
    return clean_text("\n".join(lines))


# -- Excel ------------------------------------------------------------------------------------------


def read_xlsx(data: bytes, name: str) -> list[Table]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a file that is not an .xlsx
        raise UnreadableFile(f"{name} could not be opened as an Excel workbook (.xlsx): {exc}") from None
    tables = []
    for sheet in workbook.worksheets:
        covered: dict[tuple[int, int], tuple[int, int]] = {}
        for merged in sheet.merged_cells.ranges:
            for r in range(merged.min_row, merged.max_row + 1):
                for c in range(merged.min_col, merged.max_col + 1):
                    if (r, c) != (merged.min_row, merged.min_col):
                        covered[(r, c)] = (merged.min_row, merged.min_col)
        out = Table(f"{name} sheet {sheet.title}")
        texts: dict[tuple[int, int], str] = {}
        for r_index, row in enumerate(sheet.iter_rows(), start=1):
            cells = []
            for c_index, xl in enumerate(row, start=1):
                top = covered.get((r_index, c_index))
                if top is not None:
                    if top[0] < r_index and top[1] == c_index:
                        cells.append(Cell(texts.get(top, ""), merged_above=True))
                    elif top[0] < r_index:
                        cells.append(Cell(merged_left=True, merged_above=True))
                    else:
                        cells.append(Cell(merged_left=True))
                    continue
                value = xl.value
                text = _xlsx_text(value, xl.number_format)
                texts[(r_index, c_index)] = text
                cells.append(Cell(text, value=value if isinstance(value, dt.date) else None))
            out.rows.append(Row(cells, f"sheet {sheet.title} row {r_index}"))
        tables.append(out)
    return tables


def _xlsx_text(value, number_format: str) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        day = value.date() if isinstance(value, dt.datetime) else value
        # A date formatted to show only month and year ("Nov-16") means the month.
        fmt = (number_format or "").lower()
        if "d" not in fmt.replace("[red]", "") and "m" in fmt and "y" in fmt:
            return f"{day:%b-%y}"
        return day.isoformat()
    if isinstance(value, float):
        match = re.search(r"0\.(0+)", number_format or "")
        if match:
            return f"{value:.{len(match.group(1))}f}"
        return f"{value:g}"
    return clean_text(str(value))


# -- CSV --------------------------------------------------------------------------------------------


def read_csv(data: bytes, name: str) -> list[Table]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes nearly anything
        raise UnreadableFile(f"{name} is not text: save it as CSV (UTF-8).")
    sample = text[:20000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    out = Table(name)
    reader = csv.reader(io.StringIO(text), dialect)
    for r_index, row in enumerate(reader, start=1):
        out.rows.append(Row([Cell(clean_text(v)) for v in row], f"row {r_index}"))
    return [out]


# -- Markdown -------------------------------------------------------------------------------------

_SEPARATOR = re.compile(r"^\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?\s*$")
_BREAKS = re.compile(r"<\s*(br|/p|/li|/ul|/ol|/div|/tr)\s*/?\s*>", re.I)
_OPEN_ITEM = re.compile(r"<\s*li[^>]*>", re.I)
_TAGS = re.compile(r"<[^>]+>")


def markdown_cell(text: str) -> str:
    """A Markdown table cell's text: HTML breaks and list items become lines, bullets "• "."""
    text = text.replace("\\|", "|")
    text = _OPEN_ITEM.sub("\n" + BULLET, text)
    text = _BREAKS.sub("\n", text)
    text = re.sub(r"<\s*(p|ul|ol)[^>]*>", "\n", text, flags=re.I)
    text = _TAGS.sub("", text)
    text = html.unescape(text)
    text = re.sub(r"\s*•\s*", "\n" + BULLET, text)
    text = re.sub(r"\*\*(.+?)\*\*|__(.+?)__", lambda m: m.group(1) or m.group(2), text)
    return clean_text(text)


def _split_row(line: str) -> list[str]:
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    return re.split(r"(?<!\\)\|", body)


def read_markdown(data: bytes, name: str) -> list[Table]:
    text = data.decode("utf-8-sig", errors="replace")
    tables: list[Table] = []
    current: Table | None = None
    pending: tuple[int, str] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped.startswith("|"):
            current, pending = None, None
            continue
        if _SEPARATOR.match(stripped):
            if pending is not None:
                current = Table(f"{name} table {len(tables) + 1}")
                tables.append(current)
                p_line, p_text = pending
                current.rows.append(Row([Cell(markdown_cell(c)) for c in _split_row(p_text)], f"line {p_line}"))
                pending = None
            continue
        if current is None:
            pending = (number, stripped)
            continue
        current.rows.append(Row([Cell(markdown_cell(c)) for c in _split_row(stripped)], f"line {number}"))
    return tables


READERS = {".docx": read_docx, ".xlsx": read_xlsx, ".xlsm": read_xlsx, ".csv": read_csv, ".tsv": read_csv,
           ".txt": read_csv, ".md": read_markdown, ".markdown": read_markdown}


def read_tables(data: bytes, name: str) -> list[Table]:
    suffix = Path(name).suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        raise UnreadableFile(
            f"{name}: use a Word document (.docx), an Excel workbook (.xlsx), a CSV file (.csv) or a Markdown "
            f"table (.md). Older .doc and .xls files: open them and save as .docx or .xlsx first.")
    return reader(data, name)
