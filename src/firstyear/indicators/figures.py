"""The data behind each chart on an area's indicator page; the same rows feed its downloads."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from firstyear import stats
from firstyear.areas.models import Area, AreaKind
from firstyear.indicators import queries
from firstyear.indicators.models import CIMethod, Indicator, Observation, Period
from firstyear.indicators.profile import peer_kinds
from firstyear.indicators.queries import ValueRow

VALUE_COLUMNS = ["Area code", "Area", "Period", "Count", "Denominator", "Value", "Lower 95% CI", "Upper 95% CI",
                 "Lower 99.8% CI", "Upper 99.8% CI", "Compared with England", "England", "Synthetic"]


@dataclass
class DataTable:
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)


def value_table(title: str, rows: list[ValueRow]) -> DataTable:
    return DataTable(title, list(VALUE_COLUMNS), [
        [r.area_code, r.area_name, r.period, r.count, r.denominator, r.value, r.lower95, r.upper95, r.lower998,
         r.upper998, r.compared_to_england, r.england_value, "yes" if r.synthetic else ""]
        for r in rows
    ])


def series_for(area: Area, indicator: Indicator) -> list[ValueRow]:
    """The area's totals over time for one indicator (one sex: Persons where published)."""
    rows = queries.value_rows(indicator=indicator, area=area)
    if not rows and area.is_group:
        from firstyear.indicators.aggregate import group_rows

        rows = group_rows(area, indicator)
    sexes = {r.sex for r in rows}
    keep = "Persons" if "Persons" in sexes else (sorted(sexes)[0] if sexes else "")
    return [r for r in rows if r.sex == keep]


def benchmark_series(code: str, indicator: Indicator, sex: str) -> dict[str, float]:
    area = Area.objects.filter(code=code).first()
    if area is None:
        return {}
    return {r.period: r.value for r in queries.value_rows(indicator=indicator, area=area) if r.sex == sex and r.value is not None}


def comparison_areas(area: Area) -> tuple[str, list[Area]]:
    """Fingertips' default "compare areas" set: same-tier areas of the area's region."""
    if area.is_group:
        return area.name, list(area.members.all())
    if area.kind in (AreaKind.COUNTRY, AreaKind.REGION):
        return "Regions of England", list(Area.objects.filter(kind=AreaKind.REGION, valid_to__isnull=True))
    region = area.region()
    if area.kind == AreaKind.DISTRICT and area.parent and area.parent.kind == AreaKind.COUNTY:
        return f"Districts of {area.parent.name}", list(area.parent.children.filter(valid_to__isnull=True))
    if region is None:
        return area.name, [area]
    tier = peer_kinds(area)
    peers = [a for a in Area.objects.filter(valid_to__isnull=True, kind__in=tier).select_related("parent__parent")
             if a.region() and a.region().pk == region.pk]
    return f"Authorities in {region.name}", peers


def compare_rows(areas: list[Area], indicator: Indicator, period: Period, sex: str) -> list[ValueRow]:
    rows = [r for r in queries.value_rows(indicator=indicator, areas=areas, period=period) if r.sex == sex]
    return sorted(rows, key=lambda r: (r.value is None, r.value if r.value is not None else 0))


@dataclass
class Funnel:
    points: list[tuple[ValueRow, str]]
    x: np.ndarray
    limits: dict[str, np.ndarray]
    baseline: float
    statistic: str


def funnel(area: Area, indicator: Indicator, period: Period, sex: str) -> Funnel | None:
    """Every same-tier area in England for one period against funnel limits around England's value."""
    if indicator.ci_method == CIMethod.NONE or area.kind in (AreaKind.COUNTRY,) or area.is_group:
        return None
    peers = Area.objects.filter(kind__in=peer_kinds(area), valid_to__isnull=True)
    rows = [r for r in queries.value_rows(indicator=indicator, areas=peers, period=period)
            if r.sex == sex and r.count is not None and r.denominator and r.value is not None]
    if len(rows) < 3 or rows[0].england_value is None:
        return None
    statistic = "proportion" if indicator.ci_method == CIMethod.WILSON else "rate"
    counts = np.array([r.count for r in rows], dtype=float)
    denoms = np.array([r.denominator for r in rows], dtype=float)
    baseline = rows[0].england_value
    # No polarity here: the chart shows above/below and applies the polarity to colours itself.
    labels = stats.funnel_significance(counts, denoms, statistic, baseline=baseline,
                                       multiplier=indicator.multiplier)
    x = np.geomspace(max(denoms.min() * 0.8, 1.0), denoms.max() * 1.1, 200)
    fl = stats.funnel_limits(x, baseline, statistic, indicator.multiplier)
    limits = {"lower95": fl.lower95, "upper95": fl.upper95, "lower998": fl.lower998, "upper998": fl.upper998}
    return Funnel(list(zip(rows, [str(s) for s in labels], strict=True)), x, limits, baseline, statistic)


_ORDINALS = {"most": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "middle": 5.5, "least": 10}


def category_sort_key(category: str) -> tuple:
    """Deprivation groups in order, most deprived first ("Most deprived decile", "Second more
    deprived", ... "Least deprived"); numbered groups by number; anything else alphabetically."""
    text = category.lower()
    words = text.replace("(", " ").split()
    if words and (words[0] == "middle" or "deprived" in words):
        rank = _ORDINALS.get(words[0])
        if rank is not None:
            if words[0] != "middle" and (words[0] == "least" or "less" in words or "least" in words[1:2]):
                # "Fifth less deprived" is 6th of 10 ... "Second least deprived" 9th, "Least" 10th.
                rank = 11 - (rank if words[0] != "least" else 1)
            return (0, rank, text)
    digits = "".join(ch for ch in text if ch.isdigit())
    if digits:
        return (1, int(digits), text)
    return (2, 0, text)


def breakdown_types(area: Area, indicator: Indicator, period: Period) -> list[str]:
    types = (Observation.objects.filter(area=area, indicator=indicator, period=period)
             .exclude(category_type="").values_list("category_type", flat=True).distinct())
    return sorted(types)


def breakdown_rows(area: Area, indicator: Indicator, period: Period, category_type: str | None = None) -> list[ValueRow]:
    rows = queries.value_rows(indicator=indicator, area=area, period=period, breakdowns=True)
    if category_type is not None:
        rows = [r for r in rows if r.category_type == category_type]
    return sorted(rows, key=lambda r: (r.category_type, category_sort_key(r.category)))


def short_category_type(category_type: str) -> str:
    """"County & UA deprivation deciles in England (IMD2019, 4/23 geography)" -> "deprivation decile"."""
    text = category_type.split("(")[0].strip()
    lowered = text.lower()
    for word in ("decile", "quintile"):
        if word in lowered:
            return f"deprivation {word}" if "depriv" in lowered else word
    return text[:1].lower() + text[1:]


def periods_of(rows: list[ValueRow]) -> list[str]:
    return [r.period for r in rows]


def latest_period(indicator: Indicator, rows: list[ValueRow]) -> Period | None:
    if not rows:
        return None
    return Period.objects.filter(period_type=indicator.period_type, label=rows[-1].period).first()


def has_breakdowns(area: Area, indicator: Indicator) -> bool:
    return Observation.objects.filter(area=area, indicator=indicator).exclude(category_type="").exists()
