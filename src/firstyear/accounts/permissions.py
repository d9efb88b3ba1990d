"""The one permission check: ``has_permission(user, Permission.X, area=...)``."""

from __future__ import annotations

from firstyear.accounts.roles import ROLES, Permission
from firstyear.areas.models import Area
from firstyear.areas.scope import area_within


def memberships_granting(user, permission: Permission):
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    cached = getattr(user, "_firstyear_memberships", None)
    if cached is None:
        cached = list(user.memberships.select_related("area", "area__parent", "area__parent__parent"))
        user._firstyear_memberships = cached
    return [m for m in cached if permission in ROLES[m.role].permissions]


def has_permission(user, permission: Permission, area: Area | None = None) -> bool:
    """True when one of the user's memberships grants ``permission`` over ``area``.

    With ``area=None`` the question is "anywhere at all" (used to show menus); pages that
    show an area's data always pass the area.
    """
    granting = memberships_granting(user, permission)
    if area is None:
        return bool(granting)
    return any(area_within(area, m.area) for m in granting)


def areas_with_permission(user, permission: Permission) -> list[Area]:
    """The scope areas in which the user holds ``permission``."""
    return [m.area for m in memberships_granting(user, permission)]
