"""Board papers: what they say, that their narrative survives regeneration, and their DOCX and PDF."""

from __future__ import annotations

import io

import pytest
from docx import Document as Docx
from pypdf import PdfReader

from firstyear.plans import actions as act
from firstyear.plans.boardpaper import build_board_paper, parse_period
from firstyear.plans.models import Recommendation
from firstyear.reports.document import Bullets, Paragraph, Table
from firstyear.reports.render import document_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def paper_data(profile_data, frozen_today):
    from tests.plans.factories import make_plan

    plan = make_plan("E06000008")
    source = act.ensure_source(by=None, title="North West review", area=profile_data["E12000002"])
    for n in (1, 2):
        rec, _ = act.save_recommendation(by=None, source=source, level="locality", number=n,
                                         text=f"Recommendation text {n}", theme="Governance")
    act.save_response(by=None, recommendation=Recommendation.objects.get(number=1), area=profile_data["E06000008"],
                      version=0, response="adopted", plan=plan, status="on_track", progress="Lead named in January.",
                      next_steps="Report in 12 months.", actions=[plan.rows["co_test"]])
    act.save_response(by=None, recommendation=Recommendation.objects.get(number=2), area=profile_data["E06000008"],
                      version=0, response="not_adopted", reason="Covered by the county", status="stopped",
                      next_steps="None.")
    return plan


def section(doc, key):
    return next(s for s in doc.sections if s.key == key)


def table_rows(doc, key):
    return [row for b in section(doc, key).blocks if isinstance(b, Table) for row in b.rows]


def test_sections_in_board_paper_order(paper_data):
    doc = build_board_paper(paper_data.owner, "hwb", "2016/17", charts=False)
    assert [s.key for s in doc.sections] == ["purpose", "recommendations", "background", "snapshot", "progress",
                                             "exceptions", "deep_dives", "next_steps", "appendix"]
    assert doc.subtitle == "Blackburn with Darwen: report to the Health and Wellbeing Board"
    assert ("Position at", "1 March 2017") in doc.meta


def test_exceptions_are_off_track_and_overdue_actions_only(paper_data):
    doc = build_board_paper(paper_data.owner, "hwb", "2016/17", charts=False)
    described = [row[1] for row in table_rows(doc, "exceptions")]
    # off track (advisers); overdue: due January 2017, still on track (incentive). Not: the complete one
    # due December 2016, nor actions due later.
    assert described == ["Voucher incentive scheme for quitting", "Specialist advisers see referred women at home"]
    incentive = next(r for r in table_rows(doc, "exceptions") if r[1].startswith("Voucher"))
    assert incentive[3] == "January 2017 (overdue)" and incentive[4] == "Green: On track"


def test_progress_by_priority_counts_rag(paper_data):
    doc = build_board_paper(paper_data.owner, "hwb", "2016/17", charts=False)
    rows = table_rows(doc, "progress")
    # Priority, Actions, Complete, On track, At risk, Off track, Not started, Stopped, Overdue
    assert rows == [("1. Smoking in pregnancy", 3, 0, 2, 0, 1, 0, 0, 1), ("2. Safer sleep", 2, 1, 0, 0, 0, 1, 0, 0)]


def test_deep_dives_due_in_the_next_six_months(paper_data):
    doc = build_board_paper(paper_data.owner, "hwb", "2016/17", charts=False)
    assert table_rows(doc, "deep_dives") == [("April 2017", "1.1 Identify every smoker", "1. Smoking in pregnancy", 1)]


def test_indicator_snapshot_compares_with_england_and_region(paper_data):
    doc = build_board_paper(paper_data.owner, "hwb", "2016/17", charts=True)
    rows = table_rows(doc, "snapshot")
    imr = next(r for r in rows if r[0] == "Infant mortality")
    # 58 deaths / 6,400 births = 9.1 per 1,000, England 6,800 / 1,990,000 = 3.4, North West 1,100 / 256,000 = 4.3
    assert imr[1:6] == ("2014-16", "9.1", "3.4", "4.3", "Worse")
    figures = [b for b in section(doc, "snapshot").blocks if type(b).__name__ == "Figure"]
    assert figures and "Blackburn with Darwen" in figures[0].chart.alt


