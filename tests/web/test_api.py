"""The read-only JSON API and its command-line twin."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_values_by_fingertips_id_and_label(client, profile_data):
    response = client.get("/api/v1/values", {"indicator": "92196", "area": "E06000008", "period": "2014 - 16"})
    assert response.status_code == 200
    [row] = response.json()
    assert (row["indicator"], row["area_code"], row["period"], row["count"]) == ("infant-mortality", "E06000008", "2014 - 16", 58)
    assert row["denominator"] == 6400 and row["value"] == pytest.approx(9.0625)
    assert row["lower95"] < row["value"] < row["upper95"]
    assert row["lower998"] < row["lower95"] and row["upper998"] > row["upper95"]
    assert (row["compared_to_england"], row["compared_to_region"]) == ("worse", "worse")
    assert row["england_value"] == pytest.approx(6800 / 1_990_000 * 1000)


def test_values_accept_slugs_and_period_spellings(client, profile_data):
    by_slug = client.get("/api/v1/values", {"indicator": "infant-mortality", "area": "e06000008", "period": "2014-16"})
    assert [r["period"] for r in by_slug.json()] == ["2014 - 16"]
    series = client.get("/api/v1/values", {"indicator": "infant-mortality", "area": "E06000008"}).json()
    assert [r["period"] for r in series] == ["2010 - 12", "2011 - 13", "2012 - 14", "2013 - 15", "2014 - 16"]


@pytest.mark.parametrize("params,message", [
    ({"indicator": "99999"}, "No indicator '99999'"),
    ({"indicator": "92196", "area": "X1"}, "No area with code 'X1'"),
    ({"indicator": "92196", "period": "1999 - 01"}, "No period '1999 - 01'"),
])
def test_unknown_things_are_404_with_a_reason(client, profile_data, params, message):
    response = client.get("/api/v1/values", params)
    assert response.status_code == 404 and message in response.json()["detail"]


def test_indicator_and_area_endpoints(client, profile_data):
    indicators = client.get("/api/v1/indicators").json()
    imr = next(i for i in indicators if i["slug"] == "infant-mortality")
    assert imr["fingertips_id"] == 92196 and imr["ci_method"] == "exact_byars" and imr["polarity"] == "low_is_good"
    assert client.get("/api/v1/indicators/93085").json()["slug"] == "smoking-at-delivery"
    area = client.get("/api/v1/areas/E06000008").json()
    assert area == {"code": "E06000008", "name": "Blackburn with Darwen", "kind": "unitary", "parent": "E12000002",
                    "current": True}
    regions = client.get("/api/v1/areas", {"kind": "region"}).json()
    assert len(regions) == 9


def test_openapi_document_describes_the_values_endpoint(client, profile_data):
    schema = client.get("/api/openapi.json").json()
    assert "/api/v1/values" in schema["paths"]
    params = {p["name"] for p in schema["paths"]["/api/v1/values"]["get"]["parameters"]}
    assert {"indicator", "area", "period"} <= params
    docs = client.get("/api/docs").content.decode()
    assert "cdn" not in docs.lower()  # the Swagger UI is served from our own static files


def test_values_command_matches_the_api(client, profile_data, capsys):
    call_command("values", indicator="92196", area="E06000008", period="2014 - 16", format="json")
    from_cli = json.loads(capsys.readouterr().out)
    from_api = client.get("/api/v1/values", {"indicator": "92196", "area": "E06000008", "period": "2014 - 16"}).json()
    assert from_cli[0]["value"] == from_api[0]["value"] and from_cli[0]["upper95"] == from_api[0]["upper95"]
    call_command("values", indicator="infant-mortality", area="E06000008", format="csv")
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 5 and rows[-1]["compared_to_england"] == "worse"


def test_values_command_explains_a_bad_indicator(profile_data):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Fingertips id"):
        call_command("values", indicator="nonsense", area="E06000008")
