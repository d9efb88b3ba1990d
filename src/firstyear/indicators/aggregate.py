"""Figures for a group of areas (a CDOP footprint, a comparator group) from its members' counts.

Counts and denominators are summed over the members and the value, intervals and comparison
computed again with the indicator's own method: the group's rate is not an average of rates.
A period is shown only when every member has a count and denominator for it, so a missing
authority never makes a footprint look better or worse than it is.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from firstyear import stats
from firstyear.areas.models import Area
from firstyear.indicators import queries
from firstyear.indicators.compute import CONFIDENCE
from firstyear.indicators.models import CIMethod, Comparison, Indicator
from firstyear.indicators.queries import ValueRow


def distinct_members(group: Area) -> list[Area]:
    """Members, leaving out any that lie inside another member (a district of a member county)."""
    members = list(group.members.select_related("parent__parent"))
    ids = {m.pk for m in members}
    return [m for m in members if not any(a.pk in ids for a in m.ancestors())]


def group_rows(group: Area, indicator: Indicator) -> list[ValueRow]:
    """Area-total rows for the group, one per period where every member has a count."""
    if indicator.ci_method == CIMethod.NONE:
        return []
    members = distinct_members(group)
    if not members:
        return []
    by_key: dict[tuple, list[ValueRow]] = defaultdict(list)
    for row in queries.value_rows(indicator=indicator, areas=members):
        by_key[(row.period, row.period_start, row.sex)].append(row)
    complete = [(key, rows) for key, rows in sorted(by_key.items(), key=lambda kv: kv[0][1])
                if len(rows) == len(members) and all(r.count is not None and r.denominator for r in rows)]
    if not complete:
        return []
    counts = np.array([sum(r.count for r in rows) for _, rows in complete], dtype=float)
    denominators = np.array([sum(r.denominator for r in rows) for _, rows in complete], dtype=float)
    divisor = indicator.interval_divisor or 1.0
    if indicator.ci_method == CIMethod.WILSON:
        est = stats.proportion(counts / divisor, denominators / divisor, indicator.multiplier, CONFIDENCE,
                               allow_fractional=divisor != 1.0)
    else:
        est = stats.rate(counts / divisor, denominators / divisor, indicator.multiplier, CONFIDENCE,
                         method=indicator.ci_method, allow_fractional=divisor != 1.0)
    england = np.array([_first(rows).england_value for _, rows in complete], dtype=float)
    if indicator.comparison in (Comparison.CI95, Comparison.CI998):
        level = 0.95 if indicator.comparison == Comparison.CI95 else 0.998
        low, high = est.interval(level)
        labels = stats.compare(est.value, low, high, england, indicator.polarity)
    else:
        labels = np.full(len(complete), "not compared")
    lo95, hi95 = est.interval(0.95)
    lo998, hi998 = est.interval(0.998)
    out = []
    for i, ((period, start, sex), rows) in enumerate(complete):
        out.append(ValueRow(
            indicator=indicator.slug, indicator_name=indicator.name, fingertips_id=indicator.fingertips_id,
            area_code=group.code, area_name=group.name, period=period, period_start=start, sex=sex, age="",
            category_type="", category="", count=int(counts[i]), denominator=float(denominators[i]),
            value=float(est.value[i]), lower95=float(lo95[i]), upper95=float(hi95[i]), lower998=float(lo998[i]),
            upper998=float(hi998[i]), method=str(est.method[i]), england_value=_float(england[i]), region_value=None,
            compared_to_england=str(labels[i]), compared_to_region="", quintile=None,
            synthetic=any(r.synthetic for r in rows), note=f"Sum of {len(rows)} member areas",
        ))
    return out


def _first(rows: list[ValueRow]) -> ValueRow:
    return rows[0]


def _float(value) -> float | None:
    return None if np.isnan(value) else float(value)


def rows_for(indicator: Indicator, area: Area, period=None, breakdowns: bool = False) -> list[ValueRow]:
    """Stored rows for an area; for a group with none stored, its members summed."""
    rows = queries.value_rows(indicator=indicator, area=area, period=period, breakdowns=breakdowns)
    if rows or not area.is_group or breakdowns:
        return rows
    return [r for r in group_rows(area, indicator) if period is None or r.period == period.label]
