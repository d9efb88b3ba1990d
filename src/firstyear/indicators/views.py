from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from firstyear.accounts.decorators import public_aggregate
from firstyear.areas.models import Area, AreaKind
from firstyear.indicators import queries
from firstyear.indicators.figures import value_table
from firstyear.indicators.models import Indicator, Observation, Period
from firstyear.web.downloads import table_response


def _crumbs(*extra):
    return [("Home", reverse("web:home")), ("Indicators", reverse("indicators:index") if extra else ""), *extra]


@public_aggregate
def index(request):
    indicators = Indicator.objects.annotate(has_data=Exists(Observation.objects.filter(indicator=OuterRef("pk"))))
    return render(request, "indicators/index.html", {"indicators": indicators, "breadcrumbs": _crumbs()})


def _regional_rows(indicator: Indicator):
    latest = (Period.objects.filter(observations__indicator=indicator, observations__area__code="E92000001")
              .order_by("-end").first())
    if latest is None:
        return None, []
    areas = Area.objects.filter(kind__in=[AreaKind.COUNTRY, AreaKind.REGION], valid_to__isnull=True)
    rows = queries.value_rows(indicator=indicator, areas=areas, period=latest)
    sexes = {r.sex for r in rows}
    keep = "Persons" if "Persons" in sexes else (sorted(sexes)[0] if sexes else "")
    rows = sorted((r for r in rows if r.sex == keep), key=lambda r: (r.area_code != "E92000001", r.area_name))
    return latest, rows


@public_aggregate
def detail(request, slug: str):
    indicator = get_object_or_404(Indicator, slug=slug)
    period, rows = _regional_rows(indicator)
    downloads = [(fmt.upper(), reverse("indicators:detail_table", args=[slug, fmt])) for fmt in ("csv", "xlsx")]
    return render(request, "indicators/detail.html", {
        "indicator": indicator, "period": period, "rows": rows, "downloads": downloads,
        "any_synthetic": any(r.synthetic for r in rows),
        "breadcrumbs": _crumbs((indicator.short_name, "")),
    })


@public_aggregate
def detail_table(request, slug: str, fmt: str):
    indicator = get_object_or_404(Indicator, slug=slug)
    period, rows = _regional_rows(indicator)
    table = value_table(f"{indicator.name}, England and regions, {period.label if period else ''}", rows)
    return table_response(table.columns, table.rows, filename=f"{slug}_regions", fmt=fmt, title=table.title,
                          source=indicator.source)
