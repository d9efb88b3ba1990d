"""Checks on case data shared by forms, actions and the importer (plain functions, no database)."""

from __future__ import annotations

import datetime as dt
import re

NHS_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)
LSOA = re.compile(r"^E01\d{6}$")
GSS = re.compile(r"^E\d{8}$")
POSTCODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$")


def normalise_nhs_number(text: str) -> str:
    return re.sub(r"[\s-]", "", text or "")


def nhs_number_problem(text: str) -> str:
    """Why ``text`` is not a valid NHS number, or "" if it is (10 digits, Modulus 11 check).

    The check digit is 11 - (sum of the first nine digits x weights 10..2) mod 11; 11 becomes 0
    and 10 means the number is invalid (NHS Data Dictionary, "NHS number").
    """
    digits = normalise_nhs_number(text)
    if not digits.isdigit() or len(digits) != 10:
        return "an NHS number has 10 digits"
    total = sum(int(d) * w for d, w in zip(digits[:9], NHS_WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10 or check != int(digits[9]):
        return "not a valid NHS number: the check digit (Modulus 11) does not match"
    return ""


def with_check_digit(nine: str) -> str | None:
    """The valid NHS number starting with these nine digits, or None when none exists (check 10)."""
    total = sum(int(d) * w for d, w in zip(nine, NHS_WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 10:
        return None
    return nine + str(0 if check == 11 else check)


def age_in_days(born: dt.date, died: dt.date) -> int:
    return (died - born).days


def age_band(days: int) -> str:
    """The annual report's age bands: under 28 days, 28-364 days, then years 1-4, 5-9, 10-14, 15-17."""
    if days < 28:
        return "neonatal"
    if days < 365:
        return "post_neonatal"
    years = days / 365.25
    if years < 5:
        return "1_4"
    if years < 10:
        return "5_9"
    if years < 15:
        return "10_14"
    return "15_17"


AGE_BANDS = [
    ("neonatal", "Under 28 days"),
    ("post_neonatal", "28 to 364 days"),
    ("1_4", "1 to 4 years"),
    ("5_9", "5 to 9 years"),
    ("10_14", "10 to 14 years"),
    ("15_17", "15 to 17 years"),
]


def financial_year(day: dt.date) -> str:
    """``2014/15`` for any date from 1 April 2014 to 31 March 2015."""
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}/{str(start + 1)[-2:]}"


def financial_year_bounds(label: str) -> tuple[dt.date, dt.date]:
    match = re.fullmatch(r"(\d{4})/(\d{2})", label.strip())
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        raise ValueError(f"{label!r} is not a financial year: write it as 2014/15")
    start = int(match.group(1))
    return dt.date(start, 4, 1), dt.date(start + 1, 3, 31)


def previous_financial_year(label: str) -> str:
    start, _ = financial_year_bounds(label)
    return financial_year(dt.date(start.year - 1, 6, 1))


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    import calendar

    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
