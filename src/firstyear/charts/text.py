"""Plain-text helpers shared by the charts: number formatting and comparison wording.

No matplotlib here: alt text is built from these when a chart object is created.
"""

from __future__ import annotations

import math

MINUS = "\u2212"  # typographic minus for chart labels
EN_DASH = "\u2013"


def format_number(value: float | None, decimals: int = 1, *, missing: str = "no data") -> str:
    """``1234.56 -> "1,234.6"``; ``None`` -> ``missing``. Plain hyphen-minus for negatives."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return missing
    text = f"{value:,.{decimals}f}"
    if text.lstrip("-").strip("0.,") == "":  # avoid "-0.0"
        text = text.lstrip("-")
    return text


def format_tick(value: float, decimals: int) -> str:
    """Axis tick text: thousands separators and a typographic minus."""
    return format_number(value, decimals).replace("-", MINUS)


def level_suffix(comparison: str) -> str:
    if comparison.endswith("99.8%"):
        return " (99.8%)"
    if comparison.endswith("95%"):
        return " (95%)"
    return ""


def family(comparison: str) -> str:
    """``"worse 99.8%" -> "worse"``; ``"not compared"`` stays whole."""
    return comparison if comparison == "not compared" else comparison.split(" ")[0]


def comparison_phrase(comparison: str, benchmark: str = "England") -> str:
    """``"worse 95%" -> "worse than England (95% level)"``, for sentences."""
    fam = family(comparison)
    level = comparison[len(fam):].strip()
    suffix = f" ({level} level)" if level else ""
    if fam == "similar":
        return f"similar to {benchmark}"
    if fam == "not compared":
        return f"not compared with {benchmark}"
    return f"{fam} than {benchmark}{suffix}"


def legend_label(comparison: str, benchmark: str = "England") -> str:
    """``"worse 95%" -> "Worse than England (95%)"``, for legends."""
    fam = family(comparison)
    if fam == "similar":
        return f"Similar to {benchmark}"
    if fam == "not compared":
        return "Not compared"
    return f"{fam.capitalize()} than {benchmark}{level_suffix(comparison)}"


def interval_text(lower: float | None, upper: float | None, decimals: int) -> str:
    if lower is None or upper is None:
        return ""
    return f" (95% CI {format_number(lower, decimals)} to {format_number(upper, decimals)})"


def with_unit(number_text: str, unit: str) -> str:
    """``("5.9", "per 1,000 live births") -> "5.9 per 1,000 live births"``; ``%`` is attached."""
    unit = unit.strip()
    if not unit:
        return number_text
    if unit in ("%", "percent"):
        return f"{number_text}%"
    return f"{number_text} {unit}"


def join_clauses(parts: list[str]) -> str:
    """Join sentence fragments into sentences, each ending with a full stop."""
    out = []
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if part[-1] not in ".!?":
            part += "."
        out.append(part[0].upper() + part[1:])
    return " ".join(out)
