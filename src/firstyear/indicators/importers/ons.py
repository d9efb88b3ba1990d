"""ONS deaths and births workbooks -> infant, neonatal and post-neonatal mortality observations.

``firstyear import ons`` takes the deaths and births workbooks of several years in one run:

- ``infant-mortality-annual``: each calendar year with both workbooks: infant deaths over live
  births, with the rate ONS published for that row kept as the published value;
- ``infant-mortality``, ``neonatal-mortality``, ``post-neonatal-mortality``: every run of three
  consecutive years present for an area (post-neonatal deaths = infant minus neonatal).

Not imported, because the workbooks do not hold them honestly: stillbirths by area (only
perinatal deaths, stillbirths plus deaths under one week, are given) and low birth weight counts
(only a rounded percentage under 2.5 kg is published; counts are not reconstructed from it).
"""

from __future__ import annotations

from pathlib import Path

from firstyear.indicators.importers.base import (
    ObservationRow,
    ReadContext,
    parse_number,
    whole_number,
)
from firstyear.indicators.importers.ons_names import OnsNameIndex
from firstyear.indicators.importers.ons_tables import Table, TableError, read_table
from firstyear.indicators.importers.pooling import Figures, Pooled, pool
from firstyear.indicators.periods import calendar_year, pooled_calendar_years, pooled_windows

NIL = "-"  # ONS writes a dash for none
NOT_PUBLISHED = {"", ":", "*", "..", "x", "z"}
AREA_COLUMN = "Area of usual residence"
COUNT_MEASURES = {"deaths": ("infant_deaths", "neonatal_deaths"), "births": ("live_births",)}
RATE_MEASURES = ("imr", "nmr")
NOT_AREAS = "ONS rows that are not firstyear areas (metropolitan counties, Inner and Outer London)"
NOT_HELD = (
    "Not imported from these workbooks: stillbirth-rate (they give perinatal deaths, i.e. stillbirths "
    "plus deaths under one week, not stillbirths by area) and low-birth-weight-all (the births "
    "workbooks publish only a rounded percentage under 2.5 kg, and counts are not rebuilt from it)."
)


def _count(value) -> int | None:
    """A published count: '-' is none (0), ':' '*' '..' or blank are not published (None)."""
    if isinstance(value, str):
        text = value.strip()
        if text == NIL:
            return 0
        if text.lower() in NOT_PUBLISHED:
            return None
    number = parse_number(value)  # ValueError for anything else
    if number is None:
        return None
    if number < 0:
        raise ValueError("a count cannot be negative")
    whole = whole_number(number)
    if whole is None:
        raise ValueError("a count must be a whole number")
    return whole


def _rate(value) -> float | None:
    if isinstance(value, str) and value.strip().lower() in NOT_PUBLISHED | {NIL}:
        return None
    return parse_number(value)


class _Collector:
    """Figures from every table, keyed by measure, year and unit (set of area codes)."""

    def __init__(self, ctx: ReadContext):
        self.ctx = ctx
        self.names = OnsNameIndex()
        self.figures: Figures = {m: {} for ms in COUNT_MEASURES.values() for m in ms}
        self.rates: dict[str, dict[int, dict[frozenset, float | None]]] = {m: {} for m in RATE_MEASURES}
        self.sources: dict[tuple[int, frozenset], tuple[str, int]] = {}  # (file, row) of each figure
        self.primary: dict[str, str] = {}  # a combined row's other codes -> its main code
        self.not_areas = 0

    def _codes(self, table: Table, row) -> tuple[str, ...] | None:
        name = table.path.name
        if row.codes:
            codes = tuple(row.codes)
        else:
            match = self.names.match(row.name, table.year)
            if match is None:
                self.ctx.problem(name, row.row, AREA_COLUMN, row.name,
                                 f"no firstyear area has this name in {table.year}; add it to "
                                 "firstyear/indicators/importers/ons_names.csv if ONS renamed it")
                return None
            codes = match.codes
        if not codes or not all(self.ctx.areas.tracked(c) for c in codes):
            self.not_areas += 1
            return None
        current = tuple(self.ctx.areas.current_code(c) for c in codes)
        unknown = [c for c in current if not self.ctx.areas.knows(c)]
        if unknown:
            self.ctx.problem(name, row.row, AREA_COLUMN, ", ".join(unknown),
                             "unknown area code (run `firstyear init` to load the reference areas)")
            return None
        for other in current[1:]:
            self.primary.setdefault(other, current[0])
        return current

    def add(self, table: Table) -> None:
        name = table.path.name
        for row in self.ctx.progress(table.rows, desc=name):
            self.ctx.rows_read += 1
            codes = self._codes(table, row)
            if codes is None:
                continue
            unit = frozenset(codes)
            values, bad = {}, False
            for measure, raw in row.values.items():
                try:
                    values[measure] = _rate(raw) if measure in RATE_MEASURES else _count(raw)
                except ValueError as exc:
                    reason = str(exc) if "count" in str(exc) else "not a number"
                    self.ctx.problem(name, row.row, table.columns[measure], raw, reason)
                    bad = True
            if bad:
                continue
            for measure, value in values.items():
                target = self.rates if measure in RATE_MEASURES else self.figures
                by_unit = target[measure].setdefault(table.year, {})
                if unit in by_unit:
                    self.ctx.problem(name, row.row, AREA_COLUMN, row.name,
                                     f"a second row for the same area in {table.year}")
                    break
                by_unit[unit] = value
            self.sources.setdefault((table.year, unit), (name, row.row))


