"""Benchmark the platform (not a test): ONS import, full recompute, area profile server time.

    python benchmarks/platform_bench.py [--requests 200] [--postgres URL] [--shared-data DIR]

Runs once on SQLite (a fresh database in a temporary directory) and, when PostgreSQL answers,
once on PostgreSQL (a scratch database that is dropped afterwards). Each run is a child process
because Django reads its database settings once, at start-up.

Profile server time is measured in-process with Django's test client (no network), over
areas chosen in turn from every upper-tier authority: "cold" clears the cache before each
request (what the first visitor after an import waits for), "warm" does not.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = ROOT.parent / "shared" / "data"


def child(args) -> dict:
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client

    from firstyear.areas.models import UPPER_TIER_KINDS, Area
    from firstyear.demo import load_demo_observations
    from firstyear.indicators.compute import recompute
    from firstyear.indicators.importers import run_import
    from firstyear.indicators.models import Observation

    call_command("init", verbosity=0, stdout=open(os.devnull, "w"))
    ons = sorted(Path(args.shared_data, "ons").glob("onsvia-harrison_*_201[0-6].xls"))
    started = time.perf_counter()
    run_import("ons", ons, quiet=True)
    ons_seconds = time.perf_counter() - started

    load_demo_observations(quiet=True)
    rows = Observation.objects.count()
    recompute_times = []
    for _ in range(5):
        started = time.perf_counter()
        recompute()
        recompute_times.append(time.perf_counter() - started)

    client = Client()
    codes = list(Area.objects.filter(kind__in=UPPER_TIER_KINDS, valid_to__isnull=True).values_list("code", flat=True))
    for code in codes[:5]:  # warm up imports and template loading
        client.get(f"/areas/{code}/")
    results = {}
    for mode in ("cold", "warm"):
        times = []
        for i in range(args.requests):
            if mode == "cold":
                cache.clear()
            started = time.perf_counter()
            response = client.get(f"/areas/{codes[i % len(codes)]}/")
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        times.sort()
        results[mode] = {"median_ms": statistics.median(times), "p95_ms": times[int(0.95 * len(times)) - 1]}
    return {"ons_import_s": ons_seconds, "observations": rows, "recompute_s": statistics.median(recompute_times),
            "profile": results, "files": len(ons)}


def run(engine: str, env: dict, args) -> dict | None:
    command = [sys.executable, __file__, "--child", "--requests", str(args.requests), "--shared-data", args.shared_data]
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        print(f"{engine}: failed\n{result.stderr[-3000:]}", file=sys.stderr)
        return None
    return json.loads(result.stdout.strip().splitlines()[-1])


def postgres_env(url: str, base: dict) -> tuple[dict, callable] | None:
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

    return {**base, "DATABASE_URL": url.rsplit("/", 1)[0] + "/" + name}, drop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--postgres", default=os.environ.get("TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/firstyear"))
    parser.add_argument("--shared-data", default=os.environ.get("FIRSTYEAR_SHARED_DATA", str(DEFAULT_SHARED)))
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args)))
        return
    if not Path(args.shared_data, "ons").is_dir():
        sys.exit(f"No ONS workbooks under {args.shared_data}/ons: pass --shared-data.")
    with tempfile.TemporaryDirectory(prefix="firstyear-bench-") as tmp:
        base = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
        base.update({"FIRSTYEAR_DATA_DIR": tmp, "FIRSTYEAR_ENV": "development", "FIRSTYEAR_DEBUG": "false",
                     "DJANGO_SETTINGS_MODULE": "firstyear.web.settings"})
        runs = {"SQLite": run("SQLite", base, args)}
        pg = postgres_env(args.postgres, base)
        if pg is None:
            print(f"PostgreSQL not reachable at {args.postgres}: skipped.")
        else:
            env, drop = pg
            try:
                runs["PostgreSQL"] = run("PostgreSQL", env, args)
            finally:
                drop()
    print(f"{'':24}" + "".join(f"{name:>14}" for name in runs))
    def line(label, get, unit):
        print(f"{label:24}" + "".join(f"{(get(r) if r else float('nan')):>12.3f}{unit:>2}" for r in runs.values()))
    line("ONS import 2010-16", lambda r: r["ons_import_s"], "s")
    line("full recompute", lambda r: r["recompute_s"], "s")
    line("profile median (cold)", lambda r: r["profile"]["cold"]["median_ms"], "ms")
    line("profile p95 (cold)", lambda r: r["profile"]["cold"]["p95_ms"], "ms")
    line("profile median (warm)", lambda r: r["profile"]["warm"]["median_ms"], "ms")
    line("profile p95 (warm)", lambda r: r["profile"]["warm"]["p95_ms"], "ms")
    first = next((r for r in runs.values() if r), None)
    if first:
        print(f"({first['files']} ONS workbooks; recompute over {first['observations']:,} observations; "
              f"{args.requests} profile requests per mode; targets: profile p95 < 150 ms, recompute < 1 s)")


if __name__ == "__main__":
    main()
