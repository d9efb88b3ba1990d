"""The recommendations register: import from a pasted appendix, locality responses, the regional roll-up,
and seed 000's 22 locality recommendations through to a board paper appendix like seed 001's."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from firstyear.plans import actions as act
from firstyear.plans.boardpaper import build_board_paper
from firstyear.plans.importers.recommendations import parse_recommendations_bytes
from firstyear.plans.models import Recommendation, RecommendationResponse, RecommendationSource
from firstyear.reports.document import Table
from tests.plans import seeds

pytestmark = pytest.mark.django_db


def _norm(text):
    return " ".join(text.replace("•", " ").split())


@pytest.mark.pure
def test_seed000_regional_appendix_reads_30_with_continuations(tmp_path):
    rows = seeds.seed000_appendix()["regional"]
    path = seeds.build_recommendations_xlsx(tmp_path / "regional.xlsx", rows)
    parsed = parse_recommendations_bytes(path.read_bytes(), path.name)
    assert parsed.problems == []
    assert [i.number for i in parsed.items] == list(range(1, 31))
    by_number = {i.number: i for i in parsed.items}
    # 27 runs over a page: its second half (no number) joins it; 9's lead continues on the next row.
    assert "(Stockport)" in by_number[27].text and "Midwives trained to provide CO monitoring" in by_number[27].text
    assert by_number[9].proposed_lead.endswith("Regional Local Safeguarding Boards in Cheshire & Merseyside, Lancashire & Cumbria")
    numbered = {int(r[0]): r for r in rows if r[0]}
    for n, item in by_number.items():
        assert _norm(numbered[n][1].split("<")[0]) in _norm(item.text)


def test_a_locality_enters_the_22_recommendations_and_gets_an_appendix_like_seed_001(geography, persona, tmp_path, frozen_today):
    rows = seeds.seed000_appendix()["locality"]
    path = seeds.build_recommendations_xlsx(tmp_path / "locality.xlsx", rows)
    call_command("plans", "import-recommendations", str(path), "--source", "North West sector-led improvement review 2016",
                 "--level", "locality", "--area", "E12000002")
    source = RecommendationSource.objects.get()
    recs = list(source.recommendations.order_by("number"))
    assert [r.number for r in recs] == list(range(1, 23))
    # Merged "Proposed lead" cells: the lead written once covers each recommendation below it.
    assert {r.proposed_lead for r in recs} == {"Chair of LSCB Director Public Health"}
    assert recs[21].text.startswith("Services provide an additional")
    # Re-importing the same table changes nothing.
    call_command("plans", "import-recommendations", str(path), "--source", "North West sector-led improvement review 2016",
                 "--level", "locality", "--area", "E12000002")
    assert Recommendation.objects.count() == 22 and all(r.version == 1 for r in Recommendation.objects.all())

    lead = Client()
    lead.force_login(persona("programme_lead", "E06000008"))
    for rec in recs:
        response = lead.post(f"/plans/recommendations/{source.pk}/E06000008/{rec.pk}/", {
            "version": 0, "response": "in_framework", "reason": "Pennine Lancashire framework",
            "status": "complete" if rec.number % 2 else "on_track", "progress": f"Progress on {rec.number}",
            "next_steps": f"Next step {rec.number}"})
        assert response.status_code == 302, response.content.decode()[:500]
    doc = build_board_paper(geography["E06000008"], "hwb", "2016/17", charts=False)
    appendix = [b for s in doc.sections if s.key == "appendix" for b in s.blocks if isinstance(b, Table)]
    [table] = appendix
    assert table.columns == ("No.", "Recommendation", "Response", "Status", "Summary of progress", "Next steps")
    assert [r[0] for r in table.rows] == list(range(1, 23))
    assert table.rows[0][2:] == ("Already in our framework: Pennine Lancashire framework", "Blue: Complete",
                                 "Progress on 1", "Next step 1")
    assert table.rows[1][3] == "Green: On track"


def test_regional_roll_up_counts_responses_across_localities(geography, persona):
    source = act.ensure_source(by=None, title="Review", area=geography["E12000002"])
    rec, _ = act.save_recommendation(by=None, source=source, level="locality", number=1, text="Name a lead")
    for code, response, status in (("E06000008", "in_framework", "complete"), ("E06000009", "adopted", "at_risk"),
                                   ("E08000003", "not_adopted", "stopped")):
        act.save_response(by=None, recommendation=rec, area=geography[code], version=0, response=response,
                          reason="Not a priority" if response == "not_adopted" else "", status=status)
    coordinator = Client()
    coordinator.force_login(persona("coordinator", "E12000002"))
    page = coordinator.get(f"/plans/recommendations/{source.pk}/?level=locality").content.decode()
    assert "Roll-up across 3 localities" in page
    assert "3 of 3<br>In framework 1<br>Adopted 1<br>Not adopted 1" in page
    for name in ("Blackburn with Darwen", "Blackpool", "Manchester"):
        assert name in page
    # A locality lead sees only their own locality's responses in the roll-up.
    lead = Client()
    lead.force_login(persona("programme_lead", "E06000008"))
    own = lead.get(f"/plans/recommendations/{source.pk}/?level=locality").content.decode()
    assert "Roll-up across 1 locality" in own and "Manchester" not in own


def test_responses_are_versioned_and_refused_when_stale(geography):
    source = act.ensure_source(by=None, title="Review", area=geography["E12000002"])
    rec, _ = act.save_recommendation(by=None, source=source, level="locality", number=1, text="Name a lead")
    act.save_response(by=None, recommendation=rec, area=geography["E06000008"], version=0, response="adopted",
                      status="on_track", next_steps="Appoint")
    act.save_response(by=None, recommendation=rec, area=geography["E06000008"], version=1, status="complete")
    with pytest.raises(act.EditConflict) as caught:
        act.save_response(by=None, recommendation=rec, area=geography["E06000008"], version=1, status="off_track")
    assert [(c.field, c.after) for c in caught.value.changes] == [("Status", "Complete")]
    response = RecommendationResponse.objects.get()
    assert (response.status, response.version, response.history.count()) == ("complete", 2, 2)


def test_not_adopted_needs_a_reason(geography):
    source = act.ensure_source(by=None, title="Review", area=geography["E12000002"])
    rec, _ = act.save_recommendation(by=None, source=source, level="locality", number=1, text="Name a lead")
    with pytest.raises(act.PlanActionError, match="why"):
        act.save_response(by=None, recommendation=rec, area=geography["E06000008"], version=0, response="not_adopted")


def test_a_lead_cannot_answer_for_another_locality(geography, persona):
    source = act.ensure_source(by=None, title="Review", area=geography["E12000002"])
    rec, _ = act.save_recommendation(by=None, source=source, level="locality", number=1, text="Name a lead")
    lead = Client()
    lead.force_login(persona("programme_lead", "E06000008"))
    assert lead.get(f"/plans/recommendations/{source.pk}/E06000009/{rec.pk}/").status_code == 403
    coordinator = Client()
    coordinator.force_login(persona("coordinator", "E12000002"))
    assert coordinator.get(f"/plans/recommendations/{source.pk}/E06000009/{rec.pk}/").status_code == 200
