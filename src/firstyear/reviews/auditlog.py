"""Reading a footprint's audit trail (for the manager's page and ``firstyear audit list``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from firstyear.accounts.models import AuditEvent
from firstyear.areas.models import Area


@dataclass
class Event:
    at: dt.datetime
    actor: str
    action: str
    object_type: str
    object_ref: str
    area_code: str
    reason: str
    detail: dict

    def as_dict(self) -> dict:
        return {"at": self.at.isoformat(), "actor": self.actor, "action": self.action,
                "object_type": self.object_type, "object_ref": self.object_ref, "area_code": self.area_code,
                "reason": self.reason, "detail": self.detail}


def events_for(footprint: Area, *, since: str | None = None, action: str | None = None, limit: int | None = None):
    qs = AuditEvent.objects.filter(area_code=footprint.code).order_by("-at", "-id")
    if since:
        qs = qs.filter(at__date__gte=dt.date.fromisoformat(since))
    if action:
        qs = qs.filter(action=action)
    if limit:
        qs = qs[:limit]
    return [Event(e.at, e.actor, e.action, e.object_type, e.object_ref, e.area_code, e.reason, e.detail) for e in qs]
