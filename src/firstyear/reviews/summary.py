"""Aggregate child death review figures that other parts of firstyear use (e.g. plan coverage).

Only counts leave this module, never cases. Pages that show them apply the register's
disclosure threshold (``firstyear.reviews.disclosure.THRESHOLD``).
"""

from __future__ import annotations

from collections import Counter

from firstyear.areas.models import Area, AreaKind, AreaSuccession
from firstyear.reviews.models import Case, CodeListVersion, Modifiable
from firstyear.reviews.scope import footprints_in


def residence_codes_of(area: Area) -> set[str]:
    """An authority, its districts, and the areas it replaced (whose cases were recorded under
    the old code: Cumbria's for Cumberland, say)."""
    codes = {area.code} | set(Area.objects.filter(parent=area).values_list("code", flat=True))
    predecessors = AreaSuccession.objects.filter(successor=area).values_list("predecessor_id", flat=True)
    old = Area.objects.filter(pk__in=list(predecessors))
    codes |= set(old.values_list("code", flat=True))
    codes |= set(Area.objects.filter(parent__in=old).values_list("code", flat=True))
    return codes


def reviewed_cases_for(area: Area):
    """Reviewed cases whose child lived in ``area``; for a footprint, region or England, every
    reviewed case of the footprints within it."""
    reviewed = Case.objects.exclude(panel_reviewed_on__isnull=True)
    if area.kind == AreaKind.CDOP:
        return reviewed.filter(footprint=area)
    if area.is_group or area.kind in (AreaKind.COUNTRY, AreaKind.REGION):
        return reviewed.filter(footprint__in=footprints_in(area))
    return reviewed.filter(residence_la__code__in=residence_codes_of(area))


def modifiable_factor_summary(area: Area, year: str | None = None) -> list[tuple[str, str, int]]:
    """(factor code, factor name, reviewed deaths where the panel scored it 2 — "may have
    contributed") for every factor of the current code list; ``year`` ("2014/15") limits the
    count to deaths in that financial year."""
    cases = reviewed_cases_for(area).filter(modifiable=Modifiable.IDENTIFIED)
    if year:
        cases = cases.filter(death_fy=year)
    counts: Counter = Counter()
    for levels in cases.values_list("factor_levels", flat=True):
        counts.update(code for code, level in (levels or {}).items() if int(level) == 2)
    if not counts:
        return []
    version = CodeListVersion.current()
    return [(f.code, f.name, counts.get(f.code, 0)) for f in version.factors.order_by("sort")]
