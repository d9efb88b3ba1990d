"""Configuration fails fast with a hint; production refuses insecure settings."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.pure


def load_settings(tmp_path, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("FIRSTYEAR_", "DATABASE_URL"))}
    clean.update({"FIRSTYEAR_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "firstyear.web.settings"})
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"],
        env=clean, capture_output=True, text=True, timeout=60,
    )


def test_production_refuses_a_missing_secret(tmp_path):
    result = load_settings(tmp_path, FIRSTYEAR_ENV="production", FIRSTYEAR_ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "FIRSTYEAR_SECRET_KEY is missing" in result.stderr


def test_production_refuses_debug(tmp_path):
    result = load_settings(
        tmp_path, FIRSTYEAR_ENV="production", FIRSTYEAR_SECRET_KEY="x" * 50,
        FIRSTYEAR_ALLOWED_HOSTS="example.org", FIRSTYEAR_DEBUG="true",
    )
    assert result.returncode != 0
    assert "FIRSTYEAR_DEBUG must be off" in result.stderr


def test_production_starts_when_configured(tmp_path):
    from cryptography.fernet import Fernet

    result = load_settings(
        tmp_path, FIRSTYEAR_ENV="production", FIRSTYEAR_SECRET_KEY="x" * 50, FIRSTYEAR_ALLOWED_HOSTS="example.org",
        FIRSTYEAR_FIELD_KEY=Fernet.generate_key().decode(),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_development_generates_and_keeps_a_private_secret(tmp_path):
    first = load_settings(tmp_path)
    assert first.returncode == 0, first.stderr
    key_file = tmp_path / "development-secret-key"
    key = key_file.read_text()
    assert len(key) >= 50 and oct(key_file.stat().st_mode)[-3:] == "600"
    load_settings(tmp_path)
    assert key_file.read_text() == key


def test_a_bad_boolean_is_reported(tmp_path):
    result = load_settings(tmp_path, FIRSTYEAR_DEBUG="maybe")
    assert result.returncode != 0 and "FIRSTYEAR_DEBUG='maybe' is not a yes/no value" in result.stderr
