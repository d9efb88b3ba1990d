"""The field-encryption key: production refuses to start without it; development keeps one."""

from __future__ import annotations

import pytest

from tests.web.test_config import load_settings

pytestmark = pytest.mark.pure


def test_production_refuses_a_missing_field_key(tmp_path):
    result = load_settings(tmp_path, FIRSTYEAR_ENV="production", FIRSTYEAR_SECRET_KEY="x" * 50,
                           FIRSTYEAR_ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "FIRSTYEAR_FIELD_KEY is required in production" in result.stderr
    assert not (tmp_path / "development-field-key").exists()


def test_development_generates_and_keeps_a_private_field_key(tmp_path):
    assert load_settings(tmp_path).returncode == 0
    key_file = tmp_path / "development-field-key"
    key = key_file.read_text()
    assert oct(key_file.stat().st_mode)[-3:] == "600"
    from cryptography.fernet import Fernet

    Fernet(key.encode())  # a usable Fernet key
    load_settings(tmp_path)
    assert key_file.read_text() == key


def test_a_malformed_key_is_reported_with_a_hint(settings):
    from django.core.exceptions import ImproperlyConfigured

    from firstyear.reviews import crypto

    settings.FIRSTYEAR_FIELD_KEY = "not-a-key"
    with pytest.raises(ImproperlyConfigured, match="not a Fernet key"):
        crypto.encrypt({"name": "x"})
