"""The service navigation: one list, filtered by what the user may see."""

from __future__ import annotations

from django.urls import reverse

from firstyear.accounts.permissions import has_permission
from firstyear.accounts.roles import Permission

# (url name, text, permission needed anywhere, or None for everyone)
NAV = [
    ("web:home", "Home", None),
    ("areas:index", "Areas", None),
    ("indicators:index", "Indicators", None),
    ("plans:index", "Action plans", Permission.VIEW_PLANS),
    ("reviews:cases", "Child death reviews", Permission.VIEW_CASES_PSEUDONYMISED),
    ("data:import", "Import data", Permission.IMPORT_DATA),
]


def nav_items_for(request) -> list[dict]:
    path = request.path
    user = getattr(request, "user", None)
    items = []
    for name, text, permission in NAV:
        if permission is not None and not has_permission(user, permission):
            continue
        href = reverse(name)
        active = path == href if href == "/" else path.startswith(href)
        items.append({"href": href, "text": text, "active": active})
    return items
