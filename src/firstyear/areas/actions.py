"""Every write to areas goes through these functions: one transaction, audit event included."""

from __future__ import annotations

import datetime as dt
import re

from django.db import transaction

from firstyear.accounts.audit import AuditAction, record
from firstyear.areas.models import (
    GROUP_KINDS,
    Area,
    AreaGroupMember,
    AreaKind,
    AreaSuccession,
    SuccessionKind,
)

GROUP_CODE = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$")
GROUP_CODE_MAX = 20


class AreaActionError(ValueError):
    """A request that cannot be carried out; the message says why, in plain English."""


def _members(codes: list[str]) -> list[Area]:
    codes = [c.strip().upper() for c in codes if c and c.strip()]
    if not codes:
        raise AreaActionError("A group needs at least one member.")
    found = {a.code: a for a in Area.objects.filter(code__in=codes)}
    unknown = [c for c in dict.fromkeys(codes) if c not in found]
    if unknown:
        raise AreaActionError(f"Unknown area code(s): {', '.join(unknown)}.")
    groups = [c for c in dict.fromkeys(codes) if found[c].is_group]
    if groups:
        raise AreaActionError(f"Groups cannot contain other groups: {', '.join(groups)}.")
    return [found[c] for c in dict.fromkeys(codes)]


@transaction.atomic
def create_group(*, by, code: str, name: str, kind: str, members: list[str], description: str = "") -> Area:
    """Create a group of areas (CDOP footprint, ICS, comparator group...) and audit it."""
    code = code.strip().upper()
    problems = []
    if not GROUP_CODE.match(code) or len(code) > GROUP_CODE_MAX:
        problems.append(
            f"Group code {code!r} must be upper-case letters and digits, words joined by '-', "
            f"at most {GROUP_CODE_MAX} characters (e.g. CDOP-PANLANCS)."
        )
    if kind not in GROUP_KINDS:
        allowed = ", ".join(sorted(str(k) for k in GROUP_KINDS))
        problems.append(f"Kind {kind!r} is not a group kind: use one of {allowed}.")
    if not name.strip():
        problems.append("A group needs a name.")
    if Area.objects.filter(code=code).exists():
        problems.append(f"An area with code {code} already exists.")
    try:
        member_areas = _members(members)
    except AreaActionError as exc:
        problems.append(str(exc))
    if problems:
        raise AreaActionError(" ".join(problems))
    group = Area.objects.create(code=code, name=name.strip(), kind=AreaKind(kind), description=description)
    AreaGroupMember.objects.bulk_create(AreaGroupMember(group=group, member=m) for m in member_areas)
    record(
        by=by,
        action=AuditAction.AREA_GROUP_CREATED,
        object_type="area",
        object_ref=code,
        area_code=code,
        detail={"name": group.name, "kind": str(kind), "members": [m.code for m in member_areas]},
    )
    return group


@transaction.atomic
def add_group_members(*, by, code: str, members: list[str]) -> list[str]:
    """Add members to an existing group; returns the codes newly added (already there: ignored)."""
    group = Area.objects.filter(code=code.strip().upper()).first()
    if group is None or not group.is_group:
        raise AreaActionError(f"No group with code {code.strip().upper()!r}.")
    wanted = _members(members)
    present = set(group.member_links.values_list("member__code", flat=True))
    new = [m for m in wanted if m.code not in present]
    AreaGroupMember.objects.bulk_create(AreaGroupMember(group=group, member=m) for m in new)
    if new:
        record(
            by=by,
            action=AuditAction.AREA_GROUP_CHANGED,
            object_type="area",
            object_ref=group.code,
            area_code=group.code,
            reason="members added",
            detail={"added": [m.code for m in new]},
        )
    return [m.code for m in new]


@transaction.atomic
def add_succession(
    *, by, predecessor: str, successor: str, kind: str, effective_on: dt.date, note: str = ""
) -> tuple[AreaSuccession, bool]:
    """Record that ``predecessor`` was recoded, merged or split into ``successor``.

    Sets the predecessor's ``valid_to`` (and the successor's ``valid_from`` if empty) to the
    effective date. Idempotent: returns (succession, created).
    """
    if kind not in SuccessionKind.values:
        raise AreaActionError(f"Kind {kind!r} is not one of {', '.join(SuccessionKind.values)}.")
    areas = {a.code: a for a in Area.objects.filter(code__in=[predecessor, successor])}
    unknown = [c for c in (predecessor, successor) if c not in areas]
    if unknown:
        raise AreaActionError(f"Unknown area code(s): {', '.join(unknown)}.")
    if predecessor == successor:
        raise AreaActionError("An area cannot succeed itself.")
    before, after = areas[predecessor], areas[successor]
    succession, created = AreaSuccession.objects.get_or_create(
        predecessor=before, successor=after,
        defaults={"kind": kind, "effective_on": effective_on, "note": note[:300]},
    )
    if not created and (succession.kind, succession.effective_on, succession.note) != (kind, effective_on, note[:300]):
        succession.kind, succession.effective_on, succession.note = kind, effective_on, note[:300]
        succession.save(update_fields=["kind", "effective_on", "note"])
    if before.valid_to is None or before.valid_to > effective_on:
        before.valid_to = effective_on
        before.save(update_fields=["valid_to"])
    if after.valid_from is None:
        after.valid_from = effective_on
        after.save(update_fields=["valid_from"])
    if created:
        record(
            by=by,
            action=AuditAction.AREA_SUCCESSION_ADDED,
            object_type="area_succession",
            object_ref=f"{predecessor}->{successor}",
            area_code=successor,
            detail={"kind": kind, "effective_on": effective_on.isoformat(), "note": note[:300]},
        )
    return succession, created
