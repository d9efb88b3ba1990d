"""Charts for an area and indicator: figures (data) -> firstyear.charts (drawing)."""

from __future__ import annotations

from firstyear import charts, stats
from firstyear.areas.models import Area
from firstyear.indicators import figures
from firstyear.indicators.models import Indicator, Period
from firstyear.indicators.profile import ProfileEntry

CHART_KINDS = ("trend", "compare", "funnel", "breakdown")


def spine(area: Area, entries: list[ProfileEntry]) -> charts.Chart:
    rows = []
    for e in entries:
        if e.latest is None:
            continue
        s = e.spread
        rows.append(charts.SpineRow(
            label=f"{e.indicator.short_name} ({e.latest.period})",
            area_value=e.latest.value, england_value=e.latest.england_value,
            worst=s.worst if s else None, q25=s.q25 if s else None, q75=s.q75 if s else None,
            best=s.best if s else None, comparison=e.latest.compared_to_england or "not compared",
            polarity=e.indicator.polarity, decimals=e.indicator.decimals,
        ))
    return charts.spine_chart(rows, title=f"{area.name} compared with England", area_name=area.name)


def trend(area: Area, indicator: Indicator, recent_trend: str = "") -> charts.Chart:
    series = figures.series_for(area, indicator)
    sex = series[0].sex if series else "Persons"
    points = [charts.TrendPoint(r.period, r.value, r.lower95, r.upper95, r.compared_to_england or "not compared")
              for r in series]
    england = None if area.code == "E92000001" else figures.benchmark_series("E92000001", indicator, sex)
    region_area = area.region()
    region = None
    if region_area is not None and region_area.pk != area.pk:
        region = charts.ReferenceSeries(region_area.name, figures.benchmark_series(region_area.code, indicator, sex))
    return charts.trend_chart(points, title=indicator.name, unit=indicator.unit, england=england, region=region,
                              recent_trend_text=recent_trend or None, area_name=area.name,
                              decimals=indicator.decimals)


def compare(area: Area, indicator: Indicator, period: Period, sex: str, peers: list[Area], peer_label: str):
    rows = figures.compare_rows(peers, indicator, period, sex)
    bars = [charts.CompareBar(r.area_code, r.area_name, r.value, r.lower95, r.upper95,
                              r.compared_to_england or "not compared") for r in rows]
    england = rows[0].england_value if rows else None
    return charts.compare_chart(bars, title=f"{indicator.name}, {peer_label}, {period.label}", unit=indicator.unit,
                                benchmark_value=england, highlight_code=area.code, decimals=indicator.decimals)


def funnel(area: Area, indicator: Indicator, period: Period, sex: str):
    data = figures.funnel(area, indicator, period, sex)
    if data is None:
        return None
    points = [charts.FunnelPoint(r.area_code, r.area_name, r.denominator, r.value, _funnel_band(label))
              for r, label in data.points]
    limits = charts.FunnelLimits(data.x.tolist(), data.limits["lower95"].tolist(), data.limits["upper95"].tolist(),
                                 data.limits["lower998"].tolist(), data.limits["upper998"].tolist())
    return charts.funnel_chart(points, limits, title=f"{indicator.name}, all comparable areas in England, {period.label}",
                               unit=indicator.unit, benchmark_value=data.baseline, x_label=_x_label(indicator),
                               highlight_code=area.code, polarity=indicator.polarity, decimals=indicator.decimals)


def breakdown(area: Area, indicator: Indicator, period: Period, category_type: str):
    rows = figures.breakdown_rows(area, indicator, period, category_type)
    if not rows:
        return None
    total = next((r for r in figures.series_for(area, indicator) if r.period == period.label), None)
    benchmark = total.value if total else None
    # Each group against the area's own overall figure (not England's): is this group different?
    labels = ["not compared"] * len(rows)
    if benchmark is not None:
        labels = [str(x) for x in stats.compare([_nan(r.value) for r in rows], [_nan(r.lower95) for r in rows],
                                               [_nan(r.upper95) for r in rows], benchmark, indicator.polarity)]
    bars = [charts.BreakdownBar(r.category.split(" (")[0], r.value, r.lower95, r.upper95, label) for r, label in zip(rows, labels, strict=True)]
    return charts.breakdown_chart(bars, title=f"{indicator.name} by {figures.short_category_type(category_type)}, {period.label}",
                                  unit=indicator.unit, benchmark_value=benchmark,
                                  benchmark_label=f"{area.name} overall", decimals=indicator.decimals)


def _nan(value):
    return float("nan") if value is None else value


def _funnel_band(label: str) -> str:
    """firstyear.stats funnel labels ("higher 99.8%") -> the chart's bands ("above 99.8%")."""
    if " " not in label:
        return "within"
    word, level = label.split(" ")
    return f"{'above' if word == 'higher' else 'below'} {level}"


def _x_label(indicator: Indicator) -> str:
    denominator = indicator.denominator.split(" (")[0].split(",")[0].rstrip(".")
    return denominator[:60]


SPINE_WIDTH = 200  # the viewBox width of the inline spine in the profile table


def spine_row(entry: ProfileEntry) -> charts.SpineRow | None:
    if entry.latest is None or entry.spread is None:
        return None
    s = entry.spread
    return charts.SpineRow(label=entry.indicator.short_name, area_value=entry.latest.value,
                           england_value=entry.latest.england_value, worst=s.worst, q25=s.q25, q75=s.q75,
                           best=s.best, comparison=entry.latest.compared_to_england or "not compared",
                           polarity=entry.indicator.polarity)


def spine_geometry(entry: ProfileEntry) -> dict | None:
    """Positions (in a 0..200 box) for the inline spine of one profile row."""
    row = spine_row(entry)
    if row is None or row.england_value is None:
        return None

    def x(value):
        pos = row.position(value)
        return None if pos is None else round(min(max(pos, 0.0), 1.0) * SPINE_WIDTH, 1)

    ends = sorted(v for v in (x(row.worst), x(row.best)) if v is not None)
    quart = sorted(v for v in (x(row.q25), x(row.q75)) if v is not None)
    if len(ends) < 2 or len(quart) < 2:
        return None
    return {
        "range_x": ends[0], "range_w": round(ends[1] - ends[0], 1),
        "quart_x": quart[0], "quart_w": round(quart[1] - quart[0], 1),
        "marker_x": x(row.area_value), "centre": SPINE_WIDTH / 2,
    }
