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
