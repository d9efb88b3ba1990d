"""The annual child death review report for a footprint (or a region: all its footprints) and a
financial year: the tables of docs/child-death-review.md, computed from clear (derived) fields
only, with disclosure control in the public edition. One :class:`ReportData` feeds the JSON
format and the :class:`firstyear.reports.Document` (HTML, PDF, DOCX).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
from django.utils import timezone

from firstyear import charts, stats
from firstyear.areas.models import Area, AreaKind, AreaSuccession
from firstyear.reports.document import Bullets, Callout, Document, Figure, Paragraph, Table
from firstyear.reviews import disclosure
from firstyear.reviews.codelists import CATEGORIES, FACTOR_GROUPS, FACTORS
from firstyear.reviews.models import (
    BME_GROUPS,
    Carer,
    Case,
    DetailsStatus,
    EthnicGroup,
    Modifiable,
    Recommendation,
    ReportNarrative,
    Sex,
)
from firstyear.reviews.scope import footprints_in
from firstyear.reviews.validation import AGE_BANDS, financial_year_bounds, previous_financial_year

EDITIONS = ("public", "restricted")
TABLE_IDS = ("notified", "reviewed", "age_band", "category", "sex", "ethnic_group", "deprivation", "expected",
             "modifiable", "factors", "time_to_review", "recommendations")
EXTRA_TABLE_IDS = ("birthweight", "partner_details")
RESTRICTED_MARKING = "RESTRICTED: for the Child Death Overview Panel only. Not for publication."
FIELDS = ("footprint_id", "notification_fy", "closed_fy", "notified_on", "closed_on", "age_band", "category__code",
          "sex", "ethnic_group", "deprivation_quintile", "expected", "jar_started_on", "modifiable", "factor_levels",
          "days_to_review", "birthweight_g", "codelist_version__number", "synthetic", "id")
NARRATIVE_KEYS = (("summary", "Summary"), ("recommendations", "Recommendations of the panel"))


def percent(part: int, whole: int) -> int | None:
    """Whole-number percentage, rounded half up (as reports print them); None without a base."""
    if not whole:
        return None
    return int((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass
class ReportTable:
    id: str
    title: str
    columns: list[str]
    rows: list[list]
    numeric: tuple[int, ...] = ()
    notes: str = ""

    def as_json(self) -> dict:
        return {"id": self.id, "title": self.title, "columns": self.columns, "rows": self.rows}


@dataclass
class Group:
    """One column group of the tables: this year, last year, or the other footprints."""

    key: str
    label: str
    notified: list[dict]
    completed: list[dict]
    open_at_end: list[dict]
    year_end: dt.date
    births: float | None = None
    footprints: list[Area] = field(default_factory=list)


@dataclass
class ReportData:
    scope: Area
    year: str
    edition: str
    groups: list[Group]
    tables: list[ReportTable]
    codelist_versions: list[int]
    synthetic: bool
    narrative: dict[str, str]
    headline: dict

    def as_json(self) -> dict:
        return {"footprint": self.scope.code, "year": self.year, "edition": self.edition,
                "tables": [t.as_json() for t in self.tables]}


# -- data ---------------------------------------------------------------------------------------


def _rows(footprints: list[Area], years: set[str]) -> list[dict]:
    if not footprints:
        return []
    from django.db.models import Q

    return list(Case.objects.filter(footprint__in=footprints)
                .filter(Q(notification_fy__in=years) | Q(closed_fy__in=years) | Q(closed_on__isnull=True)
                        | Q(notified_on__lte=max(financial_year_bounds(y)[1] for y in years)))
                .values(*FIELDS))


def _group(key: str, label: str, rows: list[dict], year: str, footprints: list[Area]) -> Group:
    start, end = financial_year_bounds(year)
    return Group(
        key=key, label=label, year_end=end, footprints=footprints,
        notified=[r for r in rows if r["notification_fy"] == year],
        completed=[r for r in rows if r["closed_fy"] == year],
        open_at_end=[r for r in rows if r["notified_on"] <= end and (r["closed_on"] is None or r["closed_on"] > end)],
    )


def births_for(footprints: list[Area], year: str) -> float | None:
    """Live births for a financial year: 3/4 of calendar year Y plus 1/4 of Y+1 (the months each
    contributes), from the platform's ONS births (``infant-mortality-annual`` denominators); the
    single calendar year Y when Y+1 is missing. Members without figures under their own code
    (authorities created after the year) use the area they replaced, when the footprint holds
    every successor of it. None when any member has no births at all."""
    from firstyear.indicators.models import Observation

    start = int(year[:4])
    members = {m.pk: m for f in footprints for m in f.members.all()}
    if not members:
        return None
    wanted = set(members)
    for pk in list(members):
        preds = AreaSuccession.objects.filter(successor_id=pk).values_list("predecessor_id", flat=True)
        for pred in preds:
            successors = set(AreaSuccession.objects.filter(predecessor_id=pred).values_list("successor_id", flat=True))
            if successors <= set(members):
                wanted.add(pred)
    obs = Observation.objects.filter(indicator__slug="infant-mortality-annual", area_id__in=wanted, sex="Persons",
                                     category_type="", period__label__in=[str(start), str(start + 1)])
    by_area: dict[int, dict[str, float]] = {}
    for area_id, label, denominator in obs.values_list("area_id", "period__label", "denominator"):
        if denominator is not None:
            by_area.setdefault(area_id, {})[label] = denominator
    sources, used = [], set()
    for pk in members:
        if pk in by_area:
            sources.append(pk)
            continue
        preds = [p for p in sorted(wanted - set(members)) if p in by_area and AreaSuccession.objects.filter(
            predecessor_id=p, successor_id=pk).exists()]
        if not preds:
            return None
        if preds[0] not in used:  # a predecessor shared by several members counts once
            used.add(preds[0])
            sources.append(preds[0])
    total_y = total_y1 = 0.0
    have_y1 = True
    for pk in sources:
        source = by_area[pk]
        if str(start) not in source:
            return None
        total_y += source[str(start)]
        if str(start + 1) in source:
            total_y1 += source[str(start + 1)]
        else:
            have_y1 = False
    return 0.75 * total_y + 0.25 * total_y1 if have_y1 else total_y


def _others(scope: Area, mine: list[Area]) -> tuple[str, list[Area]]:
    region = scope.region() if scope.kind != AreaKind.CDOP else None
    if scope.kind == AreaKind.CDOP:
        members = list(scope.members.all())
        region = members[0].region() if members else None
    ids = {f.pk for f in mine}
    if scope.kind == AreaKind.CDOP and region is not None:
        others = [f for f in footprints_in(region) if f.pk not in ids]
        label = f"Rest of {region.name}"
    else:
        others = [f for f in Area.objects.filter(kind=AreaKind.CDOP) if f.pk not in ids]
        label = "Rest of England"
    with_cases = set(Case.objects.filter(footprint__in=others).values_list("footprint_id", flat=True).distinct())
    return label, [f for f in others if f.pk in with_cases]


def build(scope: Area, year: str, edition: str) -> ReportData:
    if edition not in EDITIONS:
        raise ValueError(f"edition must be public or restricted, not {edition!r}")
    financial_year_bounds(year)
    previous = previous_financial_year(year)
    mine = footprints_in(scope)
    other_label, others = _others(scope, mine)
    rows = _rows(mine, {year, previous})
    groups = [_group("year", year, rows, year, mine)]
    prev = _group("previous", previous, rows, previous, mine)
    if prev.notified or prev.completed:
        groups.append(prev)
    if others:
        other = _group("others", other_label, _rows(others, {year}), year, others)
        if other.notified or other.completed:
            groups.append(other)
    for g in groups:
        g.births = births_for(g.footprints, year if g.key != "previous" else previous)
    public = edition == "public"
    recs = list(Recommendation.objects.filter(footprint__in=mine, financial_year=year).order_by("due_on", "id"))
    partners = _partner_counts(groups)
    tables = [
        _notified(groups, public), _reviewed(groups, public), _breakdown("age_band", "Reviews completed by age at death",
                                                                          "Age at death", AGE_BANDS, "age_band", groups, public),
        _breakdown("category", "Reviews completed by category of death", "Category of death",
                   [(c, n) for c, n, _ in CATEGORIES], "category__code", groups, public),
        _breakdown("sex", "Reviews completed by sex", "Sex", Sex.choices, "sex", groups, public),
        _breakdown("ethnic_group", "Reviews completed by ethnic group", "Ethnic group", EthnicGroup.choices,
                   "ethnic_group", groups, public, subtotal=("All minority ethnic groups", list(BME_GROUPS))),
        _breakdown("deprivation", "Reviews completed by deprivation quintile of residence (IMD 2019)",
                   "Deprivation quintile", [(1, "1 (most deprived)"), (2, "2"), (3, "3"), (4, "4"),
                                            (5, "5 (least deprived)"), (None, "Not known")],
                   "deprivation_quintile", groups, public),
        _expected(groups, public),
        _breakdown("modifiable", "Reviews completed: were modifiable factors identified?", "Outcome",
                   Modifiable.choices, "modifiable", groups, public),
        _factors(groups, public),
        _time_to_review(groups, public),
        _recommendations(recs),
        _breakdown("birthweight", "Reviews completed by birthweight", "Birthweight",
                   [("low", "Under 2,500 g"), ("normal", "2,500 g or more"), (None, "Not known")],
                   lambda r: None if r["birthweight_g"] is None else ("low" if r["birthweight_g"] < 2500 else "normal"),
                   groups, public),
        _breakdown("partner_details", "Reviews completed: details of the mother's partner", "Partner's details",
                   [*DetailsStatus.choices, (None, "No record that agencies were asked")],
                   lambda r: partners.get(r["id"]), groups, public),
    ]
    versions = sorted({r["codelist_version__number"] for r in groups[0].completed if r["codelist_version__number"]})
    narrative = dict(ReportNarrative.objects.filter(scope=scope, financial_year=year).values_list("key", "text"))
    return ReportData(scope=scope, year=year, edition=edition, groups=groups, tables=tables,
                      codelist_versions=versions, synthetic=any(r["synthetic"] for r in rows),
                      narrative=narrative, headline=_headline(groups[0]))


def _partner_counts(groups: list[Group]) -> dict[int, str]:
    ids = [r["id"] for g in groups for r in g.completed]
    out: dict[int, str] = {}
    for start in range(0, len(ids), 5000):
        for case_id, status in Carer.objects.filter(case_id__in=ids[start:start + 5000],
                                                    relationship="mothers_partner").values_list("case_id", "details_status"):
            out[case_id] = status
    return out


def _headline(g: Group) -> dict:
    done = g.completed
    n = len(done)
    mod = [r for r in done if r["modifiable"] == "identified"]
    groups = _factor_group_counts(mod)
    return {
        "completed": n, "infants": sum(r["age_band"] in ("neonatal", "post_neonatal") for r in done),
        "bme": percent(sum(r["ethnic_group"] in BME_GROUPS for r in done), n),
        "low_birthweight": percent(sum((r["birthweight_g"] or 9999) < 2500 for r in done), n),
        "quintile_1": percent(sum(r["deprivation_quintile"] == 1 for r in done), n),
        "modifiable": percent(len(mod), n), "modifiable_n": len(mod),
        **{f"factor_{k}": percent(v, len(mod)) for k, v in groups.items()},
    }


# -- tables -------------------------------------------------------------------------------------


def _columns(first: str, groups: list[Group], with_percent: bool = True) -> tuple[list[str], tuple[int, ...]]:
    cols = [first]
    for g in groups:
        cols.append(f"{g.label} number")
        if with_percent:
            cols.append(f"{g.label} %")
    return cols, tuple(range(1, len(cols)))


def _cells(counts: np.ndarray, mask: np.ndarray, totals: list[int], total_mask: list[bool], with_percent=True):
    out = []
    for i in range(counts.shape[0]):
        row = []
        for j in range(counts.shape[1]):
            hidden = mask[i, j]
            row.append(disclosure.MARKER if hidden else int(counts[i, j]))
            if with_percent:
                pct = percent(int(counts[i, j]), totals[j])
                row.append(disclosure.MARKER if hidden or total_mask[j] else pct)
        out.append(row)
    return out


def _completed_mask(groups: list[Group], public: bool) -> list[bool]:
    counts = [[len(g.completed) for g in groups]]
    return list(disclosure.separate_cells(counts, public=public)[0])


def _breakdown(table_id, title, first, choices, key, groups, public, subtotal=None) -> ReportTable:
    get = key if callable(key) else (lambda r, k=key: r[k])
    codes = [c for c, _ in choices]
    counts = np.array([[sum(1 for r in g.completed if get(r) == c) for g in groups] for c in codes], dtype=int)
    # rows that are always empty (e.g. a category never used) still count in the totals' equations
    mask = disclosure.additive_block(counts.tolist(), public=public)
    totals = [len(g.completed) for g in groups]
    total_mask = _completed_mask(groups, public)
    columns, numeric = _columns(first, groups)
    rows = [[label, *cells] for (_, label), cells in zip(choices, _cells(counts, mask, totals, total_mask), strict=True)]
    if subtotal:
        label, members = subtotal
        idx = [codes.index(m) for m in members]
        sub_counts = counts[idx].sum(axis=0, keepdims=True)
        sub_mask = disclosure.subtotal_mask(mask, idx)[None, :] | disclosure.separate_cells(sub_counts.tolist(), public=public)
        rows.append([label, *_cells(sub_counts, sub_mask, totals, total_mask)[0]])
    total_row = ["Total"]
    for j, t in enumerate(totals):
        total_row += [disclosure.MARKER if total_mask[j] else t, disclosure.MARKER if total_mask[j] else (100 if t else None)]
    rows.append(total_row)
    return ReportTable(table_id, title, columns, rows, numeric)


def _rate_text(events: int, births: float | None, hidden: bool) -> str:
    if births is None:
        return "not available"
    if hidden:
        return disclosure.MARKER
    if events < disclosure.MIN_EVENTS_FOR_RATE:
        return "–"
    est = stats.rate(events, births, 1000)
    text = f"{float(est.value[0]):.1f} ({float(est.lower[0]):.1f} to {float(est.upper[0]):.1f})"
    return text + " †" if events < disclosure.RELIABLE_EVENTS else text


def _notified(groups: list[Group], public: bool) -> ReportTable:
    counts = np.array([[len(g.notified) for g in groups],
                       [sum(r["age_band"] in ("neonatal", "post_neonatal") for r in g.notified) for g in groups]])
    mask = disclosure.separate_cells(counts.tolist(), public=public)
    columns = ["Measure", *[g.label for g in groups]]
    rows = [["Deaths notified", *[disclosure.MARKER if mask[0, j] else int(counts[0, j]) for j in range(len(groups))]],
            ["Infant deaths notified (under 1 year)",
             *[disclosure.MARKER if mask[1, j] else int(counts[1, j]) for j in range(len(groups))]],
            ["Live births (financial year, estimated)",
             *["not available" if g.births is None else round(g.births) for g in groups]],
            ["Infant deaths per 1,000 live births (95% CI)",
             *[_rate_text(int(counts[1, j]), g.births, bool(mask[1, j])) for j, g in enumerate(groups)]],
            ["Child deaths per 100,000 children", *["not available" for _ in groups]]]
    notes = ("Live births for a financial year are estimated from ONS calendar-year births (3/4 of the first "
             "year plus 1/4 of the second). † fewer than 20 deaths: treat the rate with caution; – fewer than 3 "
             "deaths: no rate. Child deaths per 100,000 need child population estimates, which firstyear does "
             "not hold yet.")
    return ReportTable("notified", "Deaths notified and infant mortality", columns, rows, tuple(range(1, len(columns))), notes)


def _reviewed(groups: list[Group], public: bool) -> ReportTable:
    def age_months(r, g):
        return (g.year_end - r["notified_on"]).days / 30.44

    counts = np.array([
        [len(g.completed) for g in groups],
        [sum(age_months(r, g) < 6 for r in g.open_at_end) for g in groups],
        [sum(6 <= age_months(r, g) < 12 for r in g.open_at_end) for g in groups],
        [sum(age_months(r, g) >= 12 for r in g.open_at_end) for g in groups],
    ])
    mask = np.vstack([disclosure.separate_cells(counts[:1].tolist(), public=public),
                      disclosure.additive_block(counts[1:].tolist(), public=public)])
    columns = ["Measure", *[g.label for g in groups]]
    labels = ["Reviews completed (closed) in the year", "Open at year end: notified under 6 months before",
              "Open at year end: 6 to 12 months", "Open at year end: more than 12 months"]
    rows = [[label, *[disclosure.MARKER if mask[i, j] else int(counts[i, j]) for j in range(len(groups))]]
            for i, label in enumerate(labels)]
    return ReportTable("reviewed", "Reviews completed and cases still open", columns, rows, tuple(range(1, len(columns))))


def _expected(groups: list[Group], public: bool) -> ReportTable:
    table = _breakdown("expected", "Reviews completed: expected and unexpected deaths", "Death",
                       [("expected", "Expected"), ("unexpected", "Unexpected")], "expected", groups, public)
    jar = np.array([[sum(r["jar_started_on"] is not None for r in g.completed) for g in groups]])
    mask = disclosure.separate_cells(jar.tolist(), public=public)
    totals = [len(g.completed) for g in groups]
    row = ["Joint agency response started", *_cells(jar, mask, totals, _completed_mask(groups, public))[0]]
    table.rows.insert(len(table.rows) - 1, row)
    return table


def _group_of() -> dict[str, str]:
    """Factor code -> report group, over every code list version (panels add factors)."""
    from firstyear.reviews.models import Factor

    out = {c: g for c, _, _, _, g in FACTORS}
    out.update(dict(Factor.objects.values_list("code", "report_group")))
    return out


def _extra_groups(per_group: list[Counter]) -> list[tuple[str, str]]:
    """Report groups added in later code list versions, labelled with their factor's name."""
    from firstyear.reviews.models import Factor

    known = {k for k, _ in FACTOR_GROUPS}
    extra = sorted({k for c in per_group for k in c if k not in known})
    names = dict(Factor.objects.filter(report_group__in=extra).order_by("version__number")
                 .values_list("report_group", "name"))
    return [(k, names.get(k, k)) for k in extra]


