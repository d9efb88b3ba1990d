"""The child death review register: cases, their workflow, carers, agency returns, panel reviews,
recommendations and the versioned code lists.

Identifiers (names, NHS number, address, postcode, LSOA, exact dates of birth and death, carers'
names and details) and free text are stored only as Fernet tokens (:mod:`firstyear.reviews.crypto`).
What reports and timeliness need is derived at write time and kept in clear: age at death in days,
month and financial year of death, intervals in days, deprivation quintile. See
docs/child-death-review.md.
"""

from __future__ import annotations

from django.db import models

from firstyear.reviews.validation import AGE_BANDS


class State(models.TextChoices):
    NOTIFIED = "notified", "Notified"
    INFORMATION_GATHERING = "information_gathering", "Gathering information"
    AWAITING_EXTERNAL = "awaiting_external", "Awaiting external processes"
    LOCAL_REVIEW_HELD = "local_review_held", "Child death review meeting held"
    PANEL_SCHEDULED = "panel_scheduled", "Scheduled for panel"
    PANEL_REVIEWED = "panel_reviewed", "Reviewed by panel"
    CLOSED = "closed", "Closed"


OPEN_STATES = [s for s in State.values if s != State.CLOSED]


class Sex(models.TextChoices):
    MALE = "male", "Male"
    FEMALE = "female", "Female"
    INDETERMINATE = "indeterminate", "Indeterminate"
    UNKNOWN = "unknown", "Not known"


class EthnicGroup(models.TextChoices):
    WHITE = "white", "White"
    MIXED = "mixed", "Mixed or multiple ethnic groups"
    ASIAN = "asian", "Asian or Asian British"
    BLACK = "black", "Black, Black British, Caribbean or African"
    OTHER = "other", "Other ethnic group"
    NOT_STATED = "not_stated", "Not stated"


BME_GROUPS = ("mixed", "asian", "black", "other")


class Expected(models.TextChoices):
    EXPECTED = "expected", "Expected"
    UNEXPECTED = "unexpected", "Unexpected"


class PlaceOfDeath(models.TextChoices):
    HOSPITAL = "hospital", "Hospital"
    HOME = "home", "Home"
    OTHER_RESIDENCE = "other_residence", "Another residence"
    PUBLIC_PLACE = "public_place", "Public place"
    HOSPICE = "hospice", "Hospice"
    ABROAD = "abroad", "Abroad"
    OTHER = "other", "Other"
    UNKNOWN = "unknown", "Not known"


class NhsMissingReason(models.TextChoices):
    NON_RESIDENT = "non_resident", "Not resident in England"
    NOT_AVAILABLE = "not_available", "Not available"


class Modifiable(models.TextChoices):
    IDENTIFIED = "identified", "Modifiable factors identified"
    NOT_IDENTIFIED = "not_identified", "No modifiable factors identified"
    INSUFFICIENT = "insufficient_information", "Insufficient information"


class CodeListVersion(models.Model):
    """One published set of categories, domains and factors. Never edited once published."""

    number = models.PositiveIntegerField(unique=True)
    published_at = models.DateTimeField()
    published_by = models.CharField(max_length=254)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"Code lists version {self.number}"

    @classmethod
    def current(cls) -> CodeListVersion:
        version = cls.objects.order_by("-number").first()
        if version is None:
            from firstyear.reviews.codelists import ensure_seeded

            ensure_seeded()
            version = cls.objects.order_by("-number").first()
        return version


class Category(models.Model):
    version = models.ForeignKey(CodeListVersion, on_delete=models.PROTECT, related_name="categories")
    code = models.CharField(max_length=40)
    name = models.CharField(max_length=200)
    definition = models.TextField()
    rank = models.PositiveSmallIntegerField(help_text="Precedence: 1 is recorded first when several apply.")

    class Meta:
        ordering = ["version", "rank"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="unique_category_code")]

    def __str__(self) -> str:
        return self.name


class Domain(models.Model):
    version = models.ForeignKey(CodeListVersion, on_delete=models.PROTECT, related_name="domains")
    code = models.CharField(max_length=2)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["version", "code"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="unique_domain_code")]


