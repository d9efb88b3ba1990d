"""The command line says what is wrong and how to fix it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.pure


def firstyear(tmp_path, *args, stdin=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FIRSTYEAR_", "DATABASE_URL"))}
    env["FIRSTYEAR_DATA_DIR"] = str(tmp_path)
    return subprocess.run(
        [sys.executable, "-m", "firstyear", *args], env=env, capture_output=True, text=True, input=stdin, timeout=120
    )


def test_usage_lists_the_getting_started_commands(tmp_path):
    result = firstyear(tmp_path)
    assert result.returncode == 0
    for command in ("firstyear init", "firstyear demo", "firstyear serve"):
        assert command in result.stdout


@pytest.mark.parametrize("command", [["users", "list"], ["serve"], ["demo"]])
def test_commands_needing_a_database_say_how_to_create_it(tmp_path, command):
    result = firstyear(tmp_path, *command)
    assert result.returncode != 0
    assert "No database found" in result.stderr
    assert "firstyear init" in result.stderr


def test_init_is_idempotent_and_users_can_be_added_from_a_script(tmp_path):
    first = firstyear(tmp_path, "init")
    assert first.returncode == 0, first.stderr
    assert "381 reference areas (381 added" in first.stdout
    second = firstyear(tmp_path, "init")
    assert "(0 added, 0 updated)" in second.stdout and "0 added, 0 updated" in second.stdout
    added = firstyear(tmp_path, "users", "add", "asha@example.org", "--role", "analyst", "--area", "E06000008",
                      "--password-stdin", stdin="a sound passphrase for asha\n")
    assert added.returncode == 0, added.stderr
    assert "Created asha@example.org as Public health analyst in E06000008." in added.stdout
    duplicate = firstyear(tmp_path, "users", "add", "asha@example.org", "--role", "analyst", "--area", "E06000008",
                          "--password-stdin", stdin="a sound passphrase for asha\n")
    assert duplicate.returncode != 0 and "already exists" in duplicate.stderr
    weak = firstyear(tmp_path, "users", "add", "bo@example.org", "--role", "analyst", "--area", "E06000008",
                     "--password-stdin", stdin="password\n")
    assert weak.returncode != 0 and "Password not accepted" in weak.stderr
    unknown = firstyear(tmp_path, "users", "add", "cy@example.org", "--role", "analyst", "--area", "X123",
                        "--password-stdin", stdin="a sound passphrase for cy\n")
    assert unknown.returncode != 0 and "No area with code 'X123'" in unknown.stderr
    listed = firstyear(tmp_path, "users", "list", "--format", "json")
    assert '"role": "analyst"' in listed.stdout and "bo@example.org" not in listed.stdout
