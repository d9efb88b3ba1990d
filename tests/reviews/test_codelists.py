"""Code lists are versioned data: a new definition never rewrites past reviews."""

from __future__ import annotations

import datetime as dt

import pytest

from firstyear.areas.models import Area
from firstyear.reviews import actions, report
from firstyear.reviews.codelists import CATEGORIES, FACTORS
from firstyear.reviews.models import CodeListVersion
from tests.reviews.conftest import walk_to_panel

pytestmark = pytest.mark.django_db


def test_seed_version_holds_the_design_lists(db):
    version = CodeListVersion.current()
    assert version.number == 1
    assert list(version.categories.values_list("code", "rank")) == [(c, i) for i, (c, _, _) in enumerate(CATEGORIES, 1)]
    assert list(version.factors.values_list("code", flat=True)) == [f[0] for f in FACTORS]
    assert all(f.definition for f in version.factors.all())


def test_changing_a_definition_makes_a_new_version_and_keeps_old_reviews(make_case, persona):
    manager = persona("cdop_manager", "CDOP-PANLANCS")
    old = walk_to_panel(make_case())
    old = actions.record_panel_review(by=None, case=old, reviewed_on=dt.date(2014, 10, 1), categories=["sudi"],
                                      factor_levels={"co_sleeping": 2})
    v1_text = old.codelist_version.factors.get(code="co_sleeping").definition
    v2 = actions.publish_code_lists(by=manager, note="Sofa sleeping made explicit",
                                    definitions={"co_sleeping": "Sharing a bed, sofa or chair with an adult."},
                                    new_factors=[{"code": "overheating", "name": "Overheating", "domains": "C",
                                                  "definition": "Room above 20 degrees or too many layers."}])
    assert v2.number == 2
    old.refresh_from_db()
    assert old.codelist_version.number == 1
    assert old.codelist_version.factors.get(code="co_sleeping").definition == v1_text
    new = walk_to_panel(make_case(case_ref="A-002", nhs_number="4010232137"))
    new = actions.record_panel_review(by=None, case=new, reviewed_on=dt.date(2014, 10, 1), categories=["sudi"],
                                      factor_levels={"overheating": 2})
    assert new.codelist_version.number == 2 and new.modifiable == "identified"
    for c in (old, new):
        actions.move_case(by=None, case=c, to_state="closed", on=dt.date(2014, 10, 2))
    data = report.build(Area.objects.get(code="CDOP-PANLANCS"), "2014/15", "restricted")
    assert data.codelist_versions == [1, 2]
    assert "version 1, 2" in dict(report.document(data).meta)["Code lists"]
    factors = next(t for t in data.tables if t.id == "factors")
    assert ["Overheating", 1, 50] == next(r for r in factors.rows if r[0] == "Overheating")[:3]


def test_only_managers_publish(persona, footprints):
    secretariat = persona("cdop_secretariat", "CDOP-PANLANCS")
    with pytest.raises(actions.CaseError, match="only a CDOP manager"):
        actions.publish_code_lists(by=secretariat, note="x", definitions={})
    assert CodeListVersion.objects.count() == 1
