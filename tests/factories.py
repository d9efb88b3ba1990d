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
