"""Fixed vocabularies: action statuses and their RAG colours, modifiable factors, boards, responses."""

from __future__ import annotations

from django.db import models


class Status(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OFF_TRACK = "off_track", "Off track"
    COMPLETE = "complete", "Complete"
    STOPPED = "stopped", "Stopped"


# Status -> the RAG colour used on pages and in board papers (rag_tag.html's vocabulary).
RAG = {
    Status.NOT_STARTED: "grey",
    Status.ON_TRACK: "green",
    Status.AT_RISK: "amber",
    Status.OFF_TRACK: "red",
    Status.COMPLETE: "blue",
    Status.STOPPED: "grey",
}
RAG_WORDS = {"grey": "Grey", "green": "Green", "amber": "Amber", "red": "Red", "blue": "Blue"}
CLOSED = frozenset({Status.COMPLETE, Status.STOPPED})

# Words people write in a status column, to a status.
STATUS_WORDS = {
    "not started": Status.NOT_STARTED, "not yet started": Status.NOT_STARTED, "grey": Status.NOT_STARTED,
    "on track": Status.ON_TRACK, "green": Status.ON_TRACK, "g": Status.ON_TRACK, "in progress": Status.ON_TRACK,
    "at risk": Status.AT_RISK, "amber": Status.AT_RISK, "a": Status.AT_RISK,
    "off track": Status.OFF_TRACK, "red": Status.OFF_TRACK, "r": Status.OFF_TRACK, "delayed": Status.OFF_TRACK,
    "complete": Status.COMPLETE, "completed": Status.COMPLETE, "done": Status.COMPLETE, "blue": Status.COMPLETE,
    "achieved": Status.COMPLETE, "embedded": Status.COMPLETE,
    "stopped": Status.STOPPED, "closed": Status.STOPPED, "withdrawn": Status.STOPPED,
}


def status_from_text(text: str) -> Status | None:
    key = " ".join(str(text or "").lower().replace("_", " ").replace("-", " ").split())
    return STATUS_WORDS.get(key)


class Reporting(models.TextChoices):
    BY_EXCEPTION = "by_exception", "By exception"
    EACH_MEETING = "each_meeting", "Update at each meeting"
    SCHEDULED = "scheduled", "Scheduled update"
    OTHER = "other", "Other"
    NONE = "", "Not recorded"


def reporting_kind(text: str) -> str:
    low = (text or "").lower()
    if not low.strip():
        return Reporting.NONE
    if "exception" in low:
        return Reporting.BY_EXCEPTION
    if "each" in low and ("meeting" in low or "imsg" in low) or "every meeting" in low:
        return Reporting.EACH_MEETING
    if "update" in low or "report" in low:
        return Reporting.SCHEDULED
    return Reporting.OTHER


# The child death review checklist codes (shared/design/CHILD_DEATH_REVIEW.md), which actions link to.
FACTORS: dict[str, str] = {
    "smoking_pregnancy": "Maternal smoking in pregnancy",
    "smoking_household": "Smoking in the household",
    "co_sleeping": "Unsafe sleep or co-sleeping",
    "safeguarding": "Abuse or neglect concerns",
    "domestic_abuse": "Domestic abuse",
    "substance_misuse": "Parental drug or alcohol misuse",
    "parental_mental_health": "Parental mental health",
    "consanguinity": "Consanguinity",
    "maternal_obesity": "Maternal obesity",
    "late_booking": "Late or no antenatal care",
    "housing": "Overcrowding or unsuitable housing",
    "service_provision": "Gaps or delays in services",
}
FACTOR_CHOICES = list(FACTORS.items())


class Board(models.TextChoices):
    HWB = "hwb", "Health and Wellbeing Board"
    SAFEGUARDING = "safeguarding", "Safeguarding Children Partnership"
    CDOP = "cdop", "Child Death Overview Panel"


class Level(models.TextChoices):
    REGIONAL = "regional", "Regional"
    LOCALITY = "locality", "Locality"


class Response(models.TextChoices):
    NOT_CONSIDERED = "not_considered", "Not yet considered"
    IN_FRAMEWORK = "in_framework", "Already in our framework"
    ADOPTED = "adopted", "Adopted into a plan"
    NOT_ADOPTED = "not_adopted", "Not adopted"
