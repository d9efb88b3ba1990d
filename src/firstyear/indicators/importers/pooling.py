"""Sum counts over years for the same population: single years and 3-year pools by one code path.

Figures come in *units*: the set of area codes a published row covers (one area, or a combined
row such as Hackney with City of London). Units can differ between measures and years (ONS
combined City of London with Hackney in the 2010-2012 deaths tables, and in the births tables to
2013), so a sum is made over a *component*: the smallest set of codes that every unit in the
window either falls inside or keeps clear of. A component gets a total only when, in every year,
its units cover exactly its codes and none of their figures is missing; a figure is never
stretched to cover areas its source did not.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

Unit = frozenset  # of area codes
# measure -> year -> unit -> count (None: not published)
Figures = dict[str, dict[int, dict[Unit, int | None]]]


@dataclass
class Pooled:
    codes: Unit
    years: tuple[int, ...]
    totals: dict[str, int | None]
    exact: dict[str, bool] = field(default_factory=dict)  # one unit per year equal to the component
    missing: dict[str, str] = field(default_factory=dict)  # measure -> why there is no total


def components(units: Iterable[Unit]) -> list[Unit]:
    """Merge overlapping units (union-find on area codes)."""
    parent: dict[str, str] = {}

    def root(code: str) -> str:
        while parent.setdefault(code, code) != code:
            parent[code] = parent[parent[code]]
            code = parent[code]
        return code

    for unit in units:
        codes = sorted(unit)
        for code in codes[1:]:
            parent[root(code)] = root(codes[0])
        if codes:
            root(codes[0])
    groups: dict[str, set[str]] = {}
    for code in parent:
        groups.setdefault(root(code), set()).add(code)
    return sorted((frozenset(g) for g in groups.values()), key=lambda g: sorted(g))


def pool(figures: Figures, years: tuple[int, ...]) -> list[Pooled]:
    """Totals over ``years`` for every component of the units published in those years."""
    every_unit = [u for by_year in figures.values() for y in years for u in by_year.get(y, {})]
    out = []
    for component in components(every_unit):
        result = Pooled(component, years, {})
        for measure, by_year in figures.items():
            total, exact = 0, True
            for year in years:
                units = {u: v for u, v in by_year.get(year, {}).items() if u <= component}
                covered = frozenset().union(*units) if units else frozenset()
                if covered != component:
                    result.missing[measure] = f"{year}: no figure for {', '.join(sorted(component - covered))}"
                    break
                if any(v is None for v in units.values()):
                    result.missing[measure] = f"{year}: figure not published"
                    break
                total += sum(units.values())
                exact &= list(units) == [component]
            else:
                result.totals[measure] = total
                result.exact[measure] = exact
                continue
            result.totals[measure] = None
            result.exact[measure] = False
        out.append(result)
    return out
