"""Load the reviewed indicator definitions from ``catalogue.toml`` into the database."""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from importlib import resources

from django.db import transaction

from firstyear.indicators.models import (
    CIMethod,
    Comparison,
    Indicator,
    PeriodType,
    Polarity,
    ValueType,
)

REQUIRED = (
    "slug name short_name topic definition numerator denominator multiplier unit value_type "
    "ci_method polarity comparison period_type source authored_by checked_by next_review"
).split()
CHOICES = {
    "value_type": ValueType.values,
    "ci_method": CIMethod.values,
    "polarity": Polarity.values,
    "comparison": Comparison.values,
    "period_type": PeriodType.values,
}


class CatalogueError(ValueError):
    pass


@dataclass(frozen=True)
class SyncResult:
    created: int
    updated: int


def read_catalogue(text: str | None = None) -> list[dict]:
    """Parse and validate the catalogue; raise CatalogueError listing every problem."""
    if text is None:
        text = resources.files("firstyear.indicators").joinpath("catalogue.toml").read_text()
    entries = tomllib.loads(text).get("indicator", [])
    problems, seen_slugs, seen_ids = [], set(), set()
    for n, entry in enumerate(entries, start=1):
        where = f"indicator {n} ({entry.get('slug', '?')})"
        problems += [f"{where}: missing {key}" for key in REQUIRED if key not in entry]
        for key, allowed in CHOICES.items():
            if key in entry and entry[key] not in allowed:
                problems.append(f"{where}: {key}={entry[key]!r} is not one of {', '.join(allowed)}")
        if entry.get("slug") in seen_slugs:
            problems.append(f"{where}: duplicate slug")
        if entry.get("fingertips_id") is not None and entry["fingertips_id"] in seen_ids:
            problems.append(f"{where}: duplicate fingertips_id")
        if isinstance(entry.get("next_review"), str):
            try:
                entry["next_review"] = dt.date.fromisoformat(entry["next_review"])
            except ValueError:
                problems.append(f"{where}: next_review {entry['next_review']!r} is not a date")
        seen_slugs.add(entry.get("slug"))
        seen_ids.add(entry.get("fingertips_id"))
    if problems:
        raise CatalogueError("; ".join(problems))
    return entries


@transaction.atomic
def sync_catalogue(entries: list[dict] | None = None) -> SyncResult:
    entries = read_catalogue() if entries is None else entries
    created = updated = 0
    for order, entry in enumerate(entries):
        fields = {k: v for k, v in entry.items() if k != "slug"}
        fields.setdefault("fingertips_id", None)
        fields.setdefault("interval_divisor", 1.0)
        fields.setdefault("standard_sex", "Persons")
        fields.setdefault("standard_age", "")
        fields["sort_order"] = order
        obj, was_created = Indicator.objects.get_or_create(slug=entry["slug"], defaults=fields)
        if was_created:
            created += 1
            continue
        changed = [k for k, v in fields.items() if getattr(obj, k) != v]
        if changed:
            for k in changed:
                setattr(obj, k, fields[k])
            obj.save(update_fields=changed)
            updated += 1
    return SyncResult(created, updated)
