"""Writing the audit log. Call :func:`record` inside the transaction of the change it records."""

from __future__ import annotations

import enum
from typing import Any

from django.utils import timezone

from firstyear.accounts.models import AuditEvent


class AuditAction(enum.StrEnum):
    LOGIN = "login"
    USER_CREATED = "user.created"
    MEMBERSHIP_ADDED = "membership.added"
    AREA_GROUP_CREATED = "area_group.created"
    AREA_GROUP_CHANGED = "area_group.changed"
    AREA_SUCCESSION_ADDED = "area_succession.added"
    DATA_IMPORTED = "data.imported"
    VALUES_RECOMPUTED = "values.recomputed"
    CASE_VIEWED = "case.viewed"
    CASE_CREATED = "case.created"
    CASE_CHANGED = "case.changed"
    CASE_EXPORTED = "case.exported"
    CASES_IMPORTED = "cases.imported"
    CASE_LIST_VIEWED = "case_list.viewed"
    CASE_ACCESS_DENIED = "case.access_denied"
    CASE_KEYS_ROTATED = "case_keys.rotated"
    CODE_LIST_PUBLISHED = "code_list.published"
    PANEL_RECOMMENDATION_CHANGED = "panel_recommendation.changed"
    REPORT_NARRATIVE_CHANGED = "report_narrative.changed"
    AUDIT_LOG_VIEWED = "audit_log.viewed"
    REPORT_GENERATED = "report.generated"
    PLAN_CHANGED = "plan.changed"
    PLAN_CREATED = "plan.created"
    PLAN_IMPORTED = "plan.imported"
    ACTION_CREATED = "action.created"
    ACTION_CHANGED = "action.changed"
    ACTION_PROGRESS = "action.progress"
    RECOMMENDATIONS_IMPORTED = "recommendations.imported"
    RECOMMENDATION_CHANGED = "recommendation.changed"
    RESPONSE_CHANGED = "recommendation_response.changed"
    BOARD_PAPER_CHANGED = "board_paper.changed"


def actor_label(user) -> tuple[int | None, str]:
    if user is None or not getattr(user, "is_authenticated", False):
        return None, "system" if user is None else "anonymous"
    return user.pk, user.email


def record(
    *,
    by,
    action: AuditAction,
    object_type: str = "",
    object_ref: str = "",
    area_code: str = "",
    reason: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    actor_id, actor = actor_label(by)
    return AuditEvent.objects.create(
        at=timezone.now(),
        actor_id=actor_id,
        actor=actor,
        action=str(action),
        object_type=object_type,
        object_ref=str(object_ref),
        area_code=area_code,
        reason=reason,
        detail=detail or {},
    )
