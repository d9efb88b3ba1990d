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
import sys
import time
from pathlib import Path

from engines import DEFAULT_POSTGRES, print_table, run_on_engines

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES)
    parser.add_argument("--shared-data", default=os.environ.get("FIRSTYEAR_SHARED_DATA", str(DEFAULT_SHARED)))
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args)))
        return
    if not Path(args.shared_data, "ons").is_dir():
        sys.exit(f"No ONS workbooks under {args.shared_data}/ons: pass --shared-data.")
    runs = run_on_engines(__file__, ["--requests", str(args.requests), "--shared-data", args.shared_data], args.postgres)
    print_table(runs, [
        ("ONS import 2010-16", lambda r: r["ons_import_s"], "s"),
        ("full recompute", lambda r: r["recompute_s"], "s"),
        ("profile median (cold)", lambda r: r["profile"]["cold"]["median_ms"], "ms"),
        ("profile p95 (cold)", lambda r: r["profile"]["cold"]["p95_ms"], "ms"),
        ("profile median (warm)", lambda r: r["profile"]["warm"]["median_ms"], "ms"),
        ("profile p95 (warm)", lambda r: r["profile"]["warm"]["p95_ms"], "ms"),
    ], width=24)
    first = next((r for r in runs.values() if r), None)
    if first:
        print(f"({first['files']} ONS workbooks; recompute over {first['observations']:,} observations; "
              f"{args.requests} profile requests per mode; targets: profile p95 < 150 ms, recompute < 1 s)")


if __name__ == "__main__":
    main()
