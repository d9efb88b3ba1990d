"""Illustrative inputs for the chart tests (plausible numbers, not published statistics)."""

from __future__ import annotations

import math

from firstyear.charts import (
    BreakdownBar,
    CompareBar,
    FunnelLimits,
    FunnelPoint,
    ReferenceSeries,
    SPCPoint,
    SpineRow,
    TrendPoint,
)

PERIODS = [f"{y}-{(y + 2) % 100:02d}" for y in range(2010, 2021)]  # 2010-12 .. 2020-22


def trend_points() -> list[TrendPoint]:
    values = [7.1, 6.9, 6.6, 6.4, 5.9, 6.2, 5.5, 5.8, 5.1, None, 4.6]
    comparisons = ["worse 99.8%", "worse 99.8%", "worse 95%", "worse 95%", "worse 95%",
                   "worse 95%", "similar", "worse 95%", "similar", "not compared", "similar"]
    out = []
    for period, v, c in zip(PERIODS, values, comparisons, strict=True):
        lo, hi = (None, None) if v is None else (round(v * 0.8, 1), round(v * 1.22, 1))
        out.append(TrendPoint(period, v, lo, hi, c))
    return out


ENGLAND = ReferenceSeries("England", dict(zip(PERIODS, [
    4.3, 4.1, 4.0, 3.9, 3.9, 3.9, 3.9, 3.9, 3.9, 3.9, 4.0], strict=True)))
NORTH_WEST = ReferenceSeries("North West", dict(zip(PERIODS, [
    4.9, 4.7, 4.5, 4.4, 4.3, 4.3, 4.4, 4.3, 4.2, 4.2, 4.3], strict=True)))

NW_AREAS = [
    ("E06000008", "Blackburn with Darwen", 5.9, "worse 95%"),
    ("E06000009", "Blackpool", 5.2, "similar"),
    ("E06000049", "Cheshire East", 3.1, "similar"),
    ("E06000050", "Cheshire West and Chester", 3.4, "similar"),
    ("E10000006", "Cumbria", 3.6, "similar"),
    ("E06000006", "Halton", 4.4, "similar"),
    ("E10000017", "Lancashire", 4.2, "similar"),
    ("E08000012", "Liverpool", 4.9, "worse 95%"),
    ("E08000003", "Manchester", 6.3, "worse 99.8%"),
    ("E08000004", "Oldham", 5.5, "worse 95%"),
    ("E08000005", "Rochdale", 5.0, "similar"),
    ("E08000006", "Salford", 4.1, "similar"),
    ("E08000014", "Sefton", 3.0, "similar"),
    ("E08000007", "Stockport", 2.4, "better 95%"),
    ("E08000008", "Tameside", 4.7, "similar"),
    ("E08000009", "Trafford", 2.2, "better 99.8%"),
    ("E06000007", "Warrington", 3.3, "similar"),
    ("E08000010", "Wigan", 4.0, "similar"),
    ("E08000015", "Wirral", None, "not compared"),
    ("E08000001", "Bolton", 6.0, "worse 99.8%"),
    ("E08000002", "Bury", 3.8, "similar"),
    ("E08000011", "Knowsley", 5.3, "similar"),
    ("E08000013", "St. Helens", 3.9, "similar"),
]


def compare_bars(n: int | None = None) -> list[CompareBar]:
    areas = NW_AREAS if n is None else NW_AREAS[:n]
    return [
        CompareBar(code, name, v, None if v is None else round(v * 0.78, 1),
                   None if v is None else round(v * 1.25, 1), c)
        for code, name, v, c in areas
    ]


BIRTHS = {
    "E06000008": 2100, "E06000009": 1500, "E06000049": 3600, "E06000050": 3300,
    "E10000006": 4200, "E06000006": 1450, "E10000017": 12500, "E08000012": 5900,
    "E08000003": 7900, "E08000004": 3200, "E08000005": 2700, "E08000006": 3300,
    "E08000014": 2600, "E08000007": 3100, "E08000008": 2600, "E08000009": 2500,
    "E06000007": 2200, "E08000010": 3400, "E08000015": 3300, "E08000001": 3800,
    "E08000002": 2100, "E08000011": 1800, "E08000013": 1900,
}
BENCHMARK = 4.0


def funnel_limits(benchmark: float = BENCHMARK, x_max: float = 3 * 14000) -> FunnelLimits:
    """Normal-approximation limits for a rate per 1,000 over 3 years of births."""
    p = benchmark / 1000
    xs = [x * 200.0 for x in range(5, int(x_max / 200) + 1)]
    out: dict[str, list[float]] = {k: [] for k in ("l95", "u95", "l998", "u998", "ol95", "ou95",
                                                  "ol998", "ou998")}
    for x in xs:
        se = math.sqrt(p * (1 - p) / x) * 1000
        for z, lo, hi in ((1.96, "l95", "u95"), (3.09, "l998", "u998")):
            out[lo].append(max(0.0, benchmark - z * se))
            out[hi].append(benchmark + z * se)
            out["o" + lo].append(max(0.0, benchmark - z * se * 1.4))
            out["o" + hi].append(benchmark + z * se * 1.4)
    return FunnelLimits(xs, out["l95"], out["u95"], out["l998"], out["u998"],
                        out["ol95"], out["ou95"], out["ol998"], out["ou998"])


