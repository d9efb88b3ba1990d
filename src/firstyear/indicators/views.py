from __future__ import annotations

from django.shortcuts import get_object_or_404, render

from firstyear.accounts.decorators import public_aggregate
from firstyear.indicators.models import Indicator


@public_aggregate
def index(request):
    return render(request, "indicators/index.html", {"indicators": Indicator.objects.all()})


@public_aggregate
def detail(request, slug: str):
    indicator = get_object_or_404(Indicator, slug=slug)
    return render(request, "indicators/detail.html", {"indicator": indicator})