def test_appendix_lists_each_recommendation_with_status_and_next_steps(paper_data):
    doc = build_board_paper(paper_data.owner, "hwb", "2016/17", charts=False)
    rows = table_rows(doc, "appendix")
    assert [r[0] for r in rows] == [1, 2]
    first, second = rows
    assert first[2] == "Adopted into Infant mortality action plan" and first[3] == "Green: On track"
    assert first[4] == "Lead named in January. (action 1.1)"
    assert first[5] == "Report in 12 months."
    assert second[2] == "Not adopted: Covered by the county" and second[3] == "Grey: Stopped"


def test_narrative_survives_regeneration(paper_data):
    area = paper_data.owner
    act.save_board_narrative(by=None, area=area, board="hwb", period="2016/17", version=0,
                             narrative={"purpose": "Our own purpose, written for the board.", "next_steps": "Our next steps."})
    act.record_progress(by=None, action=paper_data.rows["advisers"], version=1, status="on_track", note="Recovered.")
    doc = build_board_paper(area, "hwb", "2016/17", charts=False)
    assert section(doc, "purpose").blocks == [Paragraph("Our own purpose, written for the board.")]
    assert section(doc, "next_steps").blocks == [Paragraph("Our next steps.")]
    assert "Specialist advisers see referred women at home" not in [r[1] for r in table_rows(doc, "exceptions")]
    # Other boards and periods keep the standard wording.
    other = build_board_paper(area, "safeguarding", "2016/17", charts=False)
    assert "Safeguarding Children Partnership" in section(other, "purpose").blocks[0].text
    with pytest.raises(act.EditConflict):
        act.save_board_narrative(by=None, area=area, board="hwb", period="2016/17", version=0, narrative={"purpose": "x"})


def test_recommendations_to_the_board_are_a_numbered_list(paper_data):
    doc = build_board_paper(paper_data.owner, "cdop", "2017", charts=False)
    bullets = [b for b in section(doc, "recommendations").blocks if isinstance(b, Bullets)][0]
    assert bullets.numbered and len(bullets.items) == 3


def test_docx_and_pdf_hold_the_paper(paper_data):
    doc = build_board_paper(paper_data.owner, "hwb", "2016/17")
    word = Docx(io.BytesIO(document_bytes(doc, "docx")))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:3] == ["1. Purpose", "2. Recommendations for the board", "3. Background"]
    assert headings[-1] == "Appendix 1: Review recommendations, status and next steps"
    appendix = word.tables[-1]
    assert [c.text for c in appendix.rows[0].cells] == ["No.", "Recommendation", "Response", "Status",
                                                        "Summary of progress", "Next steps"]
    assert len(word.inline_shapes) == 1  # the infant mortality trend (smoking at delivery has one period only)
    pdf = PdfReader(io.BytesIO(document_bytes(doc, "pdf")))
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    for words in ("6. Exceptions", "Voucher incentive scheme for quitting", "Covered by the county", "Indicator snapshot"):
        assert words in text
    assert f"Page 1 of {len(pdf.pages)}" in text


@pytest.mark.pure
@pytest.mark.parametrize("label, start, end", [
    ("2016/17", "2016-04-01", "2017-03-31"), ("2017", "2017-01-01", "2017-12-31"), ("2017-Q4", "2017-10-01", "2017-12-31"),
])
def test_periods(label, start, end):
    period = parse_period(label)
    assert (period.start.isoformat(), period.end.isoformat()) == (start, end)


@pytest.mark.pure
@pytest.mark.parametrize("label", ["2016/18", "last year", "2017-Q5"])
def test_bad_periods_are_refused(label):
    with pytest.raises(ValueError):
        parse_period(label)


def test_many_exceptions_are_counted_by_priority_and_the_most_serious_listed(paper_data, monkeypatch):
    monkeypatch.setattr("firstyear.plans.boardpaper.LISTED_EXCEPTIONS", 1)
    doc = build_board_paper(paper_data.owner, "hwb", "2016/17", charts=False)
    tables = [b for b in section(doc, "exceptions").blocks if isinstance(b, Table)]
    assert [t.caption for t in tables] == ["Exceptions by priority", "The 1 most serious exceptions"]
    assert tables[0].rows == (("1. Smoking in pregnancy", 1, 1),)
    assert [r[1] for r in tables[1].rows] == ["Specialist advisers see referred women at home"]  # off track first
    assert "2 actions are off track or past the due date" in section(doc, "exceptions").blocks[0].text
