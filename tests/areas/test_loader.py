"""Reference areas: complete, correctly nested, with their history, and loaded idempotently."""

from __future__ import annotations

import csv
import datetime as dt
import json

import pytest

from firstyear.accounts.models import AuditEvent
from firstyear.areas.loader import load_reference_areas
from firstyear.areas.models import (
    LOWER_TIER_KINDS,
    UPPER_TIER_KINDS,
    Area,
    AreaKind,
    AreaSuccession,
    SuccessionKind,
)
from tests.importers.shared import shared_file

NORTH_WEST = "E12000002"
TRACKED = ("E92", "E12", "E10", "E06", "E08", "E09", "E07")


def current(**filters):
    return Area.objects.filter(valid_to__isnull=True, **filters)


def valid_on(day: dt.date, **filters):
    return [
        a for a in Area.objects.filter(**filters)
        if (a.valid_from is None or a.valid_from <= day) and (a.valid_to is None or day < a.valid_to)
    ]


def test_england_regions_and_authorities_of_the_2023_geography(reference_areas):
    assert Area.objects.get(code="E92000001").kind == AreaKind.COUNTRY
    regions = Area.objects.filter(kind=AreaKind.REGION)
    assert regions.count() == 9
    assert {r.parent.code for r in regions} == {"E92000001"}
    # April 2023: 21 counties + 63 unitaries + 36 metropolitan districts + 33 London boroughs;
    # 164 districts + 63 + 36 + 33 lower-tier authorities.
    assert current(kind__in=UPPER_TIER_KINDS).count() == 153
    assert current(kind__in=LOWER_TIER_KINDS).count() == 296


def test_north_west_has_23_upper_tier_authorities_in_2021_and_24_once_cumbria_split(reference_areas):
    in_2021 = valid_on(dt.date(2021, 6, 30), parent__code=NORTH_WEST, kind__in=UPPER_TIER_KINDS)
    assert len(in_2021) == 23
    assert "E10000006" in {a.code for a in in_2021}  # Cumbria
    now = current(parent__code=NORTH_WEST, kind__in=UPPER_TIER_KINDS)
    assert now.count() == 24
    assert {"E06000063", "E06000064"} <= set(now.values_list("code", flat=True))
    cumbria = Area.objects.get(code="E10000006")
    assert cumbria.valid_to == dt.date(2023, 4, 1)
    assert set(cumbria.successions.values_list("successor__code", "kind")) == {
        ("E06000063", SuccessionKind.SPLIT), ("E06000064", SuccessionKind.SPLIT)}


def test_north_west_2021_authorities_match_the_published_lookup(reference_areas):
    lookup = shared_file("geography/derived_north_west_utla21_lookup.csv")
    with lookup.open(encoding="utf-8-sig") as handle:
        published = {r["UTLA21CD"] for r in csv.DictReader(handle)}
    in_2021 = valid_on(dt.date(2021, 6, 30), parent__code=NORTH_WEST, kind__in=UPPER_TIER_KINDS)
    assert {a.code for a in in_2021} == published


def test_parents_run_district_county_region_england(reference_areas):
    burnley = Area.objects.get(code="E07000117")
    assert [a.code for a in burnley.ancestors()] == ["E10000017", NORTH_WEST, "E92000001"]
    assert [a.code for a in Area.objects.get(code="E06000008").ancestors()] == [NORTH_WEST, "E92000001"]
    assert [a.code for a in Area.objects.get(code="E09000012").ancestors()] == ["E12000007", "E92000001"]
    assert Area.objects.get(code="E08000003").kind == AreaKind.METROPOLITAN_DISTRICT
    orphans = Area.objects.filter(parent__isnull=True).exclude(code="E92000001").exclude(
        kind__in=[AreaKind.CDOP, AreaKind.ICS, AreaKind.COMPARATOR, AreaKind.GROUP])
    assert list(orphans) == []
    for district in Area.objects.filter(kind=AreaKind.DISTRICT).select_related("parent"):
        assert district.parent.kind == AreaKind.COUNTY, district


@pytest.mark.parametrize(
    ("before", "after", "kind", "on"),
    [
        ("E08000020", "E08000037", "recode", "2013-04-01"),  # Gateshead
        ("E06000048", "E06000057", "recode", "2013-04-01"),  # Northumberland
        ("E07000100", "E07000240", "recode", "2013-04-01"),  # St Albans
        ("E07000104", "E07000241", "recode", "2013-04-01"),  # Welwyn Hatfield
        ("E06000028", "E06000058", "merge", "2019-04-01"),  # Bournemouth -> BCP
        ("E07000052", "E06000059", "merge", "2019-04-01"),  # West Dorset -> Dorset UA
        ("E07000205", "E07000244", "merge", "2019-04-01"),  # Suffolk Coastal -> East Suffolk
        ("E07000190", "E07000246", "merge", "2019-04-01"),  # Taunton Deane
        ("E07000004", "E06000060", "merge", "2020-04-01"),  # Aylesbury Vale -> Buckinghamshire
        ("E10000021", "E06000062", "split", "2021-04-01"),  # Northamptonshire
        ("E07000026", "E06000063", "merge", "2023-04-01"),  # Allerdale -> Cumberland
        ("E10000023", "E06000065", "recode", "2023-04-01"),  # North Yorkshire
        ("E07000246", "E06000066", "merge", "2023-04-01"),  # Somerset West and Taunton -> Somerset
    ],
)
def test_successions_record_code_history(reference_areas, before, after, kind, on):
    succession = AreaSuccession.objects.get(predecessor__code=before, successor__code=after)
    assert (succession.kind, succession.effective_on.isoformat()) == (kind, on)
    assert succession.predecessor.valid_to == succession.effective_on


