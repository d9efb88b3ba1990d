"""An area's profile: every indicator's latest figure, its trend and where it sits among peers."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Q

from firstyear import stats
from firstyear.areas.models import LOWER_TIER_KINDS, UPPER_TIER_KINDS, Area, AreaKind
from firstyear.indicators import queries
from firstyear.indicators.models import CIMethod, Indicator, Observation
from firstyear.indicators.queries import ValueRow
from firstyear.indicators.wording import comparison_sentence


@dataclass(frozen=True)
class Spread:
    """Where areas of the same tier lie for one indicator and period (for the spine chart)."""

    areas: int
    worst: float
    q25: float
    q75: float
    best: float


@dataclass
class ProfileEntry:
    indicator: Indicator
    latest: ValueRow | None
    trend: list[ValueRow] = field(default_factory=list)
    spread: Spread | None = None
    recent_trend: str = ""
    sentences: list[str] = field(default_factory=list)

    @property
    def synthetic(self) -> bool:
        return bool(self.latest and self.latest.synthetic)


def peer_kinds(area: Area) -> frozenset[str]:
    """Areas an area is ranked against: its own tier."""
    if area.kind in UPPER_TIER_KINDS:
        return UPPER_TIER_KINDS
    if area.kind in LOWER_TIER_KINDS:
        return LOWER_TIER_KINDS
    return frozenset({area.kind})


def _preferred(rows: list[ValueRow]) -> list[ValueRow]:
    """One series per indicator: Persons when published, else the single sex published."""
    sexes = {r.sex for r in rows}
    keep = "Persons" if "Persons" in sexes else sorted(sexes)[0]
    return [r for r in rows if r.sex == keep and not r.age]  or [r for r in rows if r.sex == keep]


def _trend_label(indicator: Indicator, series: list[ValueRow]) -> str:
    points = [r for r in series if r.value is not None and r.lower95 is not None]
    if len(points) < 5:
        return ""
    kwargs = {}
    if indicator.ci_method == CIMethod.WILSON and all(r.count is not None and r.denominator for r in points):
        kwargs = {"counts": [r.count for r in points], "denominators": [r.denominator for r in points]}
    result = stats.recent_trend(
        [r.value for r in points], [r.lower95 for r in points], [r.upper95 for r in points],
        polarity=indicator.polarity, **kwargs,
    )
    return str(result.label)


def _spreads(area: Area, latest: dict[int, ValueRow], indicators: dict[int, Indicator]) -> dict[int, Spread]:
    """Worst, quartiles and best among peer areas, for each indicator's latest period (one query)."""
    if not latest or area.kind in (AreaKind.COUNTRY,) or area.is_group:
        return {}
    wanted = Q()
    for ind_id, row in latest.items():
        wanted |= Q(indicator_id=ind_id, period__label=row.period, sex=row.sex, age=row.age)
    values = (
        Observation.objects.filter(wanted, category_type="", area__kind__in=peer_kinds(area), area__valid_to__isnull=True)
        .exclude(computed__value__isnull=True)
        .values_list("indicator_id", "computed__value")
    )
    grouped: dict[int, list[float]] = defaultdict(list)
    for ind_id, value in values:
        grouped[ind_id].append(value)
    out = {}
    for ind_id, vals in grouped.items():
        if len(vals) < 4:
            continue
        arr = np.asarray(vals)
        low, q25, q75, high = np.percentile(arr, [0, 25, 75, 100])
        high_is_good = indicators[ind_id].polarity == "high_is_good"
        worst, best = (low, high) if high_is_good else (high, low)
        q_worst, q_best = (q25, q75) if high_is_good else (q75, q25)
        out[ind_id] = Spread(len(vals), float(worst), float(q_worst), float(q_best), float(best))
    return out


def build_profile(area: Area) -> list[ProfileEntry]:
    indicators = {i.pk: i for i in Indicator.objects.all()}
    by_indicator: dict[str, list[ValueRow]] = defaultdict(list)
    for row in queries.value_rows(area=area):
        by_indicator[row.indicator].append(row)
    if area.is_group and not by_indicator:
        from firstyear.indicators.aggregate import group_rows

        for ind in indicators.values():
            rows = group_rows(area, ind)
            if rows:
                by_indicator[ind.slug] = rows
    region = area.region()
    entries, latest = [], {}
    for ind in indicators.values():
        series = _preferred(by_indicator.get(ind.slug, [])) if ind.slug in by_indicator else []
        last = series[-1] if series else None
        entry = ProfileEntry(indicator=ind, latest=last, trend=series)
        if last is not None:
            latest[ind.pk] = last
            entry.recent_trend = _trend_label(ind, series)
            common = dict(
                area_name=area.name, indicator_name=ind.name, value=last.value, unit=ind.unit,
                period=last.period, decimals=ind.decimals,
            )
            if area.code != "E92000001":
                entry.sentences.append(comparison_sentence(
                    **common, benchmark_name="England", benchmark_value=last.england_value,
                    comparison=last.compared_to_england))
            if region is not None and region.pk != area.pk and last.region_value is not None:
                entry.sentences.append(comparison_sentence(
                    **common, benchmark_name=region.name, benchmark_value=last.region_value,
                    comparison=last.compared_to_region))
        entries.append(entry)
    spreads = _spreads(area, latest, indicators)
    for entry in entries:
        entry.spread = spreads.get(entry.indicator.pk)
    return entries
