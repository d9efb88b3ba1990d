"""Indicators, periods, observations (the stored facts) and computed values (a cache).

Stored facts are counts and denominators, plus any published value and interval an import
brought with it. Values, intervals and comparisons are derived by ``firstyear.stats`` in
:mod:`firstyear.indicators.compute` over whole tables and are never edited by hand.
"""

from __future__ import annotations

from django.db import models


class ValueType(models.TextChoices):
    RATE = "rate", "Crude rate"
    PROPORTION = "proportion", "Proportion"
    SCORE = "score", "Score"
    COUNT = "count", "Count"


class CIMethod(models.TextChoices):
    EXACT_BYARS = "exact_byars", "Exact Poisson below 10 events, Byar's from 10"
    BYARS = "byars", "Byar's method"
    WILSON = "wilson", "Wilson score"
    NONE = "none", "No interval"


class Polarity(models.TextChoices):
    LOW_IS_GOOD = "low_is_good", "Low is good"
    HIGH_IS_GOOD = "high_is_good", "High is good"
    NO_JUDGEMENT = "no_judgement", "No judgement"


class Comparison(models.TextChoices):
    CI95 = "ci95", "Confidence intervals overlapping reference value (95.0)"
    CI998 = "ci998", "Confidence intervals overlapping reference value (99.8)"
    QUINTILES = "quintiles", "Quintiles"
    NONE = "none", "No comparison"


class PeriodType(models.TextChoices):
    CALENDAR_YEAR = "calendar_year", "Calendar year"
    FINANCIAL_YEAR = "financial_year", "Financial year"
    POOLED_3_CALENDAR_YEARS = "pooled_3_calendar_years", "3 calendar years pooled"
    POOLED_3_FINANCIAL_YEARS = "pooled_3_financial_years", "3 financial years pooled"


class Indicator(models.Model):
    """A reviewed indicator definition, mirrored from ``catalogue.toml`` by ``firstyear init``."""

    slug = models.SlugField(max_length=80, unique=True)
    fingertips_id = models.PositiveIntegerField(null=True, blank=True, unique=True)
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=80)
    topic = models.CharField(max_length=80)
    definition = models.TextField()
    numerator = models.TextField()
    denominator = models.TextField()
    multiplier = models.PositiveIntegerField()
    unit = models.CharField(max_length=80)
    decimals = models.PositiveSmallIntegerField(default=1)
    value_type = models.CharField(max_length=20, choices=ValueType.choices)
    ci_method = models.CharField(max_length=20, choices=CIMethod.choices)
    interval_divisor = models.FloatField(
        default=1.0,
        help_text="Count and denominator are divided by this before the interval is computed, to allow "
        "for clustering (e.g. 2 for children in the same low-income family, as Fingertips does).",
    )
    polarity = models.CharField(max_length=20, choices=Polarity.choices)
    comparison = models.CharField(max_length=20, choices=Comparison.choices)
    period_type = models.CharField(max_length=40, choices=PeriodType.choices)
    # The breakdown Fingertips publishes the headline figure for (its "Sex" and "Age" columns).
    # Importers store rows for this sex and age as the area total (sex = standard_sex, age = ""),
    # so figures for one indicator from ONS, Fingertips and tidy files land on the same row.
    standard_sex = models.CharField(max_length=20, default="Persons")
    standard_age = models.CharField(max_length=40, blank=True)
    source = models.TextField()
    authored_by = models.CharField(max_length=200)
    checked_by = models.CharField(max_length=300)
    next_review = models.DateField()
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class Period(models.Model):
    """A time period, labelled as Fingertips writes it ("2014 - 16", "2014/15", "2014")."""

    period_type = models.CharField(max_length=40, choices=PeriodType.choices)
    label = models.CharField(max_length=20)
    start = models.DateField()
    end = models.DateField()

    class Meta:
        ordering = ["start", "end"]
        constraints = [
            models.UniqueConstraint(fields=["period_type", "label"], name="unique_period_label")
        ]

    def __str__(self) -> str:
        return self.label


class ImportBatch(models.Model):
    """One import of one file: what, when, by whom and what it changed."""

    kind = models.CharField(max_length=30)
    filename = models.CharField(max_length=300)
    sha256 = models.CharField(max_length=64)
    imported_at = models.DateTimeField()
    imported_by = models.CharField(max_length=254)
    rows_read = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    notes = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.filename} ({self.imported_at:%Y-%m-%d})"


class Observation(models.Model):
    """A count and denominator for one indicator, area, period and breakdown."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="observations")
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="observations")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="observations")
    sex = models.CharField(max_length=20, default="Persons")
    age = models.CharField(max_length=40, blank=True)
    category_type = models.CharField(
        max_length=120, blank=True, help_text="Breakdown, e.g. 'Deprivation quintile'; empty for the area total."
    )
    category = models.CharField(max_length=120, blank=True)
    count = models.BigIntegerField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    # A score or other published figure that has no count (e.g. the IMD score).
    raw_value = models.FloatField(null=True, blank=True)
    published_value = models.FloatField(null=True, blank=True)
    published_lower95 = models.FloatField(null=True, blank=True)
    published_upper95 = models.FloatField(null=True, blank=True)
    published_lower998 = models.FloatField(null=True, blank=True)
    published_upper998 = models.FloatField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)
    synthetic = models.BooleanField(default=False)
    batch = models.ForeignKey(ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area", "period", "sex", "age", "category_type", "category"],
                name="unique_observation",
            )
        ]
        indexes = [models.Index(fields=["indicator", "period"]), models.Index(fields=["area", "indicator"])]

    def __str__(self) -> str:
        return f"{self.indicator.slug} {self.area.code} {self.period.label}"


class ComputedValue(models.Model):
    """Derived from an observation by ``firstyear recompute``; replaced wholesale, never edited."""

    observation = models.OneToOneField(Observation, on_delete=models.CASCADE, primary_key=True, related_name="computed")
    value = models.FloatField(null=True)
    lower95 = models.FloatField(null=True)
    upper95 = models.FloatField(null=True)
    lower998 = models.FloatField(null=True)
    upper998 = models.FloatField(null=True)
    method = models.CharField(max_length=30, blank=True)
    england_value = models.FloatField(null=True)
    region_value = models.FloatField(null=True)
    compared_to_england = models.CharField(max_length=20, blank=True)
    compared_to_region = models.CharField(max_length=20, blank=True)
    quintile = models.PositiveSmallIntegerField(null=True)
    reason = models.CharField(max_length=200, blank=True, help_text="Why there is no value, if there is none.")
    disagrees_with_published = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["compared_to_england"])]


class DataVersion(models.Model):
    """A new row whenever computed values change: the key for caches of pages and charts."""

    recomputed_at = models.DateTimeField(auto_now_add=True)
    rows = models.PositiveIntegerField(default=0)

    @classmethod
    def current(cls) -> int:
        return cls.objects.order_by("-id").values_list("id", flat=True).first() or 0