def _factor_group_counts(modifiable_rows: list[dict]) -> Counter:
    group_of = _group_of()
    counts: Counter = Counter()
    for r in modifiable_rows:
        hit = {group_of.get(code, code) for code, level in (r["factor_levels"] or {}).items() if level == 2}
        counts.update(hit)
    return counts


def _factors(groups: list[Group], public: bool) -> ReportTable:
    mods = [[r for r in g.completed if r["modifiable"] == "identified"] for g in groups]
    per_group = [_factor_group_counts(m) for m in mods]
    per_factor = [Counter(code for r in m for code, level in (r["factor_levels"] or {}).items() if level == 2)
                  for m in mods]
    labels, counts = [], []
    for key, label in FACTOR_GROUPS + _extra_groups(per_group):
        labels.append(label)
        counts.append([c[key] for c in per_group])
        if key == "smoking":
            for code, name in (("smoking_pregnancy", "Smoking: in pregnancy"), ("smoking_household", "Smoking: in the household")):
                labels.append(name)
                counts.append([c[code] for c in per_factor])
    counts_arr = np.array(counts)
    mask = disclosure.separate_cells(counts, public=public)
    bases = [len(m) for m in mods]
    base_mask = list(disclosure.separate_cells([bases], public=public)[0])
    columns, numeric = _columns("Factor (scored 2: may have contributed)", groups)
    rows = [[label, *cells] for label, cells in zip(labels, _cells(counts_arr, mask, bases, base_mask), strict=True)]
    base_row = ["Deaths with modifiable factors (the base of the %)"]
    for j, b in enumerate(bases):
        base_row += [disclosure.MARKER if base_mask[j] else b, None]
    rows.append(base_row)
    return ReportTable("factors", "Modifiable factors among deaths where any was identified", columns, rows, numeric,
                       "One death may have several factors, so the rows do not add up. Percentages are of deaths "
                       "with modifiable factors identified.")


