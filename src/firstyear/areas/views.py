"""Area pages: the index, an area's profile, and one indicator for one area. Views stay thin:
data comes from firstyear.indicators (profile, figures, visuals) and charts from firstyear.charts."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from firstyear import charts
from firstyear.accounts.decorators import public_aggregate
from firstyear.areas.models import GROUP_KINDS, UPPER_TIER_KINDS, Area, AreaKind
from firstyear.indicators import figures, visuals
from firstyear.indicators.models import Indicator, Period
from firstyear.indicators.profile import build_profile
from firstyear.web.cache import cached
from firstyear.web.downloads import table_response

CHART_TYPES = {"svg": "image/svg+xml", "png": "image/png"}


def _area(code: str) -> Area:
    return get_object_or_404(Area.objects.select_related("parent__parent__parent"), code=code.upper())


def _crumbs(area: Area, *extra) -> list[tuple[str, str]]:
    crumbs = [("Home", reverse("web:home")), ("Areas", reverse("areas:index"))]
    for a in reversed(area.ancestors()):
        crumbs.append((a.name, reverse("areas:profile", args=[a.code])))
    crumbs.append((area.name, reverse("areas:profile", args=[area.code]) if extra else ""))
    return crumbs + list(extra)


@public_aggregate
def index(request):
    query = request.GET.get("q", "").strip()
    crumbs = [("Home", reverse("web:home")), ("Areas", reverse("areas:index") if query else "")]
    current = Area.objects.filter(valid_to__isnull=True).select_related("parent__parent")
    if query:
        matches = current.filter(Q(name__icontains=query) | Q(code__iexact=query)).order_by("name")[:50]
        return render(request, "areas/index.html", {"query": query, "matches": matches, "breadcrumbs": crumbs})
    regions = list(current.filter(kind=AreaKind.REGION).order_by("name"))
    upper = [a for a in current.filter(kind__in=UPPER_TIER_KINDS).order_by("name")]
    by_region = {r.pk: [] for r in regions}
    for a in upper:
        if a.parent_id in by_region:
            by_region[a.parent_id].append(a)
    groups = current.filter(kind__in=GROUP_KINDS).order_by("kind", "name")
    return render(request, "areas/index.html", {
        "england": current.filter(code="E92000001").first(),
        "regions": [(r, by_region[r.pk]) for r in regions],
        "groups": groups,
        "breadcrumbs": crumbs,
    })


def _profile(area: Area):
    return cached(f"profile:{area.code}", lambda: build_profile(area))


@public_aggregate
def profile(request, code: str):
    area = _area(code)
    entries = _profile(area)
    with_data = [e for e in entries if e.latest is not None]
    spines = {e.indicator.pk: visuals.spine_geometry(e) for e in with_data}
    headline = next((e for e in with_data if e.indicator.slug == "infant-mortality"), None)
    region = area.region()
    return render(request, "areas/profile.html", {
        "area": area,
        "region": region if region and region.pk != area.pk else None,
        "rows": [(e, spines[e.indicator.pk]) for e in with_data],
        "entries": with_data,
        "missing": [e.indicator for e in entries if e.latest is None],
        "headline": headline,
        "any_synthetic": any(e.synthetic for e in with_data),
        "breadcrumbs": _crumbs(area),
        "successors": area.successions.select_related("successor"),
        "predecessors": area.predecessions.select_related("predecessor"),
        "members": area.members.order_by("name") if area.is_group else None,
        "children": area.children.filter(valid_to__isnull=True).order_by("name"),
    })


PROFILE_COLUMNS = ["Indicator", "Fingertips id", "Period", "Count", "Denominator", "Value", "Unit", "Lower 95% CI",
                   "Upper 95% CI", "Compared with England", "England", "Region", "Compared with region",
                   "Recent trend", "Synthetic"]


@public_aggregate
def profile_table(request, code: str, fmt: str):
    area = _area(code)
    rows = [[e.indicator.name, e.indicator.fingertips_id, e.latest.period, e.latest.count, e.latest.denominator,
             e.latest.value, e.indicator.unit, e.latest.lower95, e.latest.upper95, e.latest.compared_to_england,
             e.latest.england_value, e.latest.region_value, e.latest.compared_to_region, e.recent_trend,
             "yes" if e.synthetic else ""]
            for e in _profile(area) if e.latest is not None]
    return table_response(PROFILE_COLUMNS, rows, filename=f"{area.code}_profile", fmt=fmt,
                          title=f"{area.name} profile", source="firstyear: computed from ONS and OHID Fingertips data")


def _chart_response(request, chart_key: str, build, filename: str, fmt: str) -> HttpResponse:
    def render_bytes():
        chart = build()
        return None if chart is None else charts.render(chart, fmt)

    body = cached(f"chart:{chart_key}:{fmt}", render_bytes)
    if body is None:
        raise Http404("No data for this chart")
    response = HttpResponse(body, content_type=CHART_TYPES[fmt])
    disposition = "attachment" if request.GET.get("download") else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@public_aggregate
def spine_chart(request, code: str, fmt: str):
    area = _area(code)
    return _chart_response(request, f"spine:{area.code}", lambda: visuals.spine(area, _profile(area)),
                           f"{area.code}_spine.{fmt}", fmt)


class _Context:
    """What one area-indicator page (and its charts and downloads) is about."""

    def __init__(self, request, code: str, slug: str):
        self.area = _area(code)
        self.indicator = get_object_or_404(Indicator, slug=slug)
        self.series = figures.series_for(self.area, self.indicator)
        if not self.series:
            raise Http404(f"No {self.indicator.name} figures for {self.area.name}")
        self.sex = self.series[0].sex
        wanted = request.GET.get("period")
        labels = [r.period for r in self.series]
        label = wanted if wanted in labels else labels[-1]
        self.period = get_object_or_404(Period, period_type=self.indicator.period_type, label=label)
        self.row = next(r for r in self.series if r.period == label)
        self.groups = list(self.area.groups.filter(kind__in=GROUP_KINDS).order_by("name"))
        chosen = next((g for g in self.groups if g.code == request.GET.get("compare")), None)
        if chosen is not None:
            self.peer_label, self.peers = chosen.name, list(chosen.members.all())
        else:
            self.peer_label, self.peers = figures.comparison_areas(self.area)
        self.compare_code = chosen.code if chosen else ""
        self.breakdown_types = figures.breakdown_types(self.area, self.indicator, self.period)
        wanted_type = request.GET.get("breakdown")
        self.breakdown_type = wanted_type if wanted_type in self.breakdown_types else (
            self.breakdown_types[0] if self.breakdown_types else "")

    @property
    def key(self) -> str:
        return f"{self.area.code}:{self.indicator.slug}:{self.period.label}:{self.compare_code}:{self.breakdown_type}"

    def chart(self, kind: str, recent_trend: str = ""):
        if kind == "trend":
            return visuals.trend(self.area, self.indicator, recent_trend)
        if kind == "compare":
            return visuals.compare(self.area, self.indicator, self.period, self.sex, self.peers, self.peer_label)
        if kind == "funnel":
            return visuals.funnel(self.area, self.indicator, self.period, self.sex)
        if kind == "breakdown":
            return visuals.breakdown(self.area, self.indicator, self.period, self.breakdown_type)
        raise Http404(f"No {kind} chart")

    def table(self, kind: str) -> figures.DataTable:
        if kind == "trend":
            return figures.value_table(f"{self.indicator.name}, {self.area.name}, over time", self.series)
        if kind == "compare":
            rows = figures.compare_rows(self.peers, self.indicator, self.period, self.sex)
            return figures.value_table(f"{self.indicator.name}, {self.peer_label}, {self.period.label}", rows)
        if kind == "funnel":
            data = figures.funnel(self.area, self.indicator, self.period, self.sex)
            rows = [r for r, _ in data.points] if data else []
            table = figures.value_table(f"{self.indicator.name}, comparable areas, {self.period.label}", rows)
            table.columns.append("Funnel plot")
            for out, (_, label) in zip(table.rows, data.points if data else [], strict=True):
                out.append(label)
            return table
        if kind == "breakdown":
            rows = figures.breakdown_rows(self.area, self.indicator, self.period, self.breakdown_type)
            label = figures.short_category_type(self.breakdown_type)
            table = figures.value_table(f"{self.indicator.name} by {label}, {self.period.label}", rows)
            table.columns.insert(2, "Category")
            for out, r in zip(table.rows, rows, strict=True):
                out.insert(2, f"{r.category_type}: {r.category}")
            return table
        raise Http404(f"No {kind} table")


@public_aggregate
def area_indicator(request, code: str, slug: str):
    ctx = _Context(request, code, slug)
    entry = next((e for e in _profile(ctx.area) if e.indicator.pk == ctx.indicator.pk), None)
    recent = entry.recent_trend if entry else ""
    sections = []
    for kind in visuals.CHART_KINDS:
        table = ctx.table(kind)
        if not table.rows:
            continue
        query = "?" + urlencode({k: v for k, v in (("period", ctx.period.label), ("compare", ctx.compare_code),
                                                   ("breakdown", ctx.breakdown_type)) if v})
        chart_url = reverse("areas:indicator_chart", args=[ctx.area.code, ctx.indicator.slug, kind, "svg"])
        alt = cached(f"alt:{ctx.key}:{kind}", lambda k=kind: getattr(ctx.chart(k, recent), "alt", ""))
        sections.append({
            "kind": kind, "table": table, "chart_url": chart_url + query, "alt": alt,
            "downloads": [
                ("PNG", reverse("areas:indicator_chart", args=[ctx.area.code, ctx.indicator.slug, kind, "png"]) + query + "&download=1"),
                ("SVG", chart_url + query + "&download=1"),
                ("CSV", reverse("areas:indicator_table", args=[ctx.area.code, ctx.indicator.slug, kind, "csv"]) + query),
                ("XLSX", reverse("areas:indicator_table", args=[ctx.area.code, ctx.indicator.slug, kind, "xlsx"]) + query),
            ],
        })
    return render(request, "areas/indicator.html", {
        "area": ctx.area, "indicator": ctx.indicator, "row": ctx.row, "period": ctx.period,
        "periods": [r.period for r in ctx.series], "entry": entry, "recent_trend": recent,
        "sections": sections, "groups": ctx.groups, "breakdown_types": ctx.breakdown_types,
        "breakdown_type": ctx.breakdown_type, "compare_code": ctx.compare_code, "peer_label": ctx.peer_label,
        "breadcrumbs": _crumbs(ctx.area, (ctx.indicator.short_name, "")),
    })


@public_aggregate
def area_indicator_chart(request, code: str, slug: str, kind: str, fmt: str):
    if kind not in visuals.CHART_KINDS:
        raise Http404(f"No {kind} chart")
    ctx = _Context(request, code, slug)
    entry = next((e for e in _profile(ctx.area) if e.indicator.pk == ctx.indicator.pk), None)
    return _chart_response(request, f"{kind}:{ctx.key}", lambda: ctx.chart(kind, entry.recent_trend if entry else ""),
                           charts.chart_filename(ctx.area.code, ctx.indicator.slug, kind, fmt), fmt)


@public_aggregate
def area_indicator_table(request, code: str, slug: str, kind: str, fmt: str):
    if kind not in visuals.CHART_KINDS:
        raise Http404(f"No {kind} table")
    ctx = _Context(request, code, slug)
    table = ctx.table(kind)
    return table_response(table.columns, table.rows, filename=f"{ctx.area.code}_{ctx.indicator.slug}_{kind}",
                          fmt=fmt, title=table.title, source=ctx.indicator.source)
