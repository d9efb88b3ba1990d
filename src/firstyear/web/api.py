"""The read-only JSON API (OpenAPI document at /api/openapi.json, browsable at /api/docs)."""

from __future__ import annotations

from django.conf import settings
from ninja import NinjaAPI, Query, Schema
from ninja.errors import HttpError
from ninja.security import SessionAuth

from firstyear.areas.models import Area, AreaKind
from firstyear.indicators import queries
from firstyear.indicators.aggregate import rows_for
from firstyear.indicators.models import Indicator


class PublicOrSession(SessionAuth):
    """Open while published aggregates are public; otherwise a signed-in session is needed."""

    def __call__(self, request):
        if settings.FIRSTYEAR_PUBLIC_AGGREGATES:
            return True
        return super().__call__(request)


api = NinjaAPI(
    title="firstyear API",
    version="1",
    description=(
        "Published infant mortality indicators for English areas: counts, denominators, values, "
        "95% and 99.8% confidence intervals and Fingertips-style comparisons with England and the region. "
        "Read-only. Indicators are addressed by catalogue slug or Fingertips id; periods by their "
        "Fingertips label (e.g. `2014 - 16`)."
    ),
    urls_namespace="api",
    docs_url="/docs",
    auth=PublicOrSession(),
)


class AreaOut(Schema):
    code: str
    name: str
    kind: str
    parent: str | None
    current: bool


class IndicatorOut(Schema):
    slug: str
    fingertips_id: int | None
    name: str
    topic: str
    definition: str
    numerator: str
    denominator: str
    multiplier: int
    unit: str
    value_type: str
    ci_method: str
    polarity: str
    comparison: str
    period_type: str
    source: str
    authored_by: str
    checked_by: str
    next_review: str


class ValuesFilter(Schema):
    indicator: str
    area: str | None = None
    period: str | None = None
    breakdowns: bool = False


def _area_out(a: Area) -> AreaOut:
    return AreaOut(code=a.code, name=a.name, kind=a.kind, parent=a.parent.code if a.parent else None, current=a.is_current)


def _indicator_out(i: Indicator) -> IndicatorOut:
    data = {f: getattr(i, f) for f in IndicatorOut.model_fields}
    data["next_review"] = i.next_review.isoformat()
    return IndicatorOut(**data)


def _not_found(exc: queries.NotFound):
    raise HttpError(404, str(exc))


@api.get("/v1/areas", response=list[AreaOut], summary="Areas, optionally by kind or parent")
def list_areas(request, kind: AreaKind | None = None, parent: str | None = None):
    qs = Area.objects.select_related("parent").order_by("code")
    if kind:
        qs = qs.filter(kind=kind)
    if parent:
        qs = qs.filter(parent__code=parent.upper())
    return [_area_out(a) for a in qs]


@api.get("/v1/areas/{code}", response=AreaOut, summary="One area by GSS or group code")
def get_area(request, code: str):
    try:
        return _area_out(queries.resolve_area(code))
    except queries.NotFound as exc:
        _not_found(exc)


@api.get("/v1/indicators", response=list[IndicatorOut], summary="The indicator catalogue")
def list_indicators(request):
    return [_indicator_out(i) for i in Indicator.objects.all()]


@api.get("/v1/indicators/{key}", response=IndicatorOut, summary="One indicator by slug or Fingertips id")
def get_indicator(request, key: str):
    try:
        return _indicator_out(queries.resolve_indicator(key))
    except queries.NotFound as exc:
        _not_found(exc)


@api.get("/v1/values", response=list[queries.ValueRow], summary="Values with intervals and comparisons")
def list_values(request, filters: Query[ValuesFilter]):
    try:
        indicator = queries.resolve_indicator(filters.indicator)
        area = queries.resolve_area(filters.area) if filters.area else None
        period = queries.resolve_period(filters.period, indicator) if filters.period else None
    except queries.NotFound as exc:
        _not_found(exc)
    if area is not None:
        rows = rows_for(indicator, area, period, filters.breakdowns)
    else:
        rows = queries.value_rows(indicator=indicator, period=period, breakdowns=filters.breakdowns)
    return rows