TIME_BANDS = [("Under 6 months", 0, 183), ("6 to 12 months", 183, 365), ("12 to 18 months", 365, 548),
              ("18 months or more", 548, 10**6)]


def _time_to_review(groups: list[Group], public: bool) -> ReportTable:
    days = [[r["days_to_review"] for r in g.completed if r["days_to_review"] is not None] for g in groups]
    counts = np.array([[sum(lo <= d < hi for d in ds) for ds in days] for _, lo, hi in TIME_BANDS])
    mask = disclosure.additive_block(counts.tolist(), public=public)
    totals = [len(ds) for ds in days]
    total_mask = list(disclosure.separate_cells([totals], public=public)[0])
    columns, numeric = _columns("Time from death to panel review", groups)
    rows = [[label, *cells] for (label, _, _), cells in zip(TIME_BANDS, _cells(counts, mask, totals, total_mask), strict=True)]
    median_row = ["Median (days)"]
    for ds in days:
        median_row += [int(np.median(ds)) if len(ds) >= 10 or (ds and not public) else None, None]
    rows.append(median_row)
    return ReportTable("time_to_review", "Time from death to panel review (reviews completed in the year)", columns,
                       rows, numeric, "The median is shown for 10 or more reviews in the public edition.")


def _recommendations(recs: list[Recommendation]) -> ReportTable:
    rows = [[r.text, r.owner, r.due_on.strftime("%B %Y"), r.current_status_label] for r in recs]
    return ReportTable("recommendations", "Recommendations and their status", ["Recommendation", "Owner", "Due", "Status"],
                       rows)


