"""Formatting figures in templates: one place for decimals, thousands separators and intervals."""

from __future__ import annotations

import math

from django import template

from firstyear.indicators.wording import format_number, period_in_prose

register = template.Library()


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


@register.filter
def num(value, decimals=1):
    """12345.678|num:1 -> "12,345.7"; missing -> "–"."""
    return "–" if _missing(value) else format_number(float(value), int(decimals))


@register.filter
def count(value):
    """Whole numbers with separators; denominators may be stored as floats."""
    return "–" if _missing(value) else f"{round(float(value)):,}"


@register.simple_tag
def interval(lower, upper, decimals=1):
    if _missing(lower) or _missing(upper):
        return ""
    return f"{format_number(lower, int(decimals))} to {format_number(upper, int(decimals))}"


@register.filter
def prose_period(label):
    return period_in_prose(str(label))
