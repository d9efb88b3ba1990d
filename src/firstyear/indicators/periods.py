"""Time periods as Fingertips labels them: ``2014``, ``2014/15``, ``2014 - 16``, ``2014/15 - 16/17``.

A label parses to a :class:`PeriodSpec` (type, canonical label, first and last day); specs become
:class:`~firstyear.indicators.models.Period` rows through :func:`ensure_periods`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from firstyear.indicators.models import Period, PeriodType

POOL_YEARS = 3
_CALENDAR = re.compile(r"^(\d{4})$")
_FINANCIAL = re.compile(r"^(\d{4})\s*/\s*(\d{2}|\d{4})$")
_POOLED_CALENDAR = re.compile(r"^(\d{4})\s*-\s*(\d{2}|\d{4})$")
_POOLED_FINANCIAL = re.compile(r"^(\d{4})\s*/\s*(\d{2})\s*-\s*(\d{2})\s*/\s*(\d{2})$")


class PeriodError(ValueError):
    """A label that is not a period firstyear understands; the message says what would be."""


@dataclass(frozen=True, order=True)
class PeriodSpec:
    start: dt.date
    end: dt.date
    period_type: str
    label: str

    @property
    def key(self) -> tuple[str, str]:
        return (self.period_type, self.label)

    @property
    def first_year(self) -> int:
        return self.start.year


def _two_digits(year: int) -> str:
    return f"{year % 100:02d}"


def _follows(first: int, text: str, gap: int) -> bool:
    """Does the year written as ``text`` (2 or 4 digits) come ``gap`` years after ``first``?"""
    target = first + gap
    return int(text) == target if len(text) == 4 else text == _two_digits(target)


def calendar_year(year: int) -> PeriodSpec:
    return PeriodSpec(dt.date(year, 1, 1), dt.date(year, 12, 31), PeriodType.CALENDAR_YEAR, str(year))


def financial_year(year: int) -> PeriodSpec:
    """The financial year starting 1 April ``year``."""
    return PeriodSpec(
        dt.date(year, 4, 1), dt.date(year + 1, 3, 31), PeriodType.FINANCIAL_YEAR,
        f"{year}/{_two_digits(year + 1)}",
    )


def pooled_calendar_years(first: int, length: int = POOL_YEARS) -> PeriodSpec:
    last = first + length - 1
    return PeriodSpec(
        dt.date(first, 1, 1), dt.date(last, 12, 31), PeriodType.POOLED_3_CALENDAR_YEARS,
        f"{first} - {_two_digits(last)}",
    )


def pooled_financial_years(first: int, length: int = POOL_YEARS) -> PeriodSpec:
    last = first + length - 1
    return PeriodSpec(
        dt.date(first, 4, 1), dt.date(last + 1, 3, 31), PeriodType.POOLED_3_FINANCIAL_YEARS,
        f"{first}/{_two_digits(first + 1)} - {_two_digits(last)}/{_two_digits(last + 1)}",
    )


BUILDERS = {
    PeriodType.CALENDAR_YEAR: calendar_year,
    PeriodType.FINANCIAL_YEAR: financial_year,
    PeriodType.POOLED_3_CALENDAR_YEARS: pooled_calendar_years,
    PeriodType.POOLED_3_FINANCIAL_YEARS: pooled_financial_years,
}


def period_starting(period_type: str, first_year: int) -> PeriodSpec:
    """The period of ``period_type`` whose first (or only) year is ``first_year``."""
    return BUILDERS[period_type](first_year)


def parse_period(label: str, expected_type: str | None = None) -> PeriodSpec:
    """Parse a Fingertips period label; raise :class:`PeriodError` saying why not.

    ``expected_type`` (an indicator's period type) rejects, say, ``2014`` for a pooled indicator.
    """
    text = str(label).strip()
    spec = None
    if m := _CALENDAR.match(text):
        spec = calendar_year(int(m[1]))
    elif m := _FINANCIAL.match(text):
        if not _follows(int(m[1]), m[2], 1):
            raise PeriodError(f"{text!r}: a financial year runs into the next year, e.g. {m[1]}/{_two_digits(int(m[1]) + 1)}")
        spec = financial_year(int(m[1]))
    elif m := _POOLED_FINANCIAL.match(text):
        first = int(m[1])
        if not (_follows(first, m[2], 1) and _follows(first, m[3], POOL_YEARS - 1) and _follows(first, m[4], POOL_YEARS)):
            raise PeriodError(
                f"{text!r}: firstyear pools {POOL_YEARS} financial years, e.g. {financial_year(first).label} - "
                f"{pooled_financial_years(first).label.split(' - ')[1]}"
            )
        spec = pooled_financial_years(first)
    elif m := _POOLED_CALENDAR.match(text):
        first = int(m[1])
        if not _follows(first, m[2], POOL_YEARS - 1):
            raise PeriodError(
                f"{text!r}: firstyear pools {POOL_YEARS} calendar years, e.g. {pooled_calendar_years(first).label}"
            )
        spec = pooled_calendar_years(first)
    if spec is None:
        raise PeriodError(
            f"{text!r} is not a period label: use 2014, 2014/15, 2014 - 16 or 2014/15 - 16/17"
        )
    if expected_type and spec.period_type != expected_type:
        wanted = PeriodType(expected_type).label.lower()
        example = period_starting(expected_type, spec.first_year).label
        raise PeriodError(f"{text!r} is a {PeriodType(spec.period_type).label.lower()}; this indicator uses {wanted} (e.g. {example})")
    return spec


def format_period(period_type: str, first_year: int) -> str:
    return period_starting(period_type, first_year).label


def pooled_windows(years: Iterable[int], length: int = POOL_YEARS) -> list[tuple[int, ...]]:
    """Every run of ``length`` consecutive years that are all present, e.g. 2010-2012, 2011-2013."""
    present = set(years)
    return [
        tuple(range(first, first + length))
        for first in sorted(present)
        if all(y in present for y in range(first, first + length))
    ]


def ensure_periods(specs: Iterable[PeriodSpec]) -> dict[tuple[str, str], Period]:
    """The Period row for every spec, creating the missing ones in one query."""
    wanted = {s.key: s for s in specs}
    if not wanted:
        return {}
    labels = {label for _, label in wanted}
    found = {(p.period_type, p.label): p for p in Period.objects.filter(label__in=labels)}
    missing = [
        Period(period_type=s.period_type, label=s.label, start=s.start, end=s.end)
        for key, s in wanted.items() if key not in found
    ]
    if missing:
        Period.objects.bulk_create(missing, ignore_conflicts=True)
        found = {(p.period_type, p.label): p for p in Period.objects.filter(label__in=labels)}
    return {key: found[key] for key in wanted}
