"""The annual report: the demo reproduces seed 000's North West figures exactly, every table is
present in JSON, the public edition suppresses, and PDF/DOCX open with the marking."""

from __future__ import annotations

import io

import pytest

from firstyear.areas.models import Area
from firstyear.reviews import report

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def demo(reference_data):
    from firstyear.reviews.demo import load_demo_cases

    load_demo_cases(by=None)


def row(table, label):
    return next(r for r in table["rows"] if r[0] == label)


def test_regional_report_reproduces_seed_000(demo):
    data = report.json_report(report.build(Area.objects.get(code="E12000002"), "2014/15", "public"))
    tables = {t["id"]: t for t in data["tables"]}
    assert [t["id"] for t in data["tables"]][:12] == list(report.TABLE_IDS)
    assert (data["footprint"], data["year"], data["edition"]) == ("E12000002", "2014/15", "public")
    # column 1 = number this year, column 2 = % this year
    assert row(tables["age_band"], "Total")[1] == 328
    assert row(tables["ethnic_group"], "All minority ethnic groups")[1:3] == [121, 37]
    assert row(tables["birthweight"], "Under 2,500 g")[1:3] == [207, 63]
    assert row(tables["deprivation"], "1 (most deprived)")[1:3] == [141, 43]
    assert row(tables["modifiable"], "Modifiable factors identified")[1:3] == [90, 27]
    assert row(tables["factors"], "Safeguarding (abuse or neglect)")[1:3] == [56, 62]
    assert row(tables["factors"], "Smoking (in pregnancy or in the household)")[1:3] == [53, 59]
    assert row(tables["factors"], "Parental drug or alcohol misuse")[1:3] == [30, 33]
    assert row(tables["factors"], "Unsafe sleep or co-sleeping")[1:3] == [21, 23]


def test_public_edition_suppresses_small_counts_and_restricted_does_not(demo):
    cumbria = Area.objects.get(code="CDOP-CUMBRIA")
    public = report.json_report(report.build(cumbria, "2014/15", "public"))
    restricted = report.json_report(report.build(cumbria, "2014/15", "restricted"))
    cells = lambda d: [c for t in d["tables"] if t["id"] != "recommendations" for r in t["rows"] for c in r[1:]]  # noqa: E731
    assert "*" in cells(public)
    assert "*" not in cells(restricted)
    for t in public["tables"]:
        if t["id"] in ("recommendations", "notified"):
            continue
        for r in t["rows"]:
            numbers = [c for c in r[1::2] if isinstance(c, int)] if "number" in " ".join(t["columns"]) else []
            assert not any(1 <= n <= 4 for n in numbers), (t["id"], r)


def test_documents_open_and_carry_the_marking(demo):
    from docx import Document as Docx
    from pypdf import PdfReader

    from firstyear.reports.render import document_bytes

    doc = report.document(report.build(Area.objects.get(code="CDOP-PANLANCS"), "2014/15", "restricted"))
    pdf = PdfReader(io.BytesIO(document_bytes(doc, "pdf")))
    assert all("RESTRICTED" in p.extract_text() for p in pdf.pages)
    word = Docx(io.BytesIO(document_bytes(doc, "docx")))
    assert "RESTRICTED" in word.sections[0].header.paragraphs[0].text
    assert len(word.tables) >= 12
