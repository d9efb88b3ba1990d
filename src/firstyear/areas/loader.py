"""Reference areas (England, regions, local authorities), their successions and seed groups.

Everything comes from the project's own files in ``firstyear/areas/data`` (see its README), so
``firstyear init`` works offline. Loading is idempotent: a second run changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from importlib import resources

from django.db import transaction

from firstyear.accounts.audit import AuditAction, record
from firstyear.areas.actions import create_group
from firstyear.areas.models import Area, AreaKind, AreaSuccession

AREA_FIELDS = ("name", "kind", "valid_from", "valid_to")
GROUP_FILES = ("cdop_footprints.csv", "comparators.csv")


def read_data_file(name: str) -> list[dict]:
    """Rows of a CSV in firstyear/areas/data, skipping the ``#`` comment lines at its top."""
    text = resources.files("firstyear.areas").joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


@dataclass
class LoadSummary:
    areas_added: int = 0
    areas_updated: int = 0
    areas_total: int = 0
    successions_added: int = 0
    successions_updated: int = 0
    successions_total: int = 0
    groups_added: int = 0
    groups_total: int = 0

    @property
    def changed(self) -> bool:
        return any((self.areas_added, self.areas_updated, self.successions_added,
                    self.successions_updated, self.groups_added))

    def __str__(self) -> str:
        return (
            f"{self.areas_total} reference areas ({self.areas_added} added, {self.areas_updated} updated), "
            f"{self.successions_total} successions ({self.successions_added} added, "
            f"{self.successions_updated} updated), "
            f"{self.groups_total} seed groups ({self.groups_added} added)"
        )


def _load_areas(summary: LoadSummary) -> dict[str, Area]:
    rows = read_data_file("areas.csv")
    existing = {a.code: a for a in Area.objects.filter(code__in=[r["code"] for r in rows])}
    new, changed = [], []
    for row in rows:
        wanted = {"name": row["name"], "kind": AreaKind(row["kind"]),
                  "valid_from": _date(row["valid_from"]), "valid_to": _date(row["valid_to"])}
        area = existing.get(row["code"])
        if area is None:
            new.append(Area(code=row["code"], **wanted))
        elif any(getattr(area, k) != v for k, v in wanted.items()):
            for k, v in wanted.items():
                setattr(area, k, v)
            changed.append(area)
    Area.objects.bulk_create(new)
    Area.objects.bulk_update(changed, AREA_FIELDS)
    by_code = {a.code: a for a in Area.objects.filter(code__in=[r["code"] for r in rows])}
    reparented = []
    for row in rows:
        area, parent = by_code[row["code"]], by_code.get(row["parent_code"])
        if area.parent_id != (parent.pk if parent else None):
            area.parent = parent
            reparented.append(area)
    Area.objects.bulk_update(reparented, ["parent"])
    summary.areas_added = len(new)
    summary.areas_updated = len({a.code for a in changed} | ({a.code for a in reparented} - {a.code for a in new}))
    summary.areas_total = len(rows)
    return by_code


def _load_successions(by_code: dict[str, Area], summary: LoadSummary) -> None:
    existing = {(s.predecessor_id, s.successor_id): s for s in AreaSuccession.objects.all()}
    new, changed = [], []
    rows = read_data_file("successions.csv")
    summary.successions_total = len(rows)
    for row in rows:
        before, after = by_code[row["predecessor_code"]], by_code[row["successor_code"]]
        wanted = {"kind": row["kind"], "effective_on": _date(row["effective_on"]), "note": row["note"][:300]}
        succession = existing.get((before.pk, after.pk))
        if succession is None:
            new.append(AreaSuccession(predecessor=before, successor=after, **wanted))
        elif any(getattr(succession, k) != v for k, v in wanted.items()):
            for k, v in wanted.items():
                setattr(succession, k, v)
            changed.append(succession)
    AreaSuccession.objects.bulk_create(new)
    AreaSuccession.objects.bulk_update(changed, ["kind", "effective_on", "note"])
    summary.successions_added, summary.successions_updated = len(new), len(changed)


def _seed_groups(summary: LoadSummary) -> None:
    """Create the seed groups that do not exist yet; groups already there belong to the users."""
    for name in GROUP_FILES:
        for row in read_data_file(name):
            summary.groups_total += 1
            if Area.objects.filter(code=row["code"]).exists():
                continue
            create_group(
                by=None, code=row["code"], name=row["name"], kind=row["kind"],
                members=row["members"].split("|"), description=row["description"],
            )
            summary.groups_added += 1


@transaction.atomic
def load_reference_areas() -> str:
    """Create or update every reference area, succession and seed group; return a summary."""
    summary = LoadSummary()
    by_code = _load_areas(summary)
    _load_successions(by_code, summary)
    _seed_groups(summary)
    if summary.changed:
        record(
            by=None,
            action=AuditAction.DATA_IMPORTED,
            object_type="reference_areas",
            object_ref="firstyear/areas/data",
            detail={
                "areas_added": summary.areas_added, "areas_updated": summary.areas_updated,
                "successions_added": summary.successions_added,
                "successions_updated": summary.successions_updated,
                "groups_added": summary.groups_added,
            },
        )
    return str(summary)