class Factor(models.Model):
    version = models.ForeignKey(CodeListVersion, on_delete=models.PROTECT, related_name="factors")
    code = models.CharField(max_length=40)
    name = models.CharField(max_length=200)
    domains = models.CharField(max_length=10, help_text="Domain letters, e.g. 'B' or 'B/C'.")
    definition = models.TextField()
    report_group = models.CharField(max_length=40, help_text="Factors reported together share a group.")
    sort = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["version", "sort"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="unique_factor_code")]

    def __str__(self) -> str:
        return self.name


class Case(models.Model):
    footprint = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="review_cases")
    case_ref = models.CharField(max_length=40)
    state = models.CharField(max_length=30, choices=State.choices, default=State.NOTIFIED)
    synthetic = models.BooleanField(default=False)

    # Encrypted (Fernet token of a JSON object): see crypto.py.
    identifiers = models.TextField(help_text="Encrypted: names, NHS number, dates of birth and death, address.")
    nhs_number_index = models.CharField(max_length=64, blank=True, db_index=True,
                                        help_text="Keyed hash of the NHS number, for duplicate checks.")
    nhs_number_missing_reason = models.CharField(max_length=20, choices=NhsMissingReason.choices, blank=True)
    review_text = models.TextField(blank=True, help_text="Encrypted: factor notes, learning points, notes.")

    # In clear, derived at write time.
    sex = models.CharField(max_length=20, choices=Sex.choices)
    ethnic_group = models.CharField(max_length=20, choices=EthnicGroup.choices)
    deprivation_quintile = models.PositiveSmallIntegerField(null=True, blank=True)
    imd_edition = models.CharField(max_length=20, blank=True)
    residence_la = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    gestation_weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    birthweight_g = models.PositiveSmallIntegerField(null=True, blank=True)
    maternal_age = models.PositiveSmallIntegerField(null=True, blank=True)
    expected = models.CharField(max_length=20, choices=Expected.choices)
    place_of_death = models.CharField(max_length=20, choices=PlaceOfDeath.choices, default=PlaceOfDeath.UNKNOWN)
    age_at_death_days = models.PositiveIntegerField()
    age_band = models.CharField(max_length=20, choices=AGE_BANDS)
    death_year = models.PositiveSmallIntegerField()
    death_month = models.PositiveSmallIntegerField()
    death_fy = models.CharField(max_length=7, db_index=True)

    # Timeliness: process dates and days since death.
    notified_on = models.DateField()
    notification_fy = models.CharField(max_length=7, db_index=True)
    days_to_notification = models.IntegerField()
    jar_started_on = models.DateField(null=True, blank=True, help_text="Joint agency response started.")
    jar_lead = models.CharField(max_length=20, blank=True)
    awaiting_post_mortem = models.BooleanField(default=False)
    awaiting_inquest = models.BooleanField(default=False)
    awaiting_criminal = models.BooleanField(default=False)
    awaiting_safeguarding_review = models.BooleanField(default=False)
    local_review_on = models.DateField(null=True, blank=True)
    panel_date = models.DateField(null=True, blank=True, help_text="Panel meeting the case is scheduled for.")
    panel_reviewed_on = models.DateField(null=True, blank=True)
    days_to_review = models.IntegerField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    closed_fy = models.CharField(max_length=7, blank=True, db_index=True)
    days_to_closure = models.IntegerField(null=True, blank=True)

    # Panel review.
    codelist_version = models.ForeignKey(CodeListVersion, null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="+")
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    categories_considered = models.JSONField(default=list, blank=True)
    factor_levels = models.JSONField(default=dict, blank=True, help_text="{factor code: 0, 1 or 2}")
    insufficient_information = models.BooleanField(default=False)
    modifiable = models.CharField(max_length=30, choices=Modifiable.choices, blank=True,
                                  help_text="Derived from the factor levels by the actions; never typed.")

    # Edit safety: every change to the case or its carers, agency requests, transitions, review or
    # recommendations adds one, in the same transaction; forms send back the revision they were
    # loaded with and are refused if it has moved on (actions.EditConflict).
    revision = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-notified_on", "case_ref"]
        constraints = [models.UniqueConstraint(fields=["footprint", "case_ref"], name="unique_case_ref")]
        indexes = [
            models.Index(fields=["footprint", "state", "notified_on"]),
            models.Index(fields=["footprint", "notified_on"]),
            models.Index(fields=["footprint", "closed_fy"]),
        ]

    def __str__(self) -> str:
        return f"{self.footprint.code} {self.case_ref}"

    @property
    def is_open(self) -> bool:
        return self.state != State.CLOSED


