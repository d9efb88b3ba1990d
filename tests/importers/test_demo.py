"""The demonstration observations ship with firstyear and load through the tidy importer."""

from __future__ import annotations

from importlib import resources

import pytest

from firstyear.areas.models import UPPER_TIER_KINDS, Area
from firstyear.demo import load_demo_observations
from firstyear.indicators.models import Indicator, Observation

NORTH_WEST = "E12000002"


def demo_text() -> str:
    return resources.files("firstyear.demo").joinpath("data", "observations.csv").read_text(encoding="utf-8")


@pytest.mark.pure
def test_the_demo_file_names_its_sources():
    header = [line for line in demo_text().splitlines() if line.startswith("#")]
    text = " ".join(header)
    for source in ("scripts/derive_demo_data.py", "ONS", "Fingertips", "Indices of Deprivation", "synthetic=true"):
        assert source in text


def test_loading_the_demo_twice(reference_data):
    first = load_demo_observations(quiet=True)
    assert first.created == Observation.objects.count() > 9000 and first.updated == 0
    again = load_demo_observations(quiet=True)
    assert (again.created, again.updated, again.unchanged) == (0, 0, first.created)


def test_the_demo_covers_the_catalogue_and_labels_what_is_synthetic(reference_data):
    load_demo_observations(quiet=True)
    with_data = set(Observation.objects.values_list("indicator__slug", flat=True))
    missing = set(Indicator.objects.values_list("slug", flat=True)) - with_data
    assert missing == {"stillbirth-rate", "low-birth-weight-all"}  # no honest source here
    synthetic = Observation.objects.filter(synthetic=True)
    assert set(synthetic.values_list("indicator__slug", flat=True)) == {
        "breastfeeding-initiation", "early-access-maternity", "obesity-early-pregnancy",
        "flu-vaccination-pregnancy", "low-birth-weight-term"}
    assert all("Synthetic" in note for note in synthetic.values_list("note", flat=True))
    real_slugs = {"infant-mortality", "smoking-at-delivery", "under-18-conceptions", "children-low-income",
                  "deprivation-score"}
    assert not Observation.objects.filter(synthetic=True, indicator__slug__in=real_slugs).exists()
    # Synthetic rows only for England and the North West; every authority has an IMD score.
    assert set(synthetic.values_list("area__parent__code", flat=True)) <= {NORTH_WEST, None}
    assert Observation.objects.filter(indicator__slug="deprivation-score").count() > 300
    bwd = Observation.objects.filter(area__code="E06000008")
    assert bwd.filter(indicator__slug="infant-mortality", period__label="2014 - 16").exists()
    assert bwd.filter(indicator__slug="smoking-at-delivery", synthetic=False).count() >= 6


def test_every_current_authority_has_a_deprivation_score(reference_data):
    load_demo_observations(quiet=True)
    scored = set(Observation.objects.filter(indicator__slug="deprivation-score").values_list("area__code", flat=True))
    current = Area.objects.filter(valid_to__isnull=True)
    upper = set(current.filter(kind__in=UPPER_TIER_KINDS).values_list("code", flat=True))
    assert sorted(upper - scored) == []
    estimated = Observation.objects.filter(indicator__slug="deprivation-score", note__startswith="Estimated")
    assert estimated.count() >= 20 and not estimated.filter(synthetic=True).exists()
    lancashire = Observation.objects.get(indicator__slug="deprivation-score", area__code="E10000017")
    assert lancashire.raw_value == 23.443 and not lancashire.note  # published by Fingertips
