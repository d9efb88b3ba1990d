"""Seeds 003 and 004 import from the tables a user holds: Word (merged cells), Excel, CSV, Markdown.

Expected structure comes from the seeds themselves, read by the independent rules in
tests/plans/seeds.py, not from the importer.
"""

from __future__ import annotations

import re

import pytest

from firstyear.plans.importers import parse_plan_file
from tests.plans import seeds

pytestmark = pytest.mark.pure


def _norm(text: str) -> str:
    text = re.sub(r"^\s*[a-z]\)\s*", "", text)  # "b)Voluntary Action..." as a Word list numbered it
    return " ".join(re.sub(r"[•·]", " ", text).split()).lower()


SEED004_BUILDERS = {
    "docx with merged cells": lambda tmp: seeds.build_seed004_docx(tmp / "plan.docx"),
    "docx of six page tables (one shifted)": lambda tmp: seeds.build_seed004_pages_docx(tmp / "pages.docx"),
    "xlsx with merged cells and month dates": lambda tmp: seeds.build_seed004_xlsx(tmp / "plan.xlsx"),
    "csv": lambda tmp: seeds.build_seed004_csv(tmp / "plan.csv"),
    "markdown (the seed as it is)": lambda tmp: _write(tmp / "plan.md", seeds.seed_text("004")),
}


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(params=list(SEED004_BUILDERS), scope="module")
def seed004(request, tmp_path_factory):
    path = SEED004_BUILDERS[request.param](tmp_path_factory.mktemp("seed004"))
    return parse_plan_file(path), seeds.seed004_expected()


def test_seed004_has_29_numbered_issues_in_5_sections(seed004):
    parsed, expected = seed004
    assert parsed.problems == []
    assert [(p.ref, p.title) for p in parsed.priorities] == [(n, t) for n, t in expected["sections"]]
    assert len(expected["sections"]) == 5
    refs = [o.ref for o in parsed.objectives]
    assert refs == list(expected["issues"]) and len(refs) == 29
    for priority in parsed.priorities:
        assert all(o.ref.split(".")[0] == priority.ref for o in priority.objectives)
    titles = {o.ref: o.title for o in parsed.objectives}
    assert {ref: _norm(titles[ref]) for ref in titles} == {ref: _norm(i["title"]) for ref, i in expected["issues"].items()}


def test_seed004_every_action_row_sits_under_its_issue(seed004):
    parsed, expected = seed004
    got = {o.ref: [_norm(a.description) for a in o.actions] for o in parsed.objectives}
    for ref, issue in expected["issues"].items():
        rows = [_norm(re.sub(r"<[^>]+>", " ", r[3])) for r in issue["rows"] if r[3].strip()]
        assert got[ref] == rows, ref
    assert sum(len(v) for v in got.values()) == sum(
        1 for i in expected["issues"].values() for r in i["rows"] if r[3].strip())


def _kept(text: str, values: list[str]) -> bool:
    wanted = _norm(re.sub(r"<[^>]+>", " ", text))
    return any(wanted in _norm(v) for v in values)


def test_seed004_keeps_every_lead_outcome_and_date(seed004):
    parsed, expected = seed004
    by_ref = {o.ref: o for o in parsed.objectives}
    for ref, issue in expected["issues"].items():
        actions = by_ref[ref].actions
        leads = [a.lead for a in actions]
        outcomes = [a.outcome for a in actions]
        dates = [a.deep_dive.text for a in actions] + [a.due.text for a in actions] + [a.notes for a in actions]
        reporting = [a.reporting for a in actions]
        for row in issue["rows"]:
            if row[5]:
                assert _kept(row[5], leads), (ref, row[5])
            if row[4]:
                assert _kept(row[4], outcomes), (ref, row[4])
            if row[6]:
                assert _kept(row[6], reporting), (ref, row[6])
            for cell in (row[7], row[8]):
                if cell:
                    assert _kept(cell, dates), (ref, cell)


