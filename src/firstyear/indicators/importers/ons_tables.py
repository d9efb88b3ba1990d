"""Read the English rows of ONS "Deaths registered by area of usual residence" (table 1a) and
"Births by area of usual residence" (table 1 / 1a) workbooks, 2010 onwards.

Layouts differ by year: header rows move, area codes appear only in later births workbooks,
names carry footnote markers ("ENGLAND AND WALES3", "UNITED KINGDOMP", "Northumberland UA 5").
So columns are found by their header text, and rows are read in order, keeping track of the
section (outside England, England, then Wales and beyond) and skipping the "Former districts
of:" blocks (pre-2009 districts shown under their new unitary authority in 2010).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import xlrd

GSS = re.compile(r"^[EWSNKJ]\d{8}$")
FOOTNOTE_TAIL = re.compile(r"[\s\d,]+$")
HEADER_ROWS = 14  # the column headings are always within the first rows
TITLE = re.compile(r"(deaths|births).*?\b(20\d\d)\b", re.IGNORECASE | re.DOTALL)
FILENAME = re.compile(r"(deaths|births)_(20\d\d)", re.IGNORECASE)

# Column headings (all the heading cells above a column, lower-cased, joined) -> measure.
DEATHS_COLUMNS = {
    "infant_deaths": lambda h: "infant" in h and "under 1 year" in h and "rate" not in h,
    "neonatal_deaths": lambda h: "neonatal" in h and "under 4 weeks" in h and "mortality" not in h,
    "imr": lambda h: "infant mortality" in h,
    "nmr": lambda h: "neonatal mortality" in h,
}
BIRTHS_COLUMNS = {
    "live_births": lambda h: "live births" in h and "total" in h and "rate" not in h and "percentage" not in h,
}


class TableError(ValueError):
    """The workbook is not one this reader understands; the message says what was expected."""


@dataclass
class TableRow:
    row: int  # 1-based, as a spreadsheet shows it
    name: str
    codes: list[str]
    values: dict[str, object] = field(default_factory=dict)


@dataclass
class Table:
    path: Path
    kind: str  # "deaths" or "births"
    year: int
    sheet: str
    columns: dict[str, str]  # measure -> heading text, for messages
    rows: list[TableRow]


def clean_name(text: str) -> str:
    """The area name without footnote markers or padding."""
    text = str(text).replace("\u201a", ",").replace("\xad", "-").replace("\u00a0", " ").strip()
    return FOOTNOTE_TAIL.sub("", text).strip()


def _section(name: str) -> str | None:
    """'england', 'beyond' (Wales, Scotland...) or 'outside' (UK/E&W totals) for a heading row."""
    upper = re.sub(r"\s+", " ", name.upper()).strip()
    upper = re.sub(r"(KINGDOM|IRELAND)P$", r"\1", upper)  # "P": provisional
    if upper == "ENGLAND":
        return "england"
    if upper in {"WALES", "SCOTLAND", "NORTHERN IRELAND", "OUTSIDE ENGLAND AND WALES"}:
        return "beyond"
    if upper.startswith(("UNITED KINGDOM", "ENGLAND AND WALES", "ENGLAND, WALES")):
        return "outside"
    return None


def _kind_and_year(path: Path, book) -> tuple[str, int]:
    for sheet in book.sheets()[:6]:
        for r in range(min(sheet.nrows, 6)):
            text = " ".join(str(v) for v in sheet.row_values(r))
            if "Table 1" in text and (m := TITLE.search(text)):
                return m[1].lower(), int(m[2])
    if m := FILENAME.search(path.name):
        return m[1].lower(), int(m[2])
    raise TableError("cannot tell whether this is a births or a deaths workbook, or its year: "
                     "expected a 'Table 1' title naming them, or a file name like ..._deaths_2014.xls")


def _sheet(book, kind: str):
    names = [s.name for s in book.sheets()]
    for wanted in ("Table 1a", "Table 1"):
        if wanted in names:
            return book.sheet_by_name(wanted)
    raise TableError(f"no 'Table 1a' or 'Table 1' sheet in this {kind} workbook (sheets: {', '.join(names)})")


def _first_data_row(sheet) -> tuple[int, int]:
    """(row, name column) of the UNITED KINGDOM row that starts the data."""
    for r in range(min(sheet.nrows, 40)):
        for c in range(min(sheet.ncols, 3)):
            if str(sheet.cell_value(r, c)).strip().upper().startswith("UNITED KINGDOM"):
                return r, c
    raise TableError("no 'UNITED KINGDOM' row near the top of the table, where the data start")


def _find_columns(sheet, first_row: int, rules: dict) -> tuple[dict[str, int], dict[str, str]]:
    headings = {
        c: " ".join(str(sheet.cell_value(r, c)).replace("\xad", "-").replace("\u201a", ",").strip()
                    for r in range(max(0, first_row - HEADER_ROWS), first_row)).lower()
        for c in range(sheet.ncols)
    }
    found, text = {}, {}
    for measure, rule in rules.items():
        matches = [c for c, h in headings.items() if rule(h)]
        if not matches:
            raise TableError(f"no column for {measure.replace('_', ' ')} found by its heading")
        found[measure] = matches[0]
        text[measure] = re.sub(r"\s+", " ", headings[matches[0]]).strip()
    return found, text


def read_table(path: Path, extra_columns: dict | None = None) -> Table:
    """The English rows of the workbook at ``path``; ``extra_columns`` adds measures to read
    (name -> rule on the lower-cased heading text), e.g. the population column."""
    try:
        book = xlrd.open_workbook(str(path), on_demand=True)
    except xlrd.XLRDError as exc:
        raise TableError(f"not an Excel .xls workbook xlrd can read ({exc})") from None
    try:
        kind, year = _kind_and_year(path, book)
        sheet = _sheet(book, kind)
        first, name_col = _first_data_row(sheet)
        rules = dict(DEATHS_COLUMNS if kind == "deaths" else BIRTHS_COLUMNS, **(extra_columns or {}))
        columns, headings = _find_columns(sheet, first, rules)
        rows, section, in_former = [], "outside", False
        for r in range(first, sheet.nrows):
            values = sheet.row_values(r)
            name = clean_name(values[name_col])
            if not name:
                in_former = False  # a blank row ends a "Former districts of:" block
                continue
            if name.lower().startswith(("former district", "source:")):
                in_former = name.lower().startswith("former district")
                continue
            heading = _section(name)
            if heading:
                section = heading
                if section == "england":
                    rows.append(TableRow(r + 1, name, ["E92000001"], {m: values[c] for m, c in columns.items()}))
                continue
            if section != "england" or in_former:
                continue
            code_cell = str(values[name_col - 1]).strip() if name_col > 0 else ""
            codes = [c.strip() for c in code_cell.split(",") if GSS.match(c.strip())]
            rows.append(TableRow(r + 1, name, codes, {m: values[c] for m, c in columns.items()}))
        return Table(path, kind, year, sheet.name, headings, rows)
    finally:
        book.release_resources()
