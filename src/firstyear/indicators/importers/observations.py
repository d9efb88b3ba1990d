"""The tidy observations format (CSV or XLSX): one row per area, indicator, period and breakdown.

Required columns: ``area_code, indicator, period, breakdown, count, denominator``.
Optional: ``sex`` (default: the indicator's standard sex), ``age``, ``value`` (the score of a score indicator, or the
published figure of any other), ``lower95``, ``upper95`` (a published interval), ``synthetic``
(true/false), ``note``. Lines starting with ``#`` above the header are comments.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from firstyear.indicators.importers.base import (
    ObservationRow,
    ReadContext,
    parse_number,
    whole_number,
)
from firstyear.indicators.models import ValueType
from firstyear.indicators.periods import PeriodError, parse_period

REQUIRED = ("area_code", "indicator", "period", "breakdown", "count", "denominator")
OPTIONAL = ("sex", "age", "value", "lower95", "upper95", "synthetic", "note")
TRUE, FALSE = {"true", "yes", "y", "1"}, {"false", "no", "n", "0", ""}
NOTE_MAX = 300


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _csv_lines(path: Path) -> list[tuple[int, list[str]]]:
    """(line number, cells) of every record after the leading ``#`` comment lines."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        lines = handle.read().splitlines(keepends=True)
    skip = 0
    while skip < len(lines) and (lines[skip].startswith("#") or not lines[skip].strip()):
        skip += 1
    reader = csv.reader(io.StringIO("".join(lines[skip:])))
    return [(reader.line_num + skip, cells) for cells in reader]


def _xlsx_lines(path: Path) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book["observations"] if "observations" in book.sheetnames else book.worksheets[0]
        lines, started = [], False
        for n, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_cell(v) for v in values]
            if not started and (not any(cells) or cells[0].startswith("#")):
                continue
            started = True
            lines.append((n, cells))
        return lines
    finally:
        book.close()


def read(path: Path, ctx: ReadContext) -> list[ObservationRow]:
    name = path.name
    try:
        lines = _xlsx_lines(path) if path.suffix.lower() in {".xlsx", ".xlsm"} else _csv_lines(path)
    except (UnicodeDecodeError, csv.Error, OSError, ValueError) as exc:
        ctx.problem(name, None, "", "", f"cannot read this file as {'XLSX' if path.suffix.lower() == '.xlsx' else 'CSV'}: {exc}")
        return []
    if not lines:
        ctx.problem(name, None, "", "", "the file is empty")
        return []
    header_no, header = lines[0]
    header = [h.strip().lower() for h in header]
    missing = [c for c in REQUIRED if c not in header]
    for column in missing:
        ctx.problem(name, header_no, column, "", "required column missing (the header must name "
                    f"{', '.join(REQUIRED)})")
    if missing:
        return []
    index = {c: header.index(c) for c in REQUIRED + OPTIONAL if c in header}
    rows = []
    for line_no, cells in ctx.progress(lines[1:], desc=name):
        if not any(c.strip() for c in cells):
            continue
        ctx.rows_read += 1
        get = {c: (cells[i].strip() if i < len(cells) else "") for c, i in index.items()}
        row = _row(get, name, line_no, ctx)
        if row is not None:
            rows.append(row)
    return rows


def _row(get: dict, name: str, line_no: int, ctx: ReadContext) -> ObservationRow | None:
    before = len(ctx.problems)

    def problem(column, reason):
        ctx.problem(name, line_no, column, get.get(column, ""), reason)

    code = ctx.areas.current_code(get["area_code"].upper())
    if not get["area_code"]:
        problem("area_code", "an area code is required")
    elif not ctx.areas.knows(code):
        problem("area_code", "unknown area code (see `firstyear areas list`)")
    indicator = ctx.indicators.find(get["indicator"])
    if indicator is None:
        problem("indicator", "not a catalogue indicator: give its slug (e.g. infant-mortality) or Fingertips id")
    period = None
    if indicator is not None:
        try:
            period = parse_period(get["period"], expected_type=indicator.period_type)
        except PeriodError as exc:
            problem("period", str(exc))
    category_type, category = "", ""
    if get["breakdown"]:
        category_type, sep, category = (part.strip() for part in get["breakdown"].partition(":"))
        if not sep or not category_type or not category:
            problem("breakdown", "write a breakdown as 'Category type: Category', e.g. "
                    "'Deprivation quintile: Most deprived 20%', or leave it empty")

    numbers = {}
    for column in ("count", "denominator", "value", "lower95", "upper95"):
        try:
            numbers[column] = parse_number(get.get(column, ""))
        except ValueError:
            problem(column, "not a number")
    count, denominator = numbers.get("count"), numbers.get("denominator")
    if count is not None and count < 0:
        problem("count", "a count cannot be negative")
    elif count is not None and whole_number(count) is None:
        problem("count", "a count must be a whole number")
    if denominator is not None and denominator < 0:
        problem("denominator", "a denominator cannot be negative")
    if indicator is not None and not problem_count_since(ctx, before):
        value_type = indicator.value_type
        if count is None and denominator is None and numbers.get("value") is None:
            problem("count", "a row needs a count and denominator, or a value")
        elif count is not None and denominator is None and value_type != ValueType.COUNT:
            problem("denominator", f"a count needs a denominator for {indicator.slug}")
        elif value_type == ValueType.PROPORTION and count is not None and denominator is not None and count > denominator:
            problem("count", f"the count is larger than the denominator ({denominator:g}) of a proportion")
    synthetic = get.get("synthetic", "").lower()
    if synthetic not in TRUE | FALSE:
        problem("synthetic", "use true or false")
    if len(get.get("note", "")) > NOTE_MAX:
        problem("note", f"a note can be at most {NOTE_MAX} characters")
    if problem_count_since(ctx, before):
        return None
    value = numbers.get("value")
    score = indicator.value_type == ValueType.SCORE
    return ObservationRow(
        indicator=indicator, area_code=code, period=period,
        sex=get.get("sex") or "", age=get.get("age", ""),
        category_type=category_type, category=category,
        count=whole_number(count) if count is not None else None, denominator=denominator,
        raw_value=value if score else None, published_value=value,
        published_lower95=numbers.get("lower95"), published_upper95=numbers.get("upper95"),
        note=get.get("note", ""), synthetic=synthetic in TRUE, file=name, row=line_no,
    )


def problem_count_since(ctx: ReadContext, before: int) -> int:
    return len(ctx.problems) - before


def read_all(paths: list[Path], ctx: ReadContext) -> list[ObservationRow]:
    return [row for path in paths for row in read(path, ctx)]
