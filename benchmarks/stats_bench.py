"""Benchmark: a country's indicator table in one call (not a test).

Times, for 1,000,000 area-periods, ``rate(..., confidence=(0.95, 0.998))`` plus a
two-level benchmark comparison against a per-row benchmark, and compares the same work
on 10,000 rows with PHStatsMethods' ``ph_rate`` (row by row) if it is installed.
Prints the median of several runs.

    python benchmarks/stats_bench.py [--rows 1000000] [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import time
import warnings

import numpy as np

from firstyear.stats import compare_levels, rate


def make_input(rows: int, seed: int = 2024):
    rng = np.random.default_rng(seed)
    births = rng.integers(150, 30_000, rows).astype(float)
    deaths = rng.poisson(births * 0.0039).astype(float)  # about 3.9 per 1,000 births
    benchmark = np.full(rows, 3.9)
    return deaths, births, benchmark


def ours(deaths, births, benchmark):
    r = rate(deaths, births, multiplier=1000, confidence=(0.95, 0.998))
    return compare_levels(
        r.value, r.lower95, r.upper95, r.lower998, r.upper998, benchmark, "low_is_good"
    )


def median_time(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--oracle-rows", type=int, default=10_000)
    args = parser.parse_args()

    deaths, births, benchmark = make_input(args.rows)
    ours(deaths[:1000], births[:1000], benchmark[:1000])  # warm caches (quantile tables)
    t_million = median_time(lambda: ours(deaths, births, benchmark), args.runs)
    print(
        f"firstyear.stats: {args.rows:,} rows, rate with 95% and 99.8% limits + comparison: "
        f"median {t_million:.3f} s over {args.runs} runs (target < 0.25 s)"
    )

    small = slice(0, args.oracle_rows)
    t_small = median_time(lambda: ours(deaths[small], births[small], benchmark[small]), args.runs)
    try:
        import pandas as pd
        from PHStatsMethods import ph_rate
    except ImportError:
        print("PHStatsMethods not installed: ratio not measured")
        return
    # ph_rate's byars_upper rejects 0 events; give it the same rows with 0 raised to 1.
    df = pd.DataFrame({"num": np.maximum(deaths[small], 1), "den": births[small]})

    def theirs():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = ph_rate(df, "num", "den", confidence=[0.95, 0.998], multiplier=1000)
        # its comparison step, vectorised in pandas, for a like-for-like pipeline
        lower, upper = out["lower_95_ci"].to_numpy(), out["upper_95_ci"].to_numpy()
        return np.where(lower > 3.9, "worse", np.where(upper < 3.9, "better", "similar"))

    t_theirs = median_time(theirs, max(3, args.runs // 2))
    print(f"firstyear.stats: {args.oracle_rows:,} rows: median {t_small * 1000:.2f} ms")
    print(f"PHStatsMethods ph_rate: {args.oracle_rows:,} rows: median {t_theirs:.3f} s")
    print(
        f"speed-up on the same {args.oracle_rows:,} rows: {t_theirs / t_small:,.0f}x "
        f"(target >= 300x); per row vs the million: {t_theirs / args.oracle_rows * args.rows / t_million:,.0f}x"
    )


if __name__ == "__main__":
    main()
