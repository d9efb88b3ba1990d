"""Recompute: values from counts, England and region benchmarks, Fingertips comparison labels."""

from __future__ import annotations

import datetime as dt

import pytest
from scipy import stats as sps

from firstyear.areas.models import Area
from firstyear.indicators.catalogue import sync_catalogue
from firstyear.indicators.compute import recompute
from firstyear.indicators.models import ComputedValue, Indicator, Observation, Period

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(db):
    sync_catalogue()
    return {i.slug: i for i in Indicator.objects.all()}


@pytest.fixture
def period(db):
    return Period.objects.create(period_type="pooled_3_calendar_years", label="2014 - 16",
                                 start=dt.date(2014, 1, 1), end=dt.date(2016, 12, 31))


def observe(indicator, code, period, count=None, denominator=None, **extra):
    return Observation.objects.create(indicator=indicator, area=Area.objects.get(code=code), period=period,
                                      count=count, denominator=denominator, **extra)


def computed(code, slug="infant-mortality"):
    return ComputedValue.objects.get(observation__area__code=code, observation__indicator__slug=slug)


def test_rates_and_comparisons_follow_fingertips(geography, catalogue, period):
    imr = catalogue["infant-mortality"]
    observe(imr, "E92000001", period, 7000, 1_800_000)   # England 3.89 per 1,000
    observe(imr, "E12000002", period, 1000, 240_000)     # North West 4.17
    observe(imr, "E06000008", period, 60, 10_000)        # Blackburn with Darwen 6.0: interval above England
    observe(imr, "E06000009", period, 30, 7_000)         # Blackpool 4.29: interval spans England
    observe(imr, "E08000003", period, 5, 9_000)          # Manchester, 5 deaths: exact Poisson, below England
    summary = recompute()
    assert summary.rows == 5 and summary.with_value == 5

    bwd = computed("E06000008")
    assert bwd.value == pytest.approx(6.0)
    assert bwd.england_value == pytest.approx(7000 / 1_800_000 * 1000)
    assert bwd.region_value == pytest.approx(1000 / 240_000 * 1000)
    assert bwd.lower95 > bwd.england_value and bwd.compared_to_england == "worse"
    assert bwd.method == "byars"
    assert computed("E06000009").compared_to_england == "similar"

    manchester = computed("E08000003")
    assert manchester.method == "exact"
    # Exact Poisson limits of 5 events from the chi-square distribution, independently.
    assert manchester.lower95 == pytest.approx(sps.chi2.ppf(0.025, 10) / 2 / 9000 * 1000, rel=1e-9)
    assert manchester.upper95 == pytest.approx(sps.chi2.ppf(0.975, 12) / 2 / 9000 * 1000, rel=1e-9)
    assert manchester.upper95 < 7000 / 1_800_000 * 1000
    assert manchester.compared_to_england == "better"
    # England has no comparator region; regions compare with England.
    assert computed("E92000001").compared_to_england == "similar"
    assert computed("E92000001").region_value is None


def test_polarity_high_is_good_reverses_the_judgement(geography, catalogue):
    fy = Period.objects.create(period_type="financial_year", label="2016/17",
                               start=dt.date(2016, 4, 1), end=dt.date(2017, 3, 31))
    bf = catalogue["breastfeeding-initiation"]
    observe(bf, "E92000001", fy, 450_000, 600_000)   # 75%
    observe(bf, "E06000008", fy, 1_500, 2_500)       # 60%: lower, and high is good
    recompute(["breastfeeding-initiation"])
    assert computed("E06000008", "breastfeeding-initiation").compared_to_england == "worse"


def test_published_figures_are_checked_and_kept_when_there_is_no_count(geography, catalogue, period):
    imr = catalogue["infant-mortality"]
    observe(imr, "E92000001", period, 7000, 1_800_000)
    observe(imr, "E06000008", period, 60, 10_000, published_value=6.0)           # agrees
    observe(imr, "E06000009", period, 30, 7_000, published_value=5.2)            # disagrees
    observe(imr, "E08000003", period, None, None, published_value=4.4,
            published_lower95=3.1, published_upper95=6.0, note="apportioned count")
    summary = recompute()
    assert summary.disagreements == 1
    assert not computed("E06000008").disagrees_with_published
    assert computed("E06000009").disagrees_with_published
    kept = computed("E08000003")
    assert (kept.value, kept.lower95, kept.upper95, kept.method) == (4.4, 3.1, 6.0, "published")


def test_bad_rows_get_no_value_and_a_reason(geography, catalogue, period):
    imr = catalogue["infant-mortality"]
    observe(imr, "E92000001", period, 7000, 1_800_000)
    observe(imr, "E06000008", period, 3, 0)
    recompute()
    row = computed("E06000008")
    assert row.value is None and "denominator" in row.reason
    assert row.compared_to_england == "not compared"


def test_recompute_replaces_rather_than_duplicates(geography, catalogue, period):
    imr = catalogue["infant-mortality"]
    observe(imr, "E92000001", period, 7000, 1_800_000)
    recompute()
    recompute()
    assert ComputedValue.objects.count() == 1


def test_scores_are_ranked_into_quintiles_within_a_tier(geography, catalogue):
    year = Period.objects.create(period_type="calendar_year", label="2019",
                                 start=dt.date(2019, 1, 1), end=dt.date(2019, 12, 31))
    imd = catalogue["deprivation-score"]
    scores = {"E06000008": 36.0, "E06000009": 45.0, "E10000017": 20.0, "E08000003": 40.0,
              "E09000002": 32.0}
    for code, score in scores.items():
        observe(imd, code, year, raw_value=score)
    observe(imd, "E07000117", year, raw_value=33.0)  # a district: ranked with lower tier, not here
    recompute(["deprivation-score"])
    quintile = {code: computed(code, "deprivation-score").quintile for code in scores}
    # Five upper-tier areas: one per quintile, lowest score in quintile 1.
    assert quintile == {"E10000017": 1, "E09000002": 2, "E06000008": 3, "E08000003": 4, "E06000009": 5}
    assert computed("E06000008", "deprivation-score").value == 36.0
