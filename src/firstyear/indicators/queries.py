"""Reading published figures: one place for pages, the API, the CLI and reports."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.db.models import Q

from firstyear.areas.models import Area
from firstyear.indicators.models import Indicator, Observation, Period


class NotFound(LookupError):
    """A requested indicator, area or period does not exist (the message says which)."""


@dataclass(frozen=True)
class ValueRow:
    indicator: str
    indicator_name: str
    fingertips_id: int | None
    area_code: str
    area_name: str
    period: str
    period_start: str
    sex: str
    age: str
    category_type: str
    category: str
    count: int | None
    denominator: float | None
    value: float | None
    lower95: float | None
    upper95: float | None
    lower998: float | None
    upper998: float | None
    method: str
    england_value: float | None
    region_value: float | None
    compared_to_england: str
    compared_to_region: str
    quintile: int | None
    synthetic: bool
    note: str

    def as_dict(self) -> dict:
        return asdict(self)


FIELDS = (
    "indicator__slug", "indicator__name", "indicator__fingertips_id", "area__code", "area__name",
    "period__label", "period__start", "sex", "age", "category_type", "category", "count", "denominator",
    "computed__value", "computed__lower95", "computed__upper95", "computed__lower998", "computed__upper998",
    "computed__method", "computed__england_value", "computed__region_value", "computed__compared_to_england",
    "computed__compared_to_region", "computed__quintile", "synthetic", "note",
)


def resolve_indicator(key: str | int) -> Indicator:
    """An indicator by catalogue slug or by Fingertips id (``92196``)."""
    text = str(key).strip()
    found = (
        Indicator.objects.filter(fingertips_id=int(text)).first()
        if text.isdigit()
        else Indicator.objects.filter(slug=text.lower()).first()
    )
    if found is None:
        raise NotFound(f"No indicator {text!r}: use a catalogue slug (e.g. infant-mortality) or a Fingertips id (e.g. 92196).")
    return found


def resolve_area(code: str) -> Area:
    area = Area.objects.filter(code=str(code).strip().upper()).first()
    if area is None:
        raise NotFound(f"No area with code {code!r}.")
    return area


def normalise_period_label(label: str) -> str:
    """Accept "2014-16", "2014 - 16" and "2014 -16" alike: Fingertips writes "2014 - 16"."""
    text = " ".join(str(label).split())
    if "-" in text:
        left, right = (part.strip() for part in text.split("-", 1))
        return f"{left} - {right}"
    return text


def resolve_period(label: str, indicator: Indicator | None = None) -> Period:
    wanted = normalise_period_label(label)
    qs = Period.objects.filter(label=wanted)
    if indicator is not None:
        qs = qs.filter(period_type=indicator.period_type)
    period = qs.first()
    if period is None:
        raise NotFound(f"No period {label!r}" + (f" for {indicator.name}" if indicator else "") + ".")
    return period


def value_rows(
    *,
    indicator: Indicator | None = None,
    area: Area | None = None,
    areas=None,
    period: Period | None = None,
    breakdowns: bool = False,
) -> list[ValueRow]:
    """Published rows (count, denominator, value, intervals, comparisons), ordered by period.

    ``breakdowns=False`` returns area totals only; True returns breakdown rows only.
    """
    qs = Observation.objects.all()
    if indicator is not None:
        qs = qs.filter(indicator=indicator)
    if area is not None:
        qs = qs.filter(area=area)
    if areas is not None:
        qs = qs.filter(area__in=areas)
    if period is not None:
        qs = qs.filter(period=period)
    qs = qs.filter(~Q(category_type="")) if breakdowns else qs.filter(category_type="")
    qs = qs.order_by("indicator__sort_order", "area__name", "period__start", "period__end", "sex", "category_type", "category")
    return [_row(r) for r in qs.values_list(*FIELDS)]


def _row(r: tuple) -> ValueRow:
    r = list(r)
    r[6] = r[6].isoformat()
    return ValueRow(*r[:19], r[19], r[20], r[21] or "", r[22] or "", r[23], r[24], r[25])
