"""Roles and the permissions each grants, in plain English.

A user holds one or more *memberships*: a role within an area (a locality, a CDOP footprint,
a region or England). Every permission is checked with
:func:`firstyear.accounts.permissions.has_permission`, never by testing role names in views.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Permission(enum.StrEnum):
    VIEW_AGGREGATES = "view_aggregates"
    IMPORT_DATA = "import_data"
    MANAGE_USERS = "manage_users"
    VIEW_PLANS = "view_plans"
    EDIT_PLANS = "edit_plans"
    MANAGE_RECOMMENDATIONS = "manage_recommendations"
    VIEW_REVIEW_AGGREGATES = "view_review_aggregates"
    VIEW_CASES_PSEUDONYMISED = "view_cases_pseudonymised"
    VIEW_CASES_IDENTIFIABLE = "view_cases_identifiable"
    EDIT_CASES = "edit_cases"
    EXPORT_CASES = "export_cases"
    MANAGE_CODE_LISTS = "manage_code_lists"
    VIEW_AUDIT_LOG = "view_audit_log"


P = Permission


@dataclass(frozen=True)
class Role:
    key: str
    name: str
    description: str
    permissions: frozenset[Permission]


def _role(key: str, name: str, description: str, *perms: Permission) -> Role:
    return Role(key, name, description, frozenset(perms))


_CASEWORK = (
    P.VIEW_AGGREGATES,
    P.VIEW_PLANS,
    P.VIEW_REVIEW_AGGREGATES,
    P.VIEW_CASES_PSEUDONYMISED,
    P.VIEW_CASES_IDENTIFIABLE,
    P.EDIT_CASES,
    P.EXPORT_CASES,
)

ROLES: dict[str, Role] = {
    r.key: r
    for r in [
        _role(
            "analyst",
            "Public health analyst",
            "Sees published indicators and aggregate child death review tables for their area; "
            "never individual cases.",
            P.VIEW_AGGREGATES,
            P.VIEW_PLANS,
            P.VIEW_REVIEW_AGGREGATES,
        ),
        _role(
            "programme_lead",
            "Programme lead",
            "Owns their area's infant mortality action plan: edits actions and records progress.",
            P.VIEW_AGGREGATES,
            P.VIEW_PLANS,
            P.EDIT_PLANS,
        ),
        _role(
            "cdop_secretariat",
            "CDOP secretariat",
            "Runs the child death review register for their footprint: sees identifiable case "
            "details, records reviews and exports them.",
            *_CASEWORK,
        ),
        _role(
            "panel_member",
            "CDOP panel member",
            "Reviews cases of their footprint in a pseudonymised view: no names, NHS numbers, "
            "addresses or exact dates.",
            P.VIEW_AGGREGATES,
            P.VIEW_REVIEW_AGGREGATES,
            P.VIEW_CASES_PSEUDONYMISED,
        ),
        _role(
            "cdop_manager",
            "CDOP manager",
            "Everything the secretariat can do, plus the footprint's audit log, code lists and the "
            "action plan that tracks the panel's recommendations.",
            *_CASEWORK,
            P.EDIT_PLANS,
            P.VIEW_AUDIT_LOG,
            P.MANAGE_CODE_LISTS,
        ),
        _role(
            "coordinator",
            "Regional coordinator",
            "Keeps the regional recommendations register and sees every locality's plans and "
            "aggregate figures in their region.",
            P.VIEW_AGGREGATES,
            P.VIEW_PLANS,
            P.MANAGE_RECOMMENDATIONS,
            P.VIEW_REVIEW_AGGREGATES,
        ),
        _role(
            "admin",
            "Administrator",
            "Manages user accounts and imports published data. Case records need a CDOP role.",
            P.VIEW_AGGREGATES,
            P.VIEW_PLANS,
            P.IMPORT_DATA,
            P.MANAGE_USERS,
            P.VIEW_REVIEW_AGGREGATES,
        ),
    ]
}

ROLE_CHOICES = [(r.key, r.name) for r in ROLES.values()]
