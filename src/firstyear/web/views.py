from __future__ import annotations

from django.shortcuts import render

from firstyear.accounts.decorators import public_aggregate


@public_aggregate
def home(request):
    return render(request, "web/home.html", {})


@public_aggregate
def styleguide(request):
    return render(request, "_styleguide.html", {})