def funnel_points() -> list[FunnelPoint]:
    limits = funnel_limits()
    pts = []
    for code, name, v, _c in NW_AREAS:
        x = BIRTHS[code] * 3
        i = min(range(len(limits.x)), key=lambda k: abs(limits.x[k] - x))
        if v is None:
            sig = "within"
        elif v > limits.upper998[i]:
            sig = "above 99.8%"
        elif v > limits.upper95[i]:
            sig = "above 95%"
        elif v < limits.lower998[i]:
            sig = "below 99.8%"
        elif v < limits.lower95[i]:
            sig = "below 95%"
        else:
            sig = "within"
        pts.append(FunnelPoint(code, name, x, v, sig))
    return pts


def spine_rows() -> list[SpineRow]:
    return [
        SpineRow("Infant mortality rate (per 1,000 live births)", 5.9, 4.0, 7.4, 4.6, 3.1, 1.9,
                 "worse 95%", "low_is_good"),
        SpineRow("Neonatal mortality rate (per 1,000 live births)", 3.6, 2.8, 5.3, 3.2, 2.2,
                 1.1, "similar", "low_is_good"),
        SpineRow("Stillbirth rate (per 1,000 births)", 4.1, 3.9, 6.2, 4.3, 3.4, 2.1, "similar",
                 "low_is_good"),
        SpineRow("Low birth weight of term babies (%)", 4.2, 2.9, 4.6, 3.3, 2.5, 1.6,
                 "worse 99.8%", "low_is_good"),
        SpineRow("Smoking at time of delivery (%)", None, 8.8, 18.0, 11.7, 6.4, 3.1,
                 "not compared", "low_is_good"),
        SpineRow("Breastfeeding at 6 to 8 weeks (%)", 47.0, 49.2, 26.9, 41.5, 56.2, 75.1,
                 "worse 95%", "high_is_good"),
        SpineRow("Births to mothers aged under 20 (%)", 3.0, 2.2, 0.7, 1.7, 3.1, 5.1, "higher",
                 "no_judgement"),
        SpineRow("Sudden unexpected deaths in infancy (rate)", 0.5, 0.3, None, None, None,
                 None, "similar", "low_is_good"),
    ]


def breakdown_bars() -> list[BreakdownBar]:
    return [
        BreakdownBar("1 (most deprived)", 5.8, 5.4, 6.2, "worse 99.8%"),
        BreakdownBar("2", 4.6, 4.2, 5.0, "worse 95%"),
        BreakdownBar("3", 3.8, 3.4, 4.2, "similar"),
        BreakdownBar("4", 3.1, 2.7, 3.5, "better 95%"),
        BreakdownBar("5 (least deprived)", 2.7, 2.3, 3.1, "better 99.8%"),
    ]


def spc_points() -> list[SPCPoint]:
    values = [6.2, 5.8, 6.5, 6.0, 5.7, 6.3, 6.1, 5.9, 6.4, 5.6, 5.8, 6.0,
              5.5, 5.3, 5.2, 5.1, 5.0, 5.2, 4.9, None, 4.8, 4.6, 4.7, 3.9]
    flags = ["common"] * 12 + ["common", "common"] + ["improvement"] * 10
    flags[-1] = "improvement"
    periods = [f"{2021 + (m // 12)}-{m % 12 + 1:02d}" for m in range(24)]
    return [SPCPoint(p, v, f) for p, v, f in zip(periods, values, flags, strict=True)]


def sample_charts() -> dict:
    """One chart of each kind, built from the sample data above."""
    from firstyear.charts import (
        breakdown_chart,
        compare_chart,
        funnel_chart,
        spc_chart,
        spine_chart,
        trend_chart,
    )

    return {
        "trend": trend_chart(
            trend_points(), title="Infant mortality rate", unit="per 1,000 live births",
            england=ENGLAND, region=NORTH_WEST, area_name="Blackburn with Darwen",
            recent_trend_text="Decreasing and getting better",
        ),
        "compare": compare_chart(
            compare_bars(), title="Infant mortality rate, North West, 2020-22",
            unit="per 1,000 live births", benchmark_value=BENCHMARK, highlight_code="E06000008",
        ),
        "funnel": funnel_chart(
            funnel_points(), funnel_limits(), title="Infant mortality by live births, 2020-22",
            unit="per 1,000 live births", benchmark_value=BENCHMARK, x_label="Live births",
            highlight_code="E06000008", polarity="low_is_good",
        ),
        "spine": spine_chart(spine_rows(), title="Maternity and infant health",
                             area_name="Blackburn with Darwen"),
        "breakdown": breakdown_chart(
            breakdown_bars(), title="Infant mortality by deprivation quintile",
            unit="per 1,000 live births", benchmark_value=BENCHMARK,
        ),
        "spc": spc_chart(
            spc_points(), title="Infant deaths, rolling 12 months", unit="per 1,000 live births",
            mean=5.9, upper_process_limit=7.1, lower_process_limit=4.7, target=4.5,
            polarity="low_is_good",
        ),
    }