def _factor_group_counts_for(g: Group) -> Counter:
    return _factor_group_counts([r for r in g.completed if r["modifiable"] == "identified"])


# -- the document -------------------------------------------------------------------------------


def default_summary(data: ReportData) -> str:
    h = data.headline
    if not h["completed"]:
        return f"No reviews were completed in {data.scope.name} in {data.year}."
    parts = [f"In {data.year} the panel{'s' if data.scope.kind != AreaKind.CDOP else ''} completed "
             f"{h['completed']:,} child death review{'s' if h['completed'] != 1 else ''} in {data.scope.name}"
             f" ({h['infants']:,} of them of infants)."]
    if data.edition == "restricted" or h["completed"] >= 20:
        parts.append(f"{h['bme']}% of the children were from a minority ethnic background, {h['low_birthweight']}% "
                     f"weighed under 2,500 g at birth and {h['quintile_1']}% lived in the most deprived fifth of "
                     f"neighbourhoods in England.")
        parts.append(f"Modifiable factors were identified in {h['modifiable']}% of reviews.")
        if h["modifiable_n"] >= 20 or data.edition == "restricted":
            parts.append(f"Of those, {h.get('factor_safeguarding') or 0}% involved safeguarding concerns, "
                         f"{h.get('factor_smoking') or 0}% smoking, {h.get('factor_drugs_alcohol') or 0}% parental drug "
                         f"or alcohol misuse and {h.get('factor_co_sleeping') or 0}% unsafe sleep or co-sleeping.")
    return " ".join(parts)


