"""Places, keyed by GSS code: England > region > county/unitary > district, plus groups.

Groups (CDOP footprints, integrated care systems, comparator groups) are areas too, so that
everything scoped to "an area" (memberships, plans, case registers) works for them alike.
"""

from __future__ import annotations

from django.db import models


class AreaKind(models.TextChoices):
    COUNTRY = "country", "Country"
    REGION = "region", "Region"
    COUNTY = "county", "County council"
    UNITARY = "unitary", "Unitary authority"
    METROPOLITAN_DISTRICT = "metropolitan_district", "Metropolitan district"
    LONDON_BOROUGH = "london_borough", "London borough"
    DISTRICT = "district", "District council"
    CDOP = "cdop", "CDOP footprint"
    ICS = "ics", "Integrated care system"
    COMPARATOR = "comparator", "Comparator group"
    GROUP = "group", "Other group"


GROUP_KINDS = frozenset({AreaKind.CDOP, AreaKind.ICS, AreaKind.COMPARATOR, AreaKind.GROUP})
UPPER_TIER_KINDS = frozenset(
    {AreaKind.COUNTY, AreaKind.UNITARY, AreaKind.METROPOLITAN_DISTRICT, AreaKind.LONDON_BOROUGH}
)
LOWER_TIER_KINDS = frozenset(
    {AreaKind.DISTRICT, AreaKind.UNITARY, AreaKind.METROPOLITAN_DISTRICT, AreaKind.LONDON_BOROUGH}
)


class SuccessionKind(models.TextChoices):
    RECODE = "recode", "New code for the same area"
    MERGE = "merge", "Merged into a new area"
    SPLIT = "split", "Split into new areas"


class Area(models.Model):
    code = models.CharField(max_length=20, unique=True, help_text="GSS code, or a short code for a group.")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=AreaKind.choices, db_index=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
        help_text="Geographic parent: England for a region, the region for an upper-tier "
        "authority, the county for a district. Empty for England and for groups.",
    )
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True, help_text="Empty while the area is current.")
    members = models.ManyToManyField(
        "self", through="AreaGroupMember", symmetrical=False, related_name="groups", blank=True
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def is_group(self) -> bool:
        return self.kind in GROUP_KINDS

    @property
    def is_current(self) -> bool:
        return self.valid_to is None

    def ancestors(self) -> list[Area]:
        """Parents from the nearest up to England."""
        chain, node, seen = [], self.parent, {self.pk}
        while node is not None and node.pk not in seen:
            chain.append(node)
            seen.add(node.pk)
            node = node.parent
        return chain

    def region(self) -> Area | None:
        if self.kind == AreaKind.REGION:
            return self
        return next((a for a in self.ancestors() if a.kind == AreaKind.REGION), None)


class AreaGroupMember(models.Model):
    group = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="member_links")
    member = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="group_links")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "member"], name="unique_group_member")]

    def __str__(self) -> str:
        return f"{self.member.code} in {self.group.code}"


class AreaSuccession(models.Model):
    """A code or boundary change: history stays with the predecessor and is linked, not lost."""

    predecessor = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="successions")
    successor = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="predecessions")
    effective_on = models.DateField()
    kind = models.CharField(max_length=10, choices=SuccessionKind.choices)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="unique_succession")
        ]
        ordering = ["effective_on"]

    def __str__(self) -> str:
        return f"{self.predecessor.code} -> {self.successor.code} ({self.kind}, {self.effective_on})"
