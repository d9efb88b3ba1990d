"""Plain-English sentences about a figure, for pages, board papers and alt text."""

from __future__ import annotations

import math


def period_in_prose(label: str) -> str:
    """Fingertips writes "2014 - 16"; in a sentence we write "2014-16"."""
    return label.replace(" - ", "-")


def format_number(value: float | None, decimals: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "no value"
    return f"{value:,.{decimals}f}"


def possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def comparison_sentence(
    *,
    area_name: str,
    indicator_name: str,
    value: float | None,
    unit: str,
    period: str,
    benchmark_name: str,
    benchmark_value: float | None,
    comparison: str,
    decimals: int = 1,
) -> str:
    """E.g. "Blackburn with Darwen's infant mortality rate, 5.9 per 1,000 live births in 2014-16,
    is higher than England's (4.0); the difference is statistically significant."

    ``comparison`` is a firstyear.stats label; significance comes from it, direction from the values.
    """
    subject = f"{possessive(area_name)} {indicator_name[0].lower() + indicator_name[1:]}"
    if value is None or math.isnan(value):
        return f"{subject} has no value for {period_in_prose(period)}."
    unit_text = unit if unit == "%" else f" {unit}"
    figure = f"{format_number(value, decimals)}{unit_text} in {period_in_prose(period)}"
    if benchmark_value is None or math.isnan(benchmark_value) or comparison in ("", "not compared"):
        return f"{subject} was {figure}; it has not been compared with {benchmark_name}."
    bench = format_number(benchmark_value, decimals)
    rounded_equal = round(value, decimals) == round(benchmark_value, decimals)
    direction = "the same as" if rounded_equal else ("higher than" if value > benchmark_value else "lower than")
    significant = comparison.split(" ")[0] in {"better", "worse", "lower", "higher"}
    level = " at the 99.8% level" if comparison.endswith("99.8%") else ""
    if significant:
        verdict = f"the difference is statistically significant{level}"
    elif rounded_equal:
        verdict = "there is no statistically significant difference"
    else:
        verdict = "the difference is not statistically significant"
    joiner = "; " if significant or rounded_equal else ", but "
    return f"{subject}, {figure}, is {direction} {possessive(benchmark_name)} ({bench}){joiner}{verdict}."
