"""Fingertips data: the standard 26-column CSV export, and the FingertipsNext extract format.

The format is told by the header. Rows of indicators not in the catalogue, or of areas firstyear
does not hold (GP practices, CCGs, ICBs...), are skipped and counted; an unknown English local
authority, region or country code is an error.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from firstyear.indicators.importers.base import (
    ObservationRow,
    ReadContext,
    parse_number,
    whole_number,
)
from firstyear.indicators.models import PeriodType, ValueType
from firstyear.indicators.periods import PeriodError, parse_period, period_starting

STANDARD = {
    "indicator": "Indicator ID", "area": "Area Code", "sex": "Sex", "age": "Age",
    "category_type": "Category Type", "category": "Category", "period": "Time period",
    "value": "Value", "lower95": "Lower CI 95.0 limit", "upper95": "Upper CI 95.0 limit",
    "lower998": "Lower CI 99.8 limit", "upper998": "Upper CI 99.8 limit",
    "count": "Count", "denominator": "Denominator", "note": "Value note",
}
STANDARD_OPTIONAL = {"lower95", "upper95", "lower998", "upper998", "note"}
NEXT = {
    "indicator": "IndicatorId", "area": "AreaCode", "sex": "Sex", "age": "Age",
    "category_type": "CategoryType", "category": "Category", "period": "Year",
    "value": "Value", "lower95": "LowerCI", "upper95": "UpperCI",
    "count": "Count", "denominator": "Denominator",
}
NEXT_OPTIONAL = {"lower95", "upper95", "category_type", "category"}
NUMBERS = ("value", "lower95", "upper95", "lower998", "upper998", "count", "denominator")
POOLED = {PeriodType.POOLED_3_CALENDAR_YEARS, PeriodType.POOLED_3_FINANCIAL_YEARS}
UNTRACKED = object()  # a row for an area type firstyear does not hold
FRACTIONAL_NOTE = (
    "Count {count:g} is not a whole number (Fingertips apportions some district counts from larger "
    "areas), so no count is stored; the published value and interval are kept."
)


def _layout(header: list[str]) -> tuple[str, dict[str, str], set[str]] | None:
    names = set(header)
    if "Indicator ID" in names:
        return "standard", STANDARD, STANDARD_OPTIONAL
    if {"IndicatorId", "AreaCode", "Year"} <= names:
        return "FingertipsNext", NEXT, NEXT_OPTIONAL
    return None


def read(path: Path, ctx: ReadContext) -> list[ObservationRow]:
    name = path.name
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = [h.strip() for h in next(reader, [])]
        layout = _layout(header)
        if layout is None:
            ctx.problem(name, 1, "", ", ".join(header[:4]),
                        "not a Fingertips export: expected the columns 'Indicator ID', 'Area Code', "
                        "'Time period'... of a Fingertips download, or 'IndicatorId', 'AreaCode', "
                        "'Year'... of a FingertipsNext extract")
            return []
        fmt, columns, optional = layout
        missing = [col for key, col in columns.items() if key not in optional and col not in header]
        for col in missing:
            ctx.problem(name, 1, col, "", f"required column missing from this {fmt} file")
        if missing:
            return []
        index = {key: header.index(col) for key, col in columns.items() if col in header}
        lines = list(reader)
    rows: list[ObservationRow] = []
    not_in_catalogue: Counter = Counter()
    untracked = 0
    for line_no, cells in enumerate(ctx.progress(lines, desc=name), start=2):
        if not any(c.strip() for c in cells):
            continue
        ctx.rows_read += 1
        get = {key: (cells[i].strip() if i < len(cells) else "") for key, i in index.items()}
        row = _row(get, fmt, name, line_no, ctx, not_in_catalogue)
        if row is UNTRACKED:
            untracked += 1
        elif row is not None:
            rows.append(row)
    if not_in_catalogue:
        ids = ", ".join(sorted(not_in_catalogue, key=lambda x: (len(x), x)))
        ctx.skip(f"{name}: indicators not in the firstyear catalogue ({ids})", sum(not_in_catalogue.values()))
    if untracked:
        ctx.skip(f"{name}: areas firstyear does not hold (GP practices, PCNs, CCGs, ICBs, other countries)",
                 untracked)
    return rows


def _row(get: dict, fmt: str, name: str, line_no: int, ctx: ReadContext, not_in_catalogue: Counter):
    columns = STANDARD if fmt == "standard" else NEXT
    bad = len(ctx.problems)

    def problem(key, reason):
        ctx.problem(name, line_no, columns[key], get.get(key, ""), reason)

    indicator_id = get["indicator"]
    if not indicator_id.isdigit():
        problem("indicator", "not a Fingertips indicator id (a whole number)")
        return None
    indicator = ctx.indicators.find(indicator_id)
    if indicator is None:
        not_in_catalogue[indicator_id] += 1
        return None
    code = get["area"].upper()
    if not ctx.areas.tracked(code):
        return UNTRACKED
    current = ctx.areas.current_code(code)
    if not ctx.areas.knows(current):
        problem("area", "unknown area code: not England, a region or a local authority in firstyear's "
                "reference areas (run `firstyear init` to load them)")

    period = None
    try:
        if fmt == "standard":
            period = parse_period(get["period"], expected_type=indicator.period_type)
        elif indicator.period_type in POOLED:
            problem("period", "a FingertipsNext extract gives one year per row, which cannot say which "
                    f"years the pooled indicator {indicator.slug} covers; use a Fingertips CSV download")
        else:
            period = period_starting(indicator.period_type, int(get["period"]))
    except PeriodError as exc:
        problem("period", str(exc))
    except ValueError:
        problem("period", "not a year")

    numbers = {}
    for key in NUMBERS:
        if key in get:
            try:
                numbers[key] = parse_number(get[key])
            except ValueError:
                problem(key, "not a number")
    for key in ("count", "denominator"):
        if (numbers.get(key) or 0) < 0:
            problem(key, f"a {key} cannot be negative")
    if len(ctx.problems) > bad:
        return None

    notes = [get.get("note", "")]
    count = numbers.get("count")
    if count is not None and whole_number(count) is None:
        notes.append(FRACTIONAL_NOTE.format(count=count))
    value = numbers.get("value")
    return ObservationRow(
        indicator=indicator,
        area_code=current,
        period=period,
        sex=get["sex"],
        age=get["age"],
        category_type=get.get("category_type", "").strip('"').strip(),
        category=get.get("category", "").strip('"').strip(),
        count=whole_number(count) if count is not None else None,
        denominator=numbers.get("denominator"),
        raw_value=value if indicator.value_type == ValueType.SCORE else None,
        published_value=value,
        published_lower95=numbers.get("lower95"),
        published_upper95=numbers.get("upper95"),
        published_lower998=numbers.get("lower998"),
        published_upper998=numbers.get("upper998"),
        note="; ".join(n for n in notes if n)[:300],
        file=name,
        row=line_no,
    )


def read_all(paths: list[Path], ctx: ReadContext) -> list[ObservationRow]:
    return [row for path in paths for row in read(path, ctx)]