def test_every_predecessor_ends_when_its_succession_starts(reference_areas):
    successions = AreaSuccession.objects.select_related("predecessor", "successor")
    assert successions.count() >= 50
    for s in successions:
        assert s.predecessor.valid_to is not None and s.predecessor.valid_to <= s.effective_on, s
        assert s.successor.valid_from is None or s.successor.valid_from <= s.effective_on, s


def _ons_codes():
    path = shared_file("ons/derived_ons_la_infant_deaths_births_2010_2017.csv")
    with path.open(encoding="utf-8-sig") as handle:
        return {c.strip() for r in csv.DictReader(handle) for c in r["area_code"].split(",")}


def _fingertips_codes():
    path = shared_file("fingertips/fingertipsnext_healthdata.csv")
    with path.open(encoding="utf-8-sig") as handle:
        return {r["AreaCode"] for r in csv.DictReader(handle)}


def _fingertips_area_codes():
    path = shared_file("fingertips/fingertipsnext_areas.csv")
    with path.open(encoding="utf-8-sig") as handle:
        return {r["AreaCode"] for r in csv.DictReader(handle)}


def _lookup_2021_codes():
    path = shared_file("geography/pypi-qlacref-authorities-2021.4_records.json")
    records = json.loads(path.read_text())
    return {r[k] for r in records for k in ("LTLA21CD", "UTLA21CD")}


@pytest.mark.parametrize("codes", [_ons_codes, _fingertips_codes, _fingertips_area_codes, _lookup_2021_codes],
                         ids=["ons-derived", "fingertips-extract", "fingertips-areas", "lookup-2021"])
def test_every_england_region_and_local_authority_code_in_the_sources_is_an_area(reference_areas, codes):
    wanted = {c for c in codes() if c.startswith(TRACKED)}
    assert wanted, "the source names no English areas"
    known = set(Area.objects.filter(code__in=wanted).values_list("code", flat=True))
    assert sorted(wanted - known) == []


def test_seed_groups_are_the_north_west_cdop_footprints_and_a_comparator(reference_areas):
    members = {g.code: set(g.members.values_list("code", flat=True)) for g in Area.objects.filter(kind="cdop")}
    assert members["CDOP-PANLANCS"] == {"E10000017", "E06000008", "E06000009"}
    assert members["CDOP-CHESHIRE"] == {"E06000049", "E06000050", "E06000006", "E06000007"}
    assert members["CDOP-MERSEYSIDE"] == {"E08000012", "E08000011", "E08000014", "E08000013", "E08000015"}
    assert members["CDOP-CUMBRIA"] == {"E06000063", "E06000064"}
    assert len(members["CDOP-GM"]) == 10
    # Every current North West upper-tier authority is in exactly one footprint.
    north_west = set(current(parent__code=NORTH_WEST, kind__in=UPPER_TIER_KINDS).values_list("code", flat=True))
    assert sorted(c for group in members.values() for c in group) == sorted(north_west)
    comparator = Area.objects.get(code="COMP-BWD-IMD")
    assert comparator.kind == AreaKind.COMPARATOR
    assert comparator.members.count() == 10
    assert "E06000008" not in set(comparator.members.values_list("code", flat=True))
    assert "IMD 2019" in comparator.description and "births" in comparator.description
    assert AuditEvent.objects.filter(action="area_group.created").count() == 6


def test_loading_twice_changes_nothing(reference_areas):
    assert "381 reference areas (381 added" in reference_areas
    snapshot = list(Area.objects.order_by("code").values())
    events = AuditEvent.objects.count()
    again = load_reference_areas()
    assert "(0 added, 0 updated)" in again and "6 seed groups (0 added)" in again
    assert list(Area.objects.order_by("code").values()) == snapshot
    assert AuditEvent.objects.count() == events


def test_loading_repairs_a_changed_reference_area_but_leaves_user_groups_alone(reference_areas):
    Area.objects.filter(code="E06000008").update(name="Blackburn")
    group = Area.objects.get(code="CDOP-PANLANCS")
    group.member_links.filter(member__code="E06000009").delete()
    summary = load_reference_areas()
    assert "1 updated" in summary
    assert Area.objects.get(code="E06000008").name == "Blackburn with Darwen"
    assert group.members.count() == 2  # groups belong to their users once created
