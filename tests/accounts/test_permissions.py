"""Area-scoped permissions: what each persona may do where."""

from __future__ import annotations

import pytest

from firstyear.accounts.models import AuditEvent
from firstyear.accounts.permissions import has_permission
from firstyear.accounts.roles import ROLES, Permission
from firstyear.areas.models import Area

pytestmark = pytest.mark.django_db


def area(code):
    return Area.objects.get(code=code)


def test_analyst_sees_own_area_and_its_districts_but_not_another(persona):
    lancs = persona("analyst", "E10000017")
    assert has_permission(lancs, Permission.VIEW_AGGREGATES, area("E10000017"))
    assert has_permission(lancs, Permission.VIEW_AGGREGATES, area("E07000117"))  # Burnley, a district of Lancashire
    assert not has_permission(lancs, Permission.VIEW_AGGREGATES, area("E06000009"))  # Blackpool
    assert not has_permission(lancs, Permission.VIEW_CASES_PSEUDONYMISED, area("E10000017"))


def test_footprint_membership_covers_member_authorities_only(persona):
    sec = persona("cdop_secretariat", "CDOP-PANLANCS")
    assert has_permission(sec, Permission.VIEW_CASES_IDENTIFIABLE, area("CDOP-PANLANCS"))
    assert has_permission(sec, Permission.VIEW_CASES_IDENTIFIABLE, area("E06000008"))
    assert has_permission(sec, Permission.VIEW_CASES_IDENTIFIABLE, area("E07000117"))
    assert not has_permission(sec, Permission.VIEW_CASES_IDENTIFIABLE, area("E08000003"))
    assert not has_permission(sec, Permission.VIEW_CASES_IDENTIFIABLE, area("E12000002"))


def test_panel_member_never_gets_identifiable_data(persona):
    panel = persona("panel_member", "CDOP-PANLANCS")
    assert has_permission(panel, Permission.VIEW_CASES_PSEUDONYMISED, area("CDOP-PANLANCS"))
    assert not has_permission(panel, Permission.VIEW_CASES_IDENTIFIABLE, area("CDOP-PANLANCS"))


def test_regional_and_national_scopes(persona):
    coordinator = persona("coordinator", "E12000002")
    assert has_permission(coordinator, Permission.VIEW_PLANS, area("E07000117"))
    assert has_permission(coordinator, Permission.VIEW_PLANS, area("CDOP-PANLANCS"))
    assert not has_permission(coordinator, Permission.VIEW_PLANS, area("E09000002"))
    admin = persona("admin", "E92000001")
    assert has_permission(admin, Permission.IMPORT_DATA, area("E09000002"))
    assert not has_permission(admin, Permission.VIEW_CASES_IDENTIFIABLE, area("CDOP-PANLANCS"))


def test_anonymous_and_inactive_users_have_no_permissions(persona, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    assert not has_permission(AnonymousUser(), Permission.VIEW_AGGREGATES)
    user = persona("analyst", "E06000008")
    user.is_active = False
    assert not has_permission(user, Permission.VIEW_AGGREGATES, area("E06000008"))


def test_every_role_is_described_and_grants_something():
    for role in ROLES.values():
        assert role.description and role.name
        assert role.permissions


def test_creating_a_user_is_audited(persona):
    user = persona("analyst", "E06000008", email="new.analyst@example.org")
    events = list(AuditEvent.objects.filter(object_ref=user.email).values_list("action", flat=True))
    assert sorted(events) == ["membership.added", "user.created"]
