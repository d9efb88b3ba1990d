"""Child death review benchmark: generate and import 50,000 synthetic cases (a national decade),
build a national annual report, and time the case list.

    python benchmarks/reviews_bench.py [--cases 50000] [--database-url postgres://...]

Targets: import under 30 s; report under 5 s; case list p95 server time under 200 ms.
Always works in a fresh temporary data directory (never your FIRSTYEAR_DATA_DIR or DATABASE_URL):
SQLite there, or the PostgreSQL database named with --database-url (which it fills)."""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=50_000)
    parser.add_argument("--database-url", default="", help="a scratch PostgreSQL database to fill (default SQLite)")
    args = parser.parse_args()
    os.environ["FIRSTYEAR_DATA_DIR"] = tempfile.mkdtemp(prefix="fy-bench-")
    os.environ.pop("DATABASE_URL", None)
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "firstyear.web.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("init", verbosity=0)
    from firstyear.areas.actions import create_group
    from firstyear.areas.models import UPPER_TIER_KINDS, Area, AreaKind
    from firstyear.reviews.demo import build_rows, write_csv
    from firstyear.reviews.importer import import_cases
    from firstyear.reviews.validation import with_check_digit

    regions = list(Area.objects.filter(kind=AreaKind.REGION, valid_to__isnull=True).order_by("code"))
    footprints = []
    for r in regions:
        code = f"CDOP-BENCH-{r.code[-2:]}"
        if not Area.objects.filter(code=code).exists():
            members = list(Area.objects.filter(parent=r, kind__in=UPPER_TIER_KINDS, valid_to__isnull=True)
                           .values_list("code", flat=True))
            create_group(by=None, code=code, name=f"Benchmark {r.name}", kind="cdop", members=members)
        footprints.append(Area.objects.get(code=code))
    template = build_rows("2014/15", seed=1)  # realistic rows to vary
    rng = random.Random(7)
    per_fp = args.cases // len(footprints)
    tmp = Path(tempfile.mkdtemp())
    files = []
    serial = 0
    for fp in footprints:
        members = list(fp.members.values_list("code", flat=True))
        rows = []
        for i in range(per_fp):
            base = dict(rng.choice(template))
            shift = rng.randrange(-5, 5) * 365
            for key in ("date_of_birth", "date_of_death", "notified_on", "panel_reviewed_on", "closed_on",
                        "jar_started_on"):
                if base.get(key):
                    import datetime as dt

                    base[key] = (dt.date.fromisoformat(base[key]) + dt.timedelta(days=shift)).isoformat()
            serial += 1
            number = None
            stem = serial
            while number is None:
                number = with_check_digit(f"{stem:09d}")
                stem += 1_000_000
            base.update(case_ref=f"B-{i:06d}", residence_la_code=rng.choice(members), lsoa_code="",
                        nhs_number=number)
            rows.append(base)
        path = tmp / f"{fp.code}.csv"
        write_csv(rows, path)
        files.append((fp, path))
    started = time.perf_counter()
    total = 0
    for fp, path in files:
        total += import_cases(by=None, path=path, footprint=fp).created
    import_s = time.perf_counter() - started
    print(f"import: {total:,} cases in {import_s:.1f} s (target < 30 s)")

    from firstyear.reviews import report

    started = time.perf_counter()
    data = report.build(Area.objects.get(code="E92000001"), "2014/15", "public")
    report_s = time.perf_counter() - started
    print(f"national annual report 2014/15 ({data.headline['completed']:,} reviews): {report_s:.2f} s (target < 5 s)")

    from django.test import Client
    from django.test.utils import setup_test_environment

    from firstyear.accounts.actions import create_user

    setup_test_environment()
    fp = footprints[0]
    user = create_user(by=None, email=f"bench{int(time.time())}@example.org", role="cdop_secretariat", area_code=fp.code)
    client = Client()
    client.force_login(user)
    urls = ["/reviews/", "/reviews/?state=open", "/reviews/?overdue=1", "/reviews/?age=gt12", "/reviews/?page=20",
            "/reviews/?state=closed&page=3", "/reviews/?post_mortem=1"]
    times = []
    for i in range(140):
        t = time.perf_counter()
        response = client.get(urls[i % len(urls)])
        times.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200
    p95 = statistics.quantiles(times, n=20)[-1]
    print(f"case list ({per_fp:,} cases in the footprint): median {statistics.median(times):.0f} ms, "
          f"p95 {p95:.0f} ms (target < 200 ms)")


if __name__ == "__main__":
    sys.exit(main())
