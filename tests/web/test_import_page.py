"""The administrators' import page: check first, list every problem, import only when confirmed."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from firstyear.indicators.models import ImportBatch, Observation

pytestmark = pytest.mark.django_db

GOOD = (b"area_code,indicator,period,breakdown,count,denominator\n"
        b"E92000001,infant-mortality,2014 - 16,,6800,1990000\n"
        b"E06000008,92196,2014 - 16,,58,6400\n")
BAD = (b"area_code,indicator,period,breakdown,count,denominator\n"
       b"E06000008,infant-mortality,2014 - 16,,-3,6400\n"
       b"E99999999,infant-mortality,2014 - 16,,5,100\n")


def upload(client, content: bytes, name="figures.csv", kind="observations"):
    return client.post("/data/import/", {"kind": kind, "files": [SimpleUploadedFile(name, content, "text/csv")]})


def test_only_people_who_may_import_see_the_page(client, reference_data, persona):
    client.force_login(persona("analyst", "E06000008"))
    assert client.get("/data/import/").status_code == 403
    client.force_login(persona("admin", "E92000001"))
    assert client.get("/data/import/").status_code == 200


def test_check_then_confirm(client, reference_data, persona):
    client.force_login(persona("admin", "E92000001"))
    preview = upload(client, GOOD).content.decode()
    assert "Check before importing" in preview and "2 new" in preview
    assert Observation.objects.count() == 0  # the check wrote nothing
    done = client.post("/data/import/confirm/", follow=True).content.decode()
    assert "Imported figures.csv" in done
    assert Observation.objects.count() == 2
    assert ImportBatch.objects.filter(kind="observations").count() == 1
    # The pending files are gone: confirming again has nothing to import.
    again = client.post("/data/import/confirm/", follow=True).content.decode()
    assert "There was no checked import to confirm" in again


def test_bad_file_lists_every_problem_and_imports_nothing(client, reference_data, persona):
    client.force_login(persona("admin", "E92000001"))
    page = upload(client, BAD).content.decode()
    assert "Nothing was imported: 2 problems to fix" in page
    assert "E99999999" in page and "-3" in page
    assert Observation.objects.count() == 0


def test_wrong_file_type_is_refused_with_a_message(client, reference_data, persona):
    client.force_login(persona("admin", "E92000001"))
    page = upload(client, b"%PDF-1.4", name="report.pdf").content.decode()
    assert "report.pdf is not a CSV, XLS or XLSX file" in page
    assert "Select what you are importing" in client.post("/data/import/", {}).content.decode()
