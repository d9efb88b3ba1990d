"""The service navigation: one list, filtered by what the user may see."""

from __future__ import annotations

from django.urls import reverse

# (url name, text, permission or None for everyone who can see aggregates)
NAV = [
    ("web:home", "Home"),
    ("areas:index", "Areas"),
    ("indicators:index", "Indicators"),
]


def nav_items_for(request) -> list[dict]:
    path = request.path
    items = []
    for name, text in NAV:
        href = reverse(name)
        active = path == href if href == "/" else path.startswith(href)
        items.append({"href": href, "text": text, "active": active})
    return items