SHORT_LABELS = {
    "Deliberately inflicted injury, abuse or neglect": "Abuse or neglect",
    "Suicide or deliberate self-inflicted harm": "Suicide or self-harm",
    "Trauma and other external factors, including medical or surgical complications or error": "Trauma",
    "Acute medical or surgical condition": "Acute condition", "Chronic medical condition": "Chronic condition",
    "Chromosomal, genetic and congenital anomalies": "Congenital anomaly",
    "Perinatal or neonatal event": "Perinatal event", "Sudden unexpected, unexplained death": "Unexplained (SUDI)",
    "Safeguarding (abuse or neglect)": "Safeguarding", "Smoking (in pregnancy or in the household)": "Smoking",
    "Parental drug or alcohol misuse": "Drugs or alcohol", "Unsafe sleep or co-sleeping": "Co-sleeping",
    "Parental mental health": "Mental health", "Late or no antenatal care": "Late booking",
    "Overcrowding or unsuitable housing": "Housing", "Gaps or delays in services": "Services",
}


def _plotted_rows(table: ReportTable, group_index: int = 0):
    col = 2 + 2 * group_index
    for row in table.rows:
        if row[0].startswith(("Total", "Deaths with", "Smoking:", "All minority")):
            continue
        value = row[col]
        yield SHORT_LABELS.get(row[0], row[0]), None if value in (disclosure.MARKER, None) else float(value)


