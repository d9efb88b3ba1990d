"""Dates as plans write them: "Nov-16", "Complete by June 2017", "01/02/2018", "Ongoing", "TBC".

A :class:`PlanDate` is a date with a precision (a day or a month) or words with no date. The
original words are always kept, so "Complete by June 2017" reads as written while still sorting
and falling due as June 2017.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.db import models


class Precision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"


class DateKind(models.TextChoices):
    NONE = "", "Not given"
    DATE = "date", "Date"
    ONGOING = "ongoing", "Ongoing"
    REVIEW = "review", "Kept under review"
    TBC = "tbc", "To be confirmed"
    NOT_APPLICABLE = "na", "Not applicable"
    TEXT = "text", "Words only"


MONTHS = {name.lower(): n for n, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): n for n, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})\b")
_ISO_DAY = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_ISO_MONTH = re.compile(r"\b(\d{4})-(\d{2})\b")
_DAY_NAME_YEAR = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}\.?,?\s+(\d{{4}})\b", re.I)
_NAME_YEAR = re.compile(rf"\b{_MONTH}\.?[\s\-/']*'?(\d{{4}}|\d{{2}})\b", re.I)
_ONGOING = re.compile(r"\bon\s*-?\s*going\b|\bcontinuous\b|\bembedded\b", re.I)
_REVIEW = re.compile(r"\breview(?:ed)?\s+(quarterly|monthly|annually|regularly|yearly|six[- ]monthly)\b|\b(quarterly|annual) review\b", re.I)
_TBC = re.compile(r"^\s*(tbc|tba|tbd|to be (confirmed|agreed|decided))\.?\s*$", re.I)
_NA = re.compile(r"^\s*(n/?a|not applicable|none)\.?\s*$", re.I)


@dataclass(frozen=True)
class PlanDate:
    date: dt.date | None = None
    precision: str = ""
    kind: str = DateKind.NONE
    text: str = ""

    @property
    def by(self) -> dt.date | None:
        """The last day this date covers: the day itself, or the month's last day."""
        if self.date is None:
            return None
        if self.precision == Precision.MONTH:
            last = calendar.monthrange(self.date.year, self.date.month)[1]
            return self.date.replace(day=last)
        return self.date

    def iso(self) -> str:
        """"2016-11" for a month, "2018-02-01" for a day, else the original words."""
        if self.date is None:
            return self.text
        if self.precision == Precision.MONTH:
            return f"{self.date:%Y-%m}"
        return self.date.isoformat()

    def display(self) -> str:
        """As a reader wants it: "November 2016", "1 February 2018", or the words as written."""
        if self.date is None:
            return self.text
        shown = f"{self.date:%B %Y}" if self.precision == Precision.MONTH else f"{self.date.day} {self.date:%B %Y}"
        words = self.text.strip()
        if words and not _is_bare_date(words):
            return f"{shown} ({words})"
        return shown

    def __bool__(self) -> bool:
        return self.kind != DateKind.NONE


def _is_bare_date(words: str) -> bool:
    """True when the words are only the date itself ("Nov-16", "01/02/2018", "2016-11")."""
    stripped = words
    for pattern in (_ISO_DAY, _DAY_MONTH_YEAR, _DAY_NAME_YEAR, _ISO_MONTH, _NAME_YEAR):
        stripped = pattern.sub("", stripped)
    return not re.sub(r"[\s,.\-/']", "", stripped)


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def _safe(year: int, month: int, day: int = 1) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def find_date(text: str) -> tuple[dt.date, str] | None:
    """The first date in ``text`` with its precision, or None. UK order for d/m/y."""
    for pattern, build in (
        (_ISO_DAY, lambda m: (_safe(int(m[1]), int(m[2]), int(m[3])), Precision.DAY)),
        (_DAY_MONTH_YEAR, lambda m: (_safe(_year(m[3]), int(m[2]), int(m[1])), Precision.DAY)),
        (_DAY_NAME_YEAR, lambda m: (_safe(int(m[3]), MONTHS[_month_key(m[2])], int(m[1])), Precision.DAY)),
        (_ISO_MONTH, lambda m: (_safe(int(m[1]), int(m[2])), Precision.MONTH)),
        (_NAME_YEAR, lambda m: (_safe(_year(m[2]), MONTHS[_month_key(m[1])]), Precision.MONTH)),
    ):
        for match in pattern.finditer(text):
            found, precision = build(match)
            if found is not None:
                return found, precision
    return None


def _month_key(word: str) -> str:
    low = word.lower()
    return low if low in MONTHS else low[:3]


def parse_plan_date(value) -> PlanDate:
    """Read a cell: a date or datetime (a spreadsheet date), or text in any of the usual forms."""
    if value is None:
        return PlanDate()
    if isinstance(value, dt.datetime):
        return PlanDate(value.date(), Precision.DAY, DateKind.DATE, "")
    if isinstance(value, dt.date):
        return PlanDate(value, Precision.DAY, DateKind.DATE, "")
    text = " ".join(str(value).split())
    if not text:
        return PlanDate()
    found = find_date(text)
    if found is not None:
        return PlanDate(found[0], found[1], DateKind.DATE, text)
    if _TBC.match(text):
        return PlanDate(kind=DateKind.TBC, text=text)
    if _NA.match(text):
        return PlanDate(kind=DateKind.NOT_APPLICABLE, text=text)
    if _REVIEW.search(text) or re.search(r"\breview\b", text, re.I):
        return PlanDate(kind=DateKind.REVIEW, text=text)
    if _ONGOING.search(text):
        return PlanDate(kind=DateKind.ONGOING, text=text)
    return PlanDate(kind=DateKind.TEXT, text=text)


def month_date(value: dt.date) -> PlanDate:
    return PlanDate(value.replace(day=1), Precision.MONTH, DateKind.DATE, "")


def day_date(value: dt.date) -> PlanDate:
    return PlanDate(value, Precision.DAY, DateKind.DATE, "")
