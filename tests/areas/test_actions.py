"""Groups and successions are written through actions that validate and audit."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import CommandError, call_command

from firstyear.accounts.models import AuditEvent
from firstyear.areas.actions import AreaActionError, add_group_members, add_succession, create_group
from firstyear.areas.models import Area, AreaKind, AreaSuccession


def test_create_group_adds_members_and_audits_in_one_go(reference_areas):
    before = AuditEvent.objects.count()
    group = create_group(
        by=None, code="cdop-test", name="Test footprint", kind="cdop",
        members=["E06000008", "e06000009", "E06000008"], description="Two authorities.",
    )
    assert group.code == "CDOP-TEST" and group.kind == AreaKind.CDOP
    assert set(group.members.values_list("code", flat=True)) == {"E06000008", "E06000009"}
    event = AuditEvent.objects.order_by("-pk").first()
    assert AuditEvent.objects.count() == before + 1
    assert (event.action, event.object_ref, event.actor) == ("area_group.created", "CDOP-TEST", "system")
    assert event.detail["members"] == ["E06000008", "E06000009"]


def test_create_group_lists_every_unknown_member_and_writes_nothing(reference_areas):
    areas, events = Area.objects.count(), AuditEvent.objects.count()
    with pytest.raises(AreaActionError) as exc:
        create_group(by=None, code="CDOP-BAD", name="Bad", kind="cdop", members=["E06000008", "E99999999", "XX1"])
    assert "E99999999" in str(exc.value) and "XX1" in str(exc.value)
    assert "E06000008" not in str(exc.value)
    assert (Area.objects.count(), AuditEvent.objects.count()) == (areas, events)


@pytest.mark.parametrize(
    ("code", "kind", "members", "message"),
    [
        ("CDOP-X", "county", ["E06000008"], "not a group kind"),
        ("CDOP-PANLANCS", "cdop", ["E06000008"], "already exists"),
        ("cdop panlancs!", "cdop", ["E06000008"], "upper-case letters"),
        ("CDOP-Y", "cdop", [], "at least one member"),
        ("CDOP-Z", "cdop", ["CDOP-PANLANCS"], "cannot contain other groups"),
    ],
)
def test_create_group_refuses_bad_requests(reference_areas, code, kind, members, message):
    with pytest.raises(AreaActionError, match=message):
        create_group(by=None, code=code, name="Name", kind=kind, members=members)


def test_add_group_members_adds_only_new_members(reference_areas):
    added = add_group_members(by=None, code="CDOP-CHESHIRE", members=["E06000049", "E08000012"])
    assert added == ["E08000012"]
    assert Area.objects.get(code="CDOP-CHESHIRE").members.count() == 5
    assert add_group_members(by=None, code="CDOP-CHESHIRE", members=["E08000012"]) == []
    with pytest.raises(AreaActionError, match="No group"):
        add_group_members(by=None, code="E06000008", members=["E08000012"])


def test_add_succession_ends_the_predecessor_and_is_idempotent(db):
    old = Area.objects.create(code="E07000999", name="Old", kind=AreaKind.DISTRICT)
    new = Area.objects.create(code="E06000999", name="New", kind=AreaKind.UNITARY)
    succession, created = add_succession(by=None, predecessor=old.code, successor=new.code,
                                         kind="merge", effective_on=dt.date(2028, 4, 1))
    assert created and succession.kind == "merge"
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.valid_to, new.valid_from) == (dt.date(2028, 4, 1), dt.date(2028, 4, 1))
    _, created_again = add_succession(by=None, predecessor=old.code, successor=new.code,
                                      kind="merge", effective_on=dt.date(2028, 4, 1))
    assert not created_again and AreaSuccession.objects.count() == 1
    with pytest.raises(AreaActionError, match="Unknown area"):
        add_succession(by=None, predecessor="E07000000", successor=new.code, kind="merge",
                       effective_on=dt.date(2028, 4, 1))


def test_areas_command_lists_and_shows(reference_areas, no_database_check, capsys):
    call_command("areas", "list", "--kind", "region", "--format", "json")
    regions = json.loads(capsys.readouterr().out)
    assert len(regions) == 9 and {r["parent"] for r in regions} == {"E92000001"}
    call_command("areas", "list", "--parent", "E12000002", "--format", "csv")
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0] == "code,name,kind,parent,valid_from,valid_to" and len(lines) == 1 + 24
    call_command("areas", "list", "--parent", "E12000002", "--historic")
    assert "Cumbria" in capsys.readouterr().out
    call_command("areas", "show", "E10000006")
    shown = capsys.readouterr().out
    assert "Cumberland (E06000063)" in shown and "split" in shown and "North West" in shown


def test_areas_command_creates_groups_and_names_bad_codes(reference_areas, no_database_check, capsys):
    call_command("areas", "group", "create", "COMP-TEST", "--name", "Test comparators", "--kind", "comparator",
                 "--members", "E06000008, E06000009")
    assert "with 2 members" in capsys.readouterr().out
    with pytest.raises(CommandError, match="E99999999"):
        call_command("areas", "group", "create", "COMP-BAD", "--name", "Bad", "--kind", "comparator",
                     "--members", "E06000008,E99999999")
    call_command("areas", "group", "add-members", "COMP-TEST", "--members", "E08000003")
    assert "E08000003" in capsys.readouterr().out
    with pytest.raises(CommandError, match="No area"):
        call_command("areas", "show", "E00000000")