def _tables(paths: list[Path], ctx: ReadContext) -> list[Table]:
    tables, seen = [], {}
    for path in paths:
        try:
            table = read_table(path)
        except TableError as exc:
            ctx.problem(path.name, None, "", "", str(exc))
            continue
        key = (table.kind, table.year)
        if key in seen:
            ctx.problem(path.name, None, "", "", f"a second {table.kind} workbook for {table.year} (also {seen[key]})")
            continue
        seen[key] = path.name
        tables.append(table)
    return tables


def read_all(paths: list[Path], ctx: ReadContext) -> list[ObservationRow]:
    tables = _tables(paths, ctx)
    collector = _Collector(ctx)
    for table in tables:
        collector.add(table)
    if collector.not_areas:
        ctx.skip(NOT_AREAS, collector.not_areas)
    if ctx.problems:
        return []
    years = {k: {t.year for t in tables if t.kind == k} for k in COUNT_MEASURES}
    both = sorted(years["deaths"] & years["births"])
    for kind, other in (("deaths", "births"), ("births", "deaths")):
        alone = sorted(years[kind] - years[other])
        if alone:
            ctx.notes.append(f"No observations for {', '.join(map(str, alone))}: a {kind} workbook "
                             f"without the {other} workbook of the same year.")
    if both:
        ctx.notes.append(NOT_HELD)
    return _observations(collector, both, ctx)


def _main_code(codes: frozenset, primary: dict[str, str]) -> str:
    mains = sorted(c for c in codes if c not in primary)
    return mains[0] if mains else sorted(codes)[0]


def _note(pooled: Pooled, main: str, ctx: ReadContext) -> str:
    others = sorted(pooled.codes - {main})
    if not others:
        return ""
    names = ", ".join(ctx.areas.names.get(c, c) for c in others)
    return f"Includes {names}: ONS publishes their figures combined with {ctx.areas.names.get(main, main)}."


def _observations(collector: _Collector, years: list[int], ctx: ReadContext) -> list[ObservationRow]:
    indicators = ctx.indicators.by_slug
    rows: list[ObservationRow] = []

    def add(slug, pooled, period, count, note, published=None):
        main = _main_code(pooled.codes, collector.primary)
        file, row = collector.sources.get((pooled.years[0], pooled.codes), (f"{slug} {main} {period.label}", None))
        rows.append(ObservationRow(
            indicator=indicators[slug], area_code=main, period=period, count=count,
            denominator=float(pooled.totals["live_births"]), published_value=published, note=note,
            file=file, row=row,
        ))

    unpooled = []
    for year in years:
        for pooled in pool(collector.figures, (year,)):
            if pooled.totals.get("infant_deaths") is None or pooled.totals.get("live_births") is None:
                continue
            note = _note(pooled, _main_code(pooled.codes, collector.primary), ctx)
            exact = pooled.exact["infant_deaths"] and pooled.exact["live_births"]
            published = collector.rates["imr"].get(year, {}).get(pooled.codes) if exact else None
            if not exact and pooled.codes in collector.rates["imr"].get(year, {}):
                note += " ONS's published rate covers a different set of areas, so it is not kept."
            add("infant-mortality-annual", pooled, calendar_year(year), pooled.totals["infant_deaths"],
                note.strip(), published)
    for window in pooled_windows(years):
        period = pooled_calendar_years(window[0])
        for pooled in pool(collector.figures, window):
            births = pooled.totals.get("live_births")
            infant, neonatal = pooled.totals.get("infant_deaths"), pooled.totals.get("neonatal_deaths")
            if births is None or infant is None:
                unpooled.append(f"{'/'.join(sorted(pooled.codes))} {period.label}")
                continue
            note = _note(pooled, _main_code(pooled.codes, collector.primary), ctx)
            add("infant-mortality", pooled, period, infant, note)
            if neonatal is not None:
                add("neonatal-mortality", pooled, period, neonatal, note)
                add("post-neonatal-mortality", pooled, period, infant - neonatal, note)
    if unpooled:
        ctx.notes.append(f"Not pooled (an area missing from one of the three years): {', '.join(unpooled)}.")
    return rows
