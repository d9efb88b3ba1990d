"""Run a benchmark's measuring half once on SQLite and once on PostgreSQL, and print a table.

Each run is a child process (``script --child ...``) because Django reads its database settings
once, at start-up. SQLite gets a fresh database in a temporary directory; PostgreSQL a scratch
database, dropped afterwards. Neither touches the developer's own data.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable

DEFAULT_POSTGRES = os.environ.get("TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/firstyear")


def _child(script: str, args: list[str], env: dict, engine: str) -> dict | None:
    result = subprocess.run([sys.executable, script, "--child", *args], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        print(f"{engine}: failed\n{result.stderr[-3000:]}", file=sys.stderr)
        return None
    return json.loads(result.stdout.strip().splitlines()[-1])


def _scratch_postgres(url: str):
    try:
        import psycopg
    except ImportError:
        return None
    admin = url.rsplit("/", 1)[0].replace("postgres://", "postgresql://", 1) + "/postgres"
    name = f"firstyear_bench_{os.getpid()}"
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError:
        return None

    def drop():
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return url.rsplit("/", 1)[0] + "/" + name, drop


def run_on_engines(script: str, args: list[str], postgres_url: str = DEFAULT_POSTGRES) -> dict[str, dict | None]:
    with tempfile.TemporaryDirectory(prefix="firstyear-bench-") as tmp:
        base = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        base.update({"FIRSTYEAR_DATA_DIR": tmp, "FIRSTYEAR_ENV": "development", "FIRSTYEAR_DEBUG": "false",
                     "DJANGO_SETTINGS_MODULE": "firstyear.web.settings"})
        runs = {"SQLite": _child(script, args, base, "SQLite")}
        scratch = _scratch_postgres(postgres_url)
        if scratch is None:
            print(f"PostgreSQL not reachable at {postgres_url}: skipped.")
            return runs
        url, drop = scratch
        try:
            runs["PostgreSQL"] = _child(script, args, {**base, "DATABASE_URL": url}, "PostgreSQL")
        finally:
            drop()
    return runs


def print_table(runs: dict[str, dict | None], rows: list[tuple[str, Callable[[dict], float], str]], width: int = 30) -> None:
    print(f"{'':{width}}" + "".join(f"{name:>14}" for name in runs))
    for label, get, unit in rows:
        print(f"{label:{width}}" + "".join(f"{(get(r) if r else float('nan')):>12.3f}{unit:>2}" for r in runs.values()))
