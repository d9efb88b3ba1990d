"""Who may see what: public aggregates (a setting), login for everything else, throttled logins."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["/", "/areas/", "/areas/E06000008/", "/areas/E06000008/infant-mortality/", "/indicators/",
                "/indicators/infant-mortality/", "/methods/"]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_aggregate_pages_are_public_when_the_setting_allows(client, profile_data, settings, path):
    settings.FIRSTYEAR_PUBLIC_AGGREGATES = True
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_aggregate_pages_need_login_when_not_public(client, profile_data, settings, path):
    settings.FIRSTYEAR_PUBLIC_AGGREGATES = False
    response = client.get(path)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")


def test_signed_in_user_sees_private_mode_pages(client, profile_data, persona, settings):
    settings.FIRSTYEAR_PUBLIC_AGGREGATES = False
    user = persona("analyst", "E06000008")
    client.force_login(user)
    assert client.get("/areas/E06000008/").status_code == 200


def test_admin_site_is_never_public(client, profile_data):
    assert client.get("/admin/").status_code == 302


def test_api_answers_401_in_json_when_not_public(client, profile_data, settings):
    settings.FIRSTYEAR_PUBLIC_AGGREGATES = False
    response = client.get("/api/v1/indicators")
    assert response.status_code == 401 and response["Content-Type"].startswith("application/json")


def test_login_by_email_and_throttling(client, profile_data, persona, settings):
    persona("analyst", "E06000008", email="asha@example.org")
    ok = client.post("/accounts/login/", {"username": "asha@example.org", "password": "correct horse battery staple"})
    assert ok.status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "asha@example.org", "password": "wrong"})
    locked = client.post("/accounts/login/", {"username": "asha@example.org", "password": "correct horse battery staple"})
    assert locked.status_code == 429
    assert "Sign-in paused" in locked.content.decode()


def test_passwords_are_hashed(profile_data, persona):
    user = persona("analyst", "E06000008")
    assert user.password.startswith(("pbkdf2_sha256$", "argon2", "scrypt")) and "correct horse" not in user.password


def test_sign_in_errors_say_what_to_do(client, reference_data):
    empty = client.post("/accounts/login/", {}).content.decode()
    assert "Enter your email address" in empty and "Enter your password" in empty
    wrong = client.post("/accounts/login/", {"username": "nobody@example.org", "password": "x"}).content.decode()
    assert "Enter a correct email address and password" in wrong