class Transition(models.Model):
    """One change of workflow state: dated, and by whom."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=30, blank=True)
    to_state = models.CharField(max_length=30, choices=State.choices)
    on = models.DateField(help_text="When it happened (may be earlier than when it was recorded).")
    recorded_at = models.DateTimeField()
    actor_id = models.BigIntegerField(null=True)
    actor = models.CharField(max_length=254)

    class Meta:
        ordering = ["on", "recorded_at", "id"]


class Relationship(models.TextChoices):
    MOTHER = "mother", "Mother"
    FATHER = "father", "Father"
    MOTHERS_PARTNER = "mothers_partner", "Mother's partner"
    OTHER_CARER = "other_carer", "Other carer"


class DetailsStatus(models.TextChoices):
    RECORDED = "recorded", "Details recorded"
    NOT_KNOWN = "not_known", "Not known to agencies"
    NOT_RECORDED = "not_recorded", "Known but not recorded by agencies"
    NO_SUCH_PERSON = "no_such_person", "No such person"


class Carer(models.Model):
    """A parent or carer. The mother's partner is asked about explicitly: when details are missing,
    the reason is recorded, so the report can say how often (the 2016 North West review found it routinely missing)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="carers")
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    details_status = models.CharField(max_length=20, choices=DetailsStatus.choices)
    age_years = models.PositiveSmallIntegerField(null=True, blank=True)
    ethnic_group = models.CharField(max_length=20, choices=EthnicGroup.choices, blank=True)
    lives_with_child = models.CharField(max_length=10, choices=[("yes", "Yes"), ("no", "No"), ("unknown", "Not known")],
                                        default="unknown")
    identifiers = models.TextField(blank=True, help_text="Encrypted: name, date of birth, address.")

    class Meta:
        ordering = ["case", "relationship", "id"]


class Agency(models.TextChoices):
    POLICE = "police", "Police"
    GP = "gp", "GP"
    HEALTH_VISITING = "health_visiting", "Health visiting"
    MATERNITY = "maternity", "Maternity"
    HOSPITAL = "hospital", "Hospital"
    AMBULANCE = "ambulance", "Ambulance service"
    SOCIAL_CARE = "social_care", "Children's social care"
    EDUCATION = "education", "Education"
    OTHER = "other", "Other agency"


class AgencyRequest(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="agency_requests")
    agency = models.CharField(max_length=20, choices=Agency.choices)
    requested_on = models.DateField()
    due_on = models.DateField(null=True, blank=True)
    returned_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["requested_on", "id"]


class RecommendationStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OFF_TRACK = "off_track", "Off track"
    COMPLETE = "complete", "Complete"


RAG_FOR_STATUS = {"not_started": "grey", "on_track": "green", "at_risk": "amber", "off_track": "red",
                  "complete": "complete"}


class Recommendation(models.Model):
    """A panel recommendation with an owner, a due date and a status (tracked until the action
    plans module takes them over). Written without identifying details: it is published."""

    footprint = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="review_recommendations")
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.PROTECT, related_name="recommendations")
    financial_year = models.CharField(max_length=7, db_index=True)
    text = models.TextField()
    owner = models.CharField(max_length=200)
    due_on = models.DateField()
    status = models.CharField(max_length=20, choices=RecommendationStatus.choices, default=RecommendationStatus.NOT_STARTED)
    # Once tracked as an action in the footprint's plan, the action's status is the one that counts.
    action = models.OneToOneField("plans.Action", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="panel_recommendation")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["due_on", "id"]

    @property
    def current_status(self) -> str:
        if self.action_id is None:
            return self.status
        # A stopped action leaves the recommendation where it was: not started, as far as the panel knows.
        return self.action.status if self.action.status in RecommendationStatus.values else self.status

    @property
    def current_status_label(self) -> str:
        return RecommendationStatus(self.current_status).label

    @property
    def rag(self) -> str:
        return RAG_FOR_STATUS[self.current_status]


class ReportNarrative(models.Model):
    """Editable text of an annual report (summary, recommendations) for one scope and year."""

    scope = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    financial_year = models.CharField(max_length=7)
    key = models.CharField(max_length=40)
    text = models.TextField(blank=True)
    revision = models.PositiveIntegerField(default=1, help_text="One more at every change of the text.")
    updated_at = models.DateTimeField()
    updated_by = models.CharField(max_length=254)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "financial_year", "key"], name="unique_narrative")]
