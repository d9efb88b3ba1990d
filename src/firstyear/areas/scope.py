"""Is one area inside another? The basis of area-scoped permissions."""

from __future__ import annotations

from firstyear.areas.models import Area, AreaKind


def area_within(target: Area, scope: Area) -> bool:
    """True when ``target`` lies inside ``scope`` (or is it).

    - geography: England contains everything; a region its authorities; a county its districts;
    - groups: a footprint contains its members (and their districts); a group is inside a
      scope when every member is.
    """
    if target.pk == scope.pk:
        return True
    if scope.kind == AreaKind.COUNTRY and not target.is_group:
        return True
    if target.is_group:
        members = list(target.members.all())
        return bool(members) and all(area_within(m, scope) for m in members)
    if any(a.pk == scope.pk for a in target.ancestors()):
        return True
    if scope.is_group:
        return any(area_within(target, member) for member in scope.members.all())
    return False
