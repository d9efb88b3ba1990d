"""Published pages: what an analyst sees on the profile and indicator pages, and the downloads."""

from __future__ import annotations

import csv
import html
import io
import xml.etree.ElementTree as ET

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def test_home_shows_england_and_finds_areas(client, profile_data):
    page = client.get("/").content.decode()
    assert "infant deaths per 1,000 live births in England, 2014-16" in page
    found = client.get("/areas/", {"q": "blackburn"}).content.decode()
    assert '/areas/E06000008/">Blackburn with Darwen<' in found
    assert "No area" not in found and client.get("/areas/", {"q": "E06000008"}).content.decode().count("/areas/E06000008/") == 1


def test_profile_states_the_comparison_in_plain_english(client, profile_data):
    response = client.get("/areas/E06000008/")
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    # 58 deaths / 6,400 births = 9.1 per 1,000; England 6,800 / 1,990,000 = 3.4.
    assert ("Blackburn with Darwen's infant mortality rate, 9.1 per 1,000 live births in 2014-16, "
            "is higher than England's (3.4); the difference is statistically significant.") in page
    assert "fy-compare--worse" in page
    assert "North West" in page and "(4.3)" in page
    assert "fy-spine__quartiles" in page  # the inline spine drew a range of areas


def test_profile_of_a_better_area_and_of_a_similar_one(client, profile_data):
    assert "is lower than England's (3.4); the difference is statistically significant" in html.unescape(
        client.get("/areas/E08000003/").content.decode())
    assert "but the difference is not statistically significant" in client.get("/areas/E06000009/").content.decode()


def test_unknown_area_is_404(client, profile_data):
    assert client.get("/areas/E99999999/").status_code == 404


def test_profile_downloads_as_csv_and_xlsx(client, profile_data):
    text = client.get("/areas/E06000008/profile.csv").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    imr = next(r for r in rows if r["Indicator"] == "Infant mortality rate")
    assert (imr["Period"], imr["Count"], imr["Compared with England"]) == ("2014 - 16", "58", "worse")
    assert float(imr["Value"]) == pytest.approx(58 / 6400 * 1000)
    book = load_workbook(io.BytesIO(client.get("/areas/E06000008/profile.xlsx").content))
    sheet = book.worksheets[0]
    assert sheet["A1"].value == "Indicator" and sheet.max_row == len(rows) + 1


def test_area_indicator_page_and_each_chart(client, profile_data):
    page = client.get("/areas/E06000008/infant-mortality/").content.decode()
    for heading in ("Trend", "Compared with other areas", "Funnel plot"):
        assert f">{heading}</h2>" in page
    for kind in ("trend", "compare", "funnel"):
        svg = client.get(f"/areas/E06000008/infant-mortality/{kind}.svg")
        assert svg["Content-Type"] == "image/svg+xml"
        root = ET.fromstring(svg.content)
        assert root.get("role") == "img" and root.find("{http://www.w3.org/2000/svg}title") is not None
        png = client.get(f"/areas/E06000008/infant-mortality/{kind}.png", {"download": 1})
        assert png.content[:8] == b"\x89PNG\r\n\x1a\n"
        assert png["Content-Disposition"].startswith("attachment;")
    # No breakdown rows exist, so there is no breakdown chart.
    assert client.get("/areas/E06000008/infant-mortality/breakdown.svg").status_code == 404


def test_compare_table_lists_the_region_in_order(client, profile_data):
    text = client.get("/areas/E06000008/infant-mortality/compare-data.csv").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    values = [float(r["Value"]) for r in rows]
    assert values == sorted(values)
    assert {r["Area code"] for r in rows} >= {"E06000008", "E06000009", "E08000003", "E10000017"}
    assert "E12000002" not in {r["Area code"] for r in rows}


def test_indicator_page_lists_regions_and_the_definition(client, profile_data):
    page = client.get("/indicators/infant-mortality/").content.decode()
    assert "England and regions, 2014 - 16" in page
    assert "Exact Poisson below 10 events, Byar" in page
    assert client.get("/indicators/no-such-thing/").status_code == 404


def test_chart_text_cannot_inject_markup(client, profile_data):
    from firstyear.areas.models import Area

    Area.objects.filter(code="E06000009").update(name='Blackpool <script>alert("x")</script>')
    from django.core.cache import cache

    cache.clear()
    svg = client.get("/areas/E06000008/infant-mortality/compare.svg").content.decode()
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_breakdowns_draw_a_chart_and_table_when_present(client, profile_data):
    from firstyear.indicators.compute import recompute
    from firstyear.indicators.models import Indicator, Observation, Period

    imr = Indicator.objects.get(slug="infant-mortality")
    period = Period.objects.get(label="2014 - 16")
    bwd = profile_data["E06000008"]
    for quintile, (deaths, births) in enumerate([(30, 2500), (14, 1700), (8, 1200), (4, 600), (2, 400)], start=1):
        Observation.objects.create(indicator=imr, area=bwd, period=period, category_type="Deprivation quintile",
                                   category=f"Quintile {quintile}", count=deaths, denominator=births, synthetic=True)
    recompute()
    page = client.get("/areas/E06000008/infant-mortality/").content.decode()
    assert ">Breakdown</h2>" in page
    svg = client.get("/areas/E06000008/infant-mortality/breakdown.svg").content.decode()
    assert "Quintile 1" in svg and "Quintile 5" in svg
    text = client.get("/areas/E06000008/infant-mortality/breakdown-data.csv").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["Category"] for r in rows] == [f"Deprivation quintile: Quintile {q}" for q in range(1, 6)]
    assert float(rows[0]["Value"]) == pytest.approx(12.0)  # 30 / 2,500 x 1,000
    # Breakdown rows never leak into the area totals.
    assert "Quintile" not in client.get("/areas/E06000008/profile.csv").content.decode("utf-8-sig")


def test_a_footprint_shows_its_members_summed(client, profile_data):
    """Pan-Lancashire = Blackburn with Darwen + Blackpool + Lancashire: 58 + 18 + 135 = 211 deaths
    among 6,400 + 4,900 + 39,500 = 50,800 births in 2014-16, 4.15 per 1,000 (not the mean of three rates)."""
    page = html.unescape(client.get("/areas/CDOP-PANLANCS/").content.decode())
    assert "Pan-Lancashire CDOP's infant mortality rate, 4.2 per 1,000 live births in 2014-16" in page
    assert "(211 deaths)" in page
    rows = client.get("/api/v1/values", {"indicator": "infant-mortality", "area": "CDOP-PANLANCS"}).json()
    assert (rows[-1]["count"], rows[-1]["note"]) == (211, "Sum of 3 member areas")
    trend = client.get("/areas/CDOP-PANLANCS/infant-mortality/trend-data.csv").content.decode("utf-8-sig")
    last = list(csv.DictReader(io.StringIO(trend)))[-1]
    assert (last["Count"], last["Denominator"]) == ("211", "50800.0")
    assert float(last["Value"]) == pytest.approx(211 / 50800 * 1000)


def test_a_footprint_with_a_member_missing_shows_no_figure(client, profile_data):
    from firstyear.indicators.models import Observation

    Observation.objects.filter(area__code="E06000009", period__label="2014 - 16").delete()
    trend = client.get("/areas/CDOP-PANLANCS/infant-mortality/trend-data.csv").content.decode("utf-8-sig")
    periods = [r["Period"] for r in csv.DictReader(io.StringIO(trend))]
    assert "2014 - 16" not in periods and "2013 - 15" in periods
