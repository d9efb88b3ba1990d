"""The indicator catalogue is reviewed data: every definition loads, and a bad one is refused."""

from __future__ import annotations

import datetime as dt

import pytest

from firstyear import charts, stats
from firstyear.indicators.catalogue import CatalogueError, read_catalogue, sync_catalogue
from firstyear.indicators.models import Indicator

REQUIRED_BY_ISSUE = {
    "infant-mortality": 92196, "neonatal-mortality": 92705, "post-neonatal-mortality": 92706, "stillbirth-rate": 92530,
    "smoking-at-delivery": 93085, "low-birth-weight-term": 20101, "breastfeeding-initiation": 93932,
    "under-18-conceptions": 20401, "early-access-maternity": 94121, "obesity-early-pregnancy": 93584,
    "flu-vaccination-pregnancy": None, "children-low-income": 93701, "deprivation-score": 93553,
}


@pytest.mark.pure
def test_every_definition_is_complete_and_reviewed():
    entries = {e["slug"]: e for e in read_catalogue()}
    for slug, fingertips_id in REQUIRED_BY_ISSUE.items():
        entry = entries[slug]
        assert entry.get("fingertips_id") == fingertips_id, slug
        assert entry["authored_by"] and entry["checked_by"] and entry["next_review"] > dt.date(2026, 1, 1)
        assert entry["definition"].endswith(".") and entry["multiplier"] >= 1
    assert entries["infant-mortality"]["ci_method"] == "exact_byars"
    assert entries["smoking-at-delivery"]["ci_method"] == "wilson"


@pytest.mark.pure
def test_a_bad_definition_lists_every_problem():
    text = '''
[[indicator]]
slug = "x"
name = "X"
polarity = "sideways"
'''
    with pytest.raises(CatalogueError) as error:
        read_catalogue(text)
    message = str(error.value)
    assert "missing definition" in message and "missing multiplier" in message
    assert "polarity='sideways' is not one of low_is_good, high_is_good, no_judgement" in message


@pytest.mark.django_db
def test_sync_is_idempotent():
    first = sync_catalogue()
    again = sync_catalogue()
    assert first.created == Indicator.objects.count() and (again.created, again.updated) == (0, 0)


@pytest.mark.pure
def test_chart_colours_cover_every_comparison_label_the_statistics_produce():
    assert set(stats.COMPARISON_LABELS) | set(stats.TWO_LEVEL_LABELS) <= set(charts.COMPARISONS)
