"""Plans -> priorities -> objectives -> actions; the recommendations register; board paper narrative.

Editable records carry ``version``: a form posts the version it loaded and
:mod:`firstyear.plans.actions` refuses a save whose version is stale. Every change to an
action is written as an :class:`ActionUpdate` (its dated history) and to the audit log.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models

from firstyear.plans.constants import (
    CLOSED,
    FACTORS,
    RAG,
    Board,
    Level,
    Reporting,
    Response,
    Status,
)
from firstyear.plans.dates import DateKind, PlanDate, Precision


class Plan(models.Model):
    owner = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="plans",
                              help_text="The locality or footprint whose plan this is.")
    title = models.CharField(max_length=300)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    version_label = models.CharField(max_length=100, blank=True, help_text='The plan\'s own version, e.g. "v3 (5 February 2020)".')
    boards = models.CharField(max_length=300, blank=True,
                              help_text="The boards that govern the plan, e.g. Health and Wellbeing Board; LSCB.")
    summary = models.TextField(blank=True)
    source = models.CharField(max_length=300, blank=True, help_text="The file the plan was imported from, if any.")
    import_notes = models.TextField(blank=True, help_text="Cells the import could not place, kept word for word.")
    synthetic = models.BooleanField(default=False)
    archived = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["owner__name", "title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.owner.name})"

    @property
    def period_label(self) -> str:
        if self.period_start and self.period_end:
            return f"{self.period_start:%B %Y} to {self.period_end:%B %Y}"
        if self.period_start:
            return f"From {self.period_start:%B %Y}"
        return ""


class Priority(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="priorities")
    ref = models.CharField(max_length=20, blank=True)
    title = models.TextField()
    order = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["plan", "order"]
        verbose_name_plural = "priorities"

    def __str__(self) -> str:
        return f"{self.ref} {self.title}".strip()

    @property
    def label(self) -> str:
        return f"{self.ref}. {self.title}" if self.ref and not self.title.lower().startswith("priority") else self.title


class Objective(models.Model):
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="objectives")
    ref = models.CharField(max_length=20, blank=True)
    title = models.TextField(blank=True)
    rationale = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["priority", "order"]

    def __str__(self) -> str:
        return f"{self.ref} {self.title}".strip()


class Action(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="actions")
    ref = models.CharField(max_length=20, blank=True)
    order = models.PositiveIntegerField(default=0)
    description = models.TextField()
    lead = models.TextField(blank=True, help_text="Person and/or role, as the plan names them.")
    lead_organisation = models.CharField(max_length=200, blank=True)
    lead_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="led_actions", help_text="The platform user who leads it, for 'my actions'.")
    partners = models.TextField(blank=True, help_text="One partner a line.")
    outcome = models.TextField(blank=True, help_text="The change sought, ideally with a measure.")
    reporting = models.CharField(max_length=300, blank=True, help_text='How progress is reported, e.g. "by exception".')
    reporting_kind = models.CharField(max_length=20, choices=Reporting.choices, blank=True)
    deep_dive_date = models.DateField(null=True, blank=True)
    deep_dive_precision = models.CharField(max_length=5, choices=Precision.choices, blank=True)
    deep_dive_kind = models.CharField(max_length=10, choices=DateKind.choices, blank=True)
    deep_dive_text = models.CharField(max_length=300, blank=True)
    deep_dive_by = models.DateField(null=True, blank=True, db_index=True)
    due_date = models.DateField(null=True, blank=True)
    due_precision = models.CharField(max_length=5, choices=Precision.choices, blank=True)
    due_kind = models.CharField(max_length=10, choices=DateKind.choices, blank=True)
    due_text = models.CharField(max_length=300, blank=True)
    due_by = models.DateField(null=True, blank=True, db_index=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED, db_index=True)
    notes = models.TextField(blank=True, help_text="Anything else, e.g. cells an import kept here.")
    indicators = models.ManyToManyField("indicators.Indicator", blank=True, related_name="plan_actions")
    latest_note = models.TextField(blank=True)
    latest_update_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["plan", "objective__priority__order", "objective__order", "order"]
        indexes = [models.Index(fields=["plan", "status"]), models.Index(fields=["plan", "due_by"])]

    def __str__(self) -> str:
        return self.description[:80]

    # -- dates as PlanDate ---------------------------------------------------------------------
    @property
    def due(self) -> PlanDate:
        return PlanDate(self.due_date, self.due_precision, self.due_kind, self.due_text)

    @property
    def deep_dive(self) -> PlanDate:
        return PlanDate(self.deep_dive_date, self.deep_dive_precision, self.deep_dive_kind, self.deep_dive_text)

    def set_due(self, value: PlanDate) -> None:
        self.due_date, self.due_precision, self.due_kind, self.due_text = value.date, value.precision, value.kind, value.text
        self.due_by = value.by

    def set_deep_dive(self, value: PlanDate) -> None:
        self.deep_dive_date, self.deep_dive_precision = value.date, value.precision
        self.deep_dive_kind, self.deep_dive_text = value.kind, value.text
        self.deep_dive_by = value.by

    # -- status ---------------------------------------------------------------------------------
    @property
    def rag(self) -> str:
        return RAG[Status(self.status)]

    @property
    def closed(self) -> bool:
        return self.status in CLOSED

    def is_overdue(self, today: dt.date) -> bool:
        return self.due_by is not None and self.due_by < today and not self.closed

    @property
    def factor_codes(self) -> list[str]:
        return [f.code for f in self.factors.all()]

    @property
    def factor_names(self) -> list[str]:
        return [FACTORS.get(c, c) for c in self.factor_codes]

    @property
    def partner_list(self) -> list[str]:
        return [p.strip() for p in self.partners.splitlines() if p.strip()]


class ActionFactor(models.Model):
    """A modifiable factor (child death review checklist code) an action addresses."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="factors")
    code = models.CharField(max_length=40, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["action", "code"], name="unique_action_factor")]
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class UpdateKind(models.TextChoices):
    CREATED = "created", "Created"
    IMPORTED = "imported", "Imported"
    PROGRESS = "progress", "Progress update"
    EDITED = "edited", "Changed"


