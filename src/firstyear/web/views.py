from __future__ import annotations

from django.shortcuts import render

from firstyear.accounts.decorators import public_aggregate
from firstyear.areas.models import Area, AreaKind
from firstyear.indicators import queries
from firstyear.indicators.models import Indicator


@public_aggregate
def home(request):
    imr = Indicator.objects.filter(slug="infant-mortality").first()
    england = Area.objects.filter(code="E92000001").first()
    latest = None
    if imr and england:
        rows = queries.value_rows(indicator=imr, area=england)
        latest = rows[-1] if rows else None
    regions = Area.objects.filter(kind=AreaKind.REGION, valid_to__isnull=True).order_by("name")
    return render(request, "web/home.html", {"imr": imr, "england_latest": latest, "regions": regions})


@public_aggregate
def styleguide(request):
    return render(request, "_styleguide.html", {})


@public_aggregate
def methods(request):
    return render(request, "web/methods.html", {"indicators": Indicator.objects.all()})


@public_aggregate
def accessibility(request):
    return render(request, "web/accessibility.html", {})
