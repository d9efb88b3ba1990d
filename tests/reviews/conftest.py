"""Fixtures for the child death review register: two footprints and a case factory (through actions)."""

from __future__ import annotations

import datetime as dt

import pytest

from firstyear.areas.models import Area, AreaGroupMember, AreaKind


@pytest.fixture
def footprints(geography):
    """A = Pan-Lancashire (from the shared geography), B = a Manchester footprint."""
    b, _ = Area.objects.get_or_create(code="CDOP-MCR", defaults={"name": "Manchester CDOP", "kind": AreaKind.CDOP})
    AreaGroupMember.objects.get_or_create(group=b, member=geography["E08000003"])
    return geography["CDOP-PANLANCS"], b


def details(**overrides):
    from firstyear.reviews.actions import CaseDetails

    base = dict(case_ref="A-001", date_of_birth=dt.date(2014, 5, 1), date_of_death=dt.date(2014, 6, 10), sex="female",
                ethnic_group="white", residence_la_code="E06000008", expected="unexpected",
                notified_on=dt.date(2014, 6, 11), nhs_number="9434765919", given_name="Testa", family_name="Childe",
                address="1 Example Row", postcode="BB1 1AA", lsoa_code="E01012345", birthweight_g=2100)
    base.update(overrides)
    return CaseDetails(**base)


@pytest.fixture
def make_case(footprints):
    from firstyear.reviews.actions import notify_case

    def build(footprint=None, by=None, **overrides):
        return notify_case(by=by, footprint=footprint or footprints[0], details=details(**overrides))

    return build


def walk_to_panel(case, by=None):
    from firstyear.reviews import actions

    actions.move_case(by=by, case=case, to_state="information_gathering", on=dt.date(2014, 6, 20))
    actions.move_case(by=by, case=case, to_state="local_review_held", on=dt.date(2014, 8, 1))
    actions.move_case(by=by, case=case, to_state="panel_scheduled", on=dt.date(2014, 8, 2), panel_date=dt.date(2014, 10, 1))
    case.refresh_from_db()
    return case
