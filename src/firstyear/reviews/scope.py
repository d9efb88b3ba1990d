"""Which cases a user may see, and which local authorities belong to a footprint.

Rules (docs/child-death-review.md):
- a footprint's CDOP secretariat and manager see identifiable details of its cases;
- its panel members see a pseudonymised view;
- analysts see aggregate tables only; nobody sees another footprint's cases.
Every check goes through ``has_permission(user, Permission.X, area=footprint)``.
"""

from __future__ import annotations

from django.db.models import Q

from firstyear.accounts.permissions import areas_with_permission, has_permission
from firstyear.accounts.roles import Permission
from firstyear.areas.models import Area, AreaKind, AreaSuccession
from firstyear.areas.scope import area_within


def viewable_footprints(user) -> list[Area]:
    """CDOP footprints whose cases the user may open (at least pseudonymised)."""
    scopes = areas_with_permission(user, Permission.VIEW_CASES_PSEUDONYMISED)
    if not scopes:
        return []
    footprints = Area.objects.filter(kind=AreaKind.CDOP).prefetch_related("members")
    return [f for f in footprints if any(area_within(f, s) for s in scopes)]


def can_view_case(user, footprint: Area) -> bool:
    return has_permission(user, Permission.VIEW_CASES_PSEUDONYMISED, area=footprint)


def can_identify(user, footprint: Area) -> bool:
    return has_permission(user, Permission.VIEW_CASES_IDENTIFIABLE, area=footprint)


def can_edit(user, footprint: Area) -> bool:
    return has_permission(user, Permission.EDIT_CASES, area=footprint)


def can_export(user, footprint: Area) -> bool:
    return has_permission(user, Permission.EXPORT_CASES, area=footprint)


def footprints_in(scope: Area) -> list[Area]:
    """The CDOP footprints a report scope covers: the footprint itself, or every footprint whose
    members all lie within a region (or England)."""
    if scope.kind == AreaKind.CDOP:
        return [scope]
    return [f for f in Area.objects.filter(kind=AreaKind.CDOP).prefetch_related("members")
            if area_within(f, scope)]


def can_view_report(user, scope: Area, edition: str) -> bool:
    """Restricted edition: case viewers of every footprint in scope. Public edition (disclosure
    controlled): anyone holding the aggregates permission in an area that overlaps the scope."""
    if edition == "restricted":
        footprints = footprints_in(scope)
        return bool(footprints) and all(can_view_case(user, f) for f in footprints)
    for area in areas_with_permission(user, Permission.VIEW_REVIEW_AGGREGATES):
        if area_within(scope, area) or area_within(area, scope):
            return True
        if scope.is_group and any(area_within(m, area) or area_within(area, m) for m in scope.members.all()):
            return True
    return False


def residence_codes(footprint: Area) -> set[str]:
    """Local authority codes a case of this footprint may give as residence: its members, their
    districts, and the areas they replaced (Cumbria county and its districts before 2023, say)."""
    members = list(footprint.members.all())
    codes = {m.code for m in members}
    codes |= set(Area.objects.filter(parent__in=members).values_list("code", flat=True))
    frontier = {m.pk for m in members} | set(Area.objects.filter(parent__in=members).values_list("pk", flat=True))
    seen = set(frontier)
    while frontier:
        preds = set(AreaSuccession.objects.filter(successor_id__in=frontier).values_list("predecessor_id", flat=True))
        preds -= seen
        seen |= preds
        frontier = preds
    codes |= set(Area.objects.filter(Q(pk__in=seen) | Q(parent_id__in=seen)).values_list("code", flat=True))
    return codes