def test_seed004_dates_are_read_with_their_precision(seed004):
    parsed, _ = seed004
    first = parsed.objectives[0].actions[0]  # 1.1: deep dive Nov-16, "Review regularly"
    assert (first.deep_dive.iso(), first.due.kind, first.due.text) == ("2016-11", "review", "Review regularly")
    grow = next(a for a in parsed.actions if a.description.startswith("Introduction of GROW"))
    # The shifted row: lead, reporting and the completion words are back under their headings.
    assert grow.lead.startswith("UHL") and "by exception" in grow.reporting and grow.due.iso() == "2016-09"
    lsc = next(a for a in parsed.actions if "Local Safeguarding Children" in a.description)
    assert (lsc.due.iso(), lsc.due.text, lsc.deep_dive.iso()) == ("2017-06", "Complete by June 2017", "2018-02-01")


def test_seed004_row_with_a_lead_but_no_action_joins_the_action_above(seed004):
    parsed, _ = seed004
    smoking = next(o for o in parsed.objectives if o.ref == "2.4")
    assert len(smoking.actions) == 4
    assert smoking.actions[-1].lead.endswith("STOP, Midwifery")
    assert any("no action text on this row" in n for n in parsed.notes)


SEED003_BUILDERS = {
    "docx with merged lead and partner cells": lambda tmp: seeds.build_seed003_docx(tmp / "plan.docx"),
    "xlsx with merged lead and partner cells": lambda tmp: seeds.build_seed003_xlsx(tmp / "plan.xlsx"),
}


@pytest.fixture(params=list(SEED003_BUILDERS), scope="module")
def seed003(request, tmp_path_factory):
    path = SEED003_BUILDERS[request.param](tmp_path_factory.mktemp("seed003"))
    return parse_plan_file(path), seeds.seed003_expected()


def test_seed003_has_its_10_priorities(seed003):
    parsed, expected = seed003
    assert parsed.problems == []
    titles = [p["title"] for p in expected["priorities"]]
    assert len(titles) == 10
    assert [f"Priority {p.ref}: {p.title}" for p in parsed.priorities] == [" ".join(t.split()) for t in titles]


def test_seed003_objectives_and_actions(seed003):
    parsed, expected = seed003
    for priority, exp in zip(parsed.priorities, expected["priorities"], strict=True):
        # Objectives: every objective cell with words of its own after its number.
        titled = [re.match(r"^(\d+(?:\.\d+)*)\s+(\S.*)$", " ".join(r[0].split())) for r in exp["rows"]]
        assert [o.ref for o in priority.objectives] == [m.group(1) for m in titled if m], priority.ref
        # Actions: one per bullet (or per paragraph) of the Action Plan cells, in order.
        bullets = [line.strip().lstrip("·").strip() for r in exp["rows"] for line in r[1].split("\n")]
        wanted = [_norm(b.replace("[bookmark: _GoBack]", "")) for b in bullets if b]
        got = [_norm(a.description) for o in priority.objectives for a in o.actions]
        joined = " ".join(got)
        assert all(w in joined for w in wanted), priority.ref
        assert len(got) <= len(wanted)


def test_seed003_keeps_leads_and_partners(seed003):
    parsed, expected = seed003
    actions = parsed.actions
    for exp in expected["priorities"]:
        for row in exp["rows"]:
            for index, values in ((2, [a.lead for a in actions]), (3, [a.partners for a in actions])):
                for line in row[index].split("\n"):
                    line = line.strip().strip("·").strip()
                    if line:
                        assert any(_norm(line) in _norm(v) for v in values), line


def test_seed003_merged_lead_covers_the_rows_below(seed003):
    parsed, _ = seed003
    first = parsed.priorities[0]
    leads = [a.lead for o in first.objectives for a in o.actions]
    assert leads[:6] == ["Public Health Specialist, Wider Determinants Team"] * 6
    assert all(a.partners.startswith("Public Health\nHousing services") for o in first.objectives for a in o.actions)
    # Where the table has no lead at all (priority 10), none is invented.
    assert {a.lead for o in parsed.priorities[9].objectives for a in o.actions} == {""}


def test_seed003_numbers_without_words_continue_the_objective(seed003):
    parsed, _ = seed003
    o22 = next(o for o in parsed.objectives if o.ref == "2.2")
    assert [a.ref for a in o22.actions] == ["", "2.3"]
    assert any('"2.3" has no objective text of its own' in n for n in parsed.notes)