class ActionUpdate(models.Model):
    """One dated entry in an action's history: a progress update, an edit, its creation."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    at = models.DateTimeField(db_index=True)
    as_of = models.DateField(help_text="The date the update speaks for.")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    by_label = models.CharField(max_length=254)
    kind = models.CharField(max_length=10, choices=UpdateKind.choices)
    status = models.CharField(max_length=12, choices=Status.choices)
    note = models.TextField(blank=True)
    changes = models.JSONField(default=dict, blank=True, help_text="{field: [before, after]} for edits.")
    version = models.PositiveIntegerField(help_text="The action's version after this entry.")
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["action", "-at"])]

    def __str__(self) -> str:
        return f"{self.as_of} {self.kind} {self.action_id}"

    @property
    def rag(self) -> str:
        return RAG[Status(self.status)]


def evidence_path(instance, filename: str) -> str:
    return f"plans/evidence/{instance.update.action.plan_id}/{instance.update_id}/{filename}"


class Evidence(models.Model):
    update = models.ForeignKey(ActionUpdate, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path, max_length=300)
    name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    def __str__(self) -> str:
        return self.name


# -- recommendations register ----------------------------------------------------------------------


class RecommendationSource(models.Model):
    title = models.CharField(max_length=300)
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="recommendation_sources",
                             help_text="Where the source applies: a region for a regional review.")
    published = models.CharField(max_length=40, blank=True)
    synthetic = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["area", "title"], name="unique_source_per_area")]
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Recommendation(models.Model):
    source = models.ForeignKey(RecommendationSource, on_delete=models.CASCADE, related_name="recommendations")
    level = models.CharField(max_length=10, choices=Level.choices)
    number = models.PositiveIntegerField()
    theme = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=300, blank=True, help_text="A short title.")
    text = models.TextField()
    proposed_lead = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "level", "number"], name="unique_recommendation")]
        ordering = ["source", "level", "number"]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.number}: {self.title or self.text[:60]}"

    @property
    def short(self) -> str:
        return self.title or (self.text if len(self.text) <= 120 else self.text[:117].rstrip() + "...")


class RecommendationResponse(models.Model):
    """One locality's answer to one recommendation (a region answers its regional ones)."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="responses")
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="recommendation_responses")
    response = models.CharField(max_length=20, choices=Response.choices, default=Response.NOT_CONSIDERED)
    plan = models.ForeignKey(Plan, null=True, blank=True, on_delete=models.SET_NULL, related_name="responses")
    reason = models.TextField(blank=True, help_text="Why not adopted, or where in the framework.")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    progress = models.TextField(blank=True, help_text="A brief summary of status.")
    next_steps = models.TextField(blank=True)
    actions = models.ManyToManyField(Action, blank=True, related_name="recommendation_responses")
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    synthetic = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["recommendation", "area"], name="unique_response")]
        ordering = ["recommendation", "area__name"]

    def __str__(self) -> str:
        return f"{self.area.code} on {self.recommendation}"

    @property
    def rag(self) -> str:
        return RAG[Status(self.status)]


class ResponseHistory(models.Model):
    response = models.ForeignKey(RecommendationResponse, on_delete=models.CASCADE, related_name="history")
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    by_label = models.CharField(max_length=254)
    changes = models.JSONField(default=dict)
    version = models.PositiveIntegerField()

    class Meta:
        ordering = ["-at", "-id"]


# -- board papers ----------------------------------------------------------------------------------


class BoardPaper(models.Model):
    """The editable narrative of one board paper; everything else is rebuilt from the data."""

    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="board_papers")
    board = models.CharField(max_length=20, choices=Board.choices)
    period = models.CharField(max_length=20)
    narrative = models.JSONField(default=dict, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["area", "board", "period"], name="unique_board_paper")]

    def __str__(self) -> str:
        return f"{self.get_board_display()} {self.period} ({self.area.code})"
