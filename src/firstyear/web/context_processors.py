from __future__ import annotations

from django.urls import reverse

from firstyear.web.navigation import nav_items_for


def navigation(request):
    return {
        "nav_items": nav_items_for(request),
        "footer_links": [
            {"href": reverse("web:methods"), "text": "How figures are calculated"},
            {"href": "/api/docs", "text": "API"},
            {"href": reverse("web:accessibility"), "text": "Accessibility statement"},
        ],
    }