def _chart_values(table: ReportTable, group_index: int = 0) -> list[charts.BreakdownBar]:
    return [charts.BreakdownBar(label, value) for label, value in _plotted_rows(table, group_index)]


def _ranked_chart(table: ReportTable, title: str, unit: str) -> charts.Chart:
    """Horizontal bars, largest first (categories, factors). Hidden (suppressed) values show as no data."""
    rows = list(_plotted_rows(table))
    bars = [charts.CompareBar(str(i), label, value) for i, (label, value) in enumerate(rows)]
    shown = sorted((r for r in rows if r[1] is not None), key=lambda r: -r[1])
    alt = f"{title}, {unit}: " + ", ".join(f"{label} {value:.0f}" for label, value in shown)
    hidden = [label for label, value in rows if value is None]
    if hidden:
        alt += ". Not shown (small numbers or none): " + ", ".join(hidden)
    return charts.compare_chart(bars, title=title, unit=unit, benchmark_value=None, decimals=0, alt=alt)


def document(data: ReportData) -> Document:
    by_id = {t.id: t for t in data.tables}
    edition = "restricted edition" if data.edition == "restricted" else "public edition"
    marking = RESTRICTED_MARKING if data.edition == "restricted" else ""
    if data.synthetic:
        marking = (marking + " " if marking else "") + "SYNTHETIC DATA: not real."
    versions = ", ".join(str(v) for v in data.codelist_versions) or "none (no reviews completed)"
    doc = Document(
        title=f"Child death reviews in {data.scope.name}, {data.year}",
        subtitle=f"Annual report of the Child Death Overview Panel ({edition})",
        meta=[("Year", f"April {data.year[:4]} to March {int(data.year[:4]) + 1}"), ("Edition", edition.capitalize()),
              ("Code lists", f"version {versions}"), ("Produced", timezone.localdate().strftime("%B %Y"))],
        marking=marking,
        footer="firstyear child death review register." + (" Built from synthetic demonstration data." if data.synthetic else ""),
    )
    summary = data.narrative.get("summary") or default_summary(data)
    doc.section("Summary", *[Paragraph(p) for p in summary.split("\n\n") if p.strip()], key="summary")
    if data.synthetic:
        doc.sections[-1].add(Callout("These figures are synthetic: generated for demonstration, not real deaths.", "warning"))

    def table_block(t: ReportTable) -> Table:
        return Table(t.title, tuple(t.columns), tuple(tuple("" if c is None else c for c in r) for r in t.rows),
                     numeric=t.numeric, notes=t.notes)

    doc.section("Deaths notified", table_block(by_id["notified"]), key="notified")
    doc.section("Reviews completed", table_block(by_id["reviewed"]), key="reviewed")
    doc.section("Who died", table_block(by_id["age_band"]), table_block(by_id["sex"]), table_block(by_id["ethnic_group"]),
                table_block(by_id["deprivation"]), table_block(by_id["birthweight"]), key="who")
    dep = by_id["deprivation"]
    doc.sections[-1].add(Figure(charts.breakdown_chart(
        _chart_values(dep), title="Reviews completed by deprivation quintile", unit="% of reviews", decimals=0),
        "Percentage of reviews completed in the year, by IMD 2019 quintile of residence."))
    doc.section("How they died", table_block(by_id["category"]), table_block(by_id["expected"]), key="how")
    doc.sections[-1].add(Figure(_ranked_chart(by_id["category"], "Reviews completed by category of death",
                                              "% of reviews"),
                                "One category per death, by the precedence rule. \"No data\": none, or too few to show."))
    doc.section("Modifiable factors", table_block(by_id["modifiable"]), table_block(by_id["factors"]), key="modifiable")
    doc.sections[-1].add(Figure(_ranked_chart(by_id["factors"], "Modifiable factors among deaths with any identified",
                                              "% of deaths with modifiable factors"),
                                "A death may have several factors. \"No data\": none, or too few to show."))
    doc.section("Time to review", table_block(by_id["time_to_review"]), key="time")
    rec_text = data.narrative.get("recommendations", "")
    doc.section("Recommendations", *([Paragraph(p) for p in rec_text.split("\n\n") if p.strip()]),
                table_block(by_id["recommendations"]) if by_id["recommendations"].rows else
                Paragraph("No recommendations are recorded for this year."), key="recommendations")
    doc.section("Data quality", table_block(by_id["partner_details"]), key="data-quality")
    doc.section("About these figures", Bullets((
        "Tables count reviews completed (closed) in the financial year, except deaths notified and open cases.",
        "Each death has one category: where several apply, the highest in the national list.",
        "Modifiable factors are identified when the panel scores any factor 2 (may have contributed); the "
        "outcome is derived from the scores, never typed.",
        f"Factor definitions: code lists version {versions}. A change of definition makes a new version; past "
        "reviews keep the version they were scored under.",
        "Deprivation is the IMD 2019 quintile of the LSOA of residence (quintile 1 is the most deprived fifth).",
        "Public edition: counts of 1 to 4 are shown as *, with further cells hidden so none can be worked out "
        "from totals; no rate on fewer than 3 deaths; rates on fewer than 20 are marked †." if data.edition == "public"
        else "Restricted edition: figures are not suppressed. Do not publish or forward.",
    )), key="about")
    return doc


def json_report(data: ReportData) -> dict:
    return data.as_json()
