from __future__ import annotations

from django.shortcuts import get_object_or_404, render

from firstyear.accounts.decorators import public_aggregate
from firstyear.areas.models import Area


@public_aggregate
def index(request):
    return render(request, "areas/index.html", {"areas": Area.objects.order_by("kind", "name")})


@public_aggregate
def profile(request, code: str):
    area = get_object_or_404(Area, code=code.upper())
    return render(request, "areas/profile.html", {"area": area})
