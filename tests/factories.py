"""Test data built the way the application builds it (through actions where they exist)."""

from __future__ import annotations

import itertools

from firstyear.accounts.actions import create_user
from firstyear.areas.models import Area, AreaGroupMember, AreaKind

_serial = itertools.count(1)

# (code, name, kind, parent code) — real GSS codes.
SMALL_GEOGRAPHY = [
    ("E92000001", "England", AreaKind.COUNTRY, None),
    ("E12000002", "North West", AreaKind.REGION, "E92000001"),
    ("E12000007", "London", AreaKind.REGION, "E92000001"),
    ("E06000008", "Blackburn with Darwen", AreaKind.UNITARY, "E12000002"),
    ("E06000009", "Blackpool", AreaKind.UNITARY, "E12000002"),
    ("E10000017", "Lancashire", AreaKind.COUNTY, "E12000002"),
    ("E07000117", "Burnley", AreaKind.DISTRICT, "E10000017"),
    ("E08000003", "Manchester", AreaKind.METROPOLITAN_DISTRICT, "E12000002"),
    ("E09000002", "Barking and Dagenham", AreaKind.LONDON_BOROUGH, "E12000007"),
]


def make_geography() -> dict[str, Area]:
    areas: dict[str, Area] = {}
    for code, name, kind, parent in SMALL_GEOGRAPHY:
        areas[code], _ = Area.objects.get_or_create(
            code=code, defaults={"name": name, "kind": kind, "parent": areas.get(parent)}
        )
    footprint, _ = Area.objects.get_or_create(
        code="CDOP-PANLANCS", defaults={"name": "Pan-Lancashire CDOP", "kind": AreaKind.CDOP}
    )
    for code in ("E06000008", "E06000009", "E10000017"):
        AreaGroupMember.objects.get_or_create(group=footprint, member=areas[code])
    areas[footprint.code] = footprint
    return areas


def make_user(*, role: str, area_code: str, email: str | None = None, password: str = "correct horse battery staple"):
    email = email or f"{role}.{next(_serial)}@example.org"
    return create_user(by=None, email=email, role=role, area_code=area_code, password=password)


# (area, deaths, live births) per pooled period; England and the North West are realistic sums.
IMR_PERIODS = ["2010 - 12", "2011 - 13", "2012 - 14", "2013 - 15", "2014 - 16"]
IMR_COUNTS = {
    "E92000001": [(7700, 2_030_000), (7400, 2_010_000), (7100, 1_990_000), (6900, 1_980_000), (6800, 1_990_000)],
    "E12000002": [(1170, 262_000), (1130, 259_000), (1090, 256_000), (1080, 255_000), (1100, 256_000)],
    "E06000008": [(62, 7_300), (55, 7_100), (48, 6_900), (40, 6_600), (58, 6_400)],      # worse
    "E06000009": [(22, 5_300), (21, 5_200), (20, 5_100), (19, 5_000), (18, 4_900)],      # similar
    "E08000003": [(60, 28_000), (55, 27_500), (50, 27_000), (45, 26_800), (40, 26_500)],  # better
    "E10000017": [(160, 41_000), (150, 40_500), (145, 40_000), (140, 39_800), (135, 39_500)],
    "E08000001": [(40, 10_500), (38, 10_400), (36, 10_300), (35, 10_200), (34, 10_100)],
}


def make_profile_observations():
    import datetime as dt

    from firstyear.indicators.compute import recompute
    from firstyear.indicators.models import Indicator, Observation, Period

    imr = Indicator.objects.get(slug="infant-mortality")
    smoking = Indicator.objects.get(slug="smoking-at-delivery")
    areas = {a.code: a for a in Area.objects.filter(code__in=list(IMR_COUNTS) + ["E12000007"])}
    rows = []
    for i, label in enumerate(IMR_PERIODS):
        start = 2010 + i
        period, _ = Period.objects.get_or_create(
            period_type="pooled_3_calendar_years", label=label,
            defaults={"start": dt.date(start, 1, 1), "end": dt.date(start + 2, 12, 31)})
        for code, series in IMR_COUNTS.items():
            deaths, births = series[i]
            rows.append(Observation(indicator=imr, area=areas[code], period=period, count=deaths, denominator=births))
    fy, _ = Period.objects.get_or_create(period_type="financial_year", label="2016/17",
                                         defaults={"start": dt.date(2016, 4, 1), "end": dt.date(2017, 3, 31)})
    for code, (smokers, maternities) in {"E92000001": (63_000, 600_000), "E06000008": (300, 2_000),
                                         "E06000009": (400, 1_700), "E08000003": (600, 7_500)}.items():
        rows.append(Observation(indicator=smoking, area=areas[code], period=fy, sex="Female", count=smokers,
                                denominator=maternities))
    Observation.objects.bulk_create(rows)
    recompute()
    return areas
