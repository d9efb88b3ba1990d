"""Rebuild the reference CSVs taken from the PHStatsMethods and PHEindicatormethods repositories.

The originals are text files in the two public repositories (GPL-3), at the commits named
below. Give a folder holding checkouts of both, named after the repositories:

    python tests/stats/reference/convert_repos.py /path/to/checkouts

    /path/to/checkouts/PHStatsMethods/        DataS-DHSC/PHStatsMethods
    /path/to/checkouts/PHEindicatormethods/   ukhsa-collaboration/PHEindicatormethods

Each CSV starts with ``#`` lines naming the repository, path, commit and the call that
produced the expected values; columns are renamed to this project's vocabulary, only the
columns the tests use are kept, and values are written back unchanged (``%.15g``, which
keeps every digit of the originals). See README.md for what each table checks.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).parent

PHSTATS = "DataS-DHSC/PHStatsMethods"
PHE = "ukhsa-collaboration/PHEindicatormethods"
PHE_FUNNEL_TESTS = f"{PHE} tests/testthat/testFunnels.R @ 63894a99103ffc9e0a3e8a15644200a3abb95669"
PHSTATS_FUNNEL_TESTS = (
    f"{PHSTATS} ph_statistical_methods/tests/test_funnels.py "
    "@ 0480bb8634e4766d76ee70cd1258327a9b32f39d"
)


def write(df: pd.DataFrame, name: str, repo: str, path: str, commit: str, lines: list[str]):
    header = [f"# source: {repo} {path} @ {commit} (GPL-3)"]
    header += [f"# {line}" for line in lines]
    header.append(
        "# converted by tests/stats/reference/convert_repos.py "
        "(columns renamed and selected, values unchanged)"
    )
    with open(HERE / name, "w", encoding="utf-8", newline="") as fh:
        fh.write("\n".join(header) + "\n")
        df.to_csv(fh, index=False, float_format="%.15g", lineterminator="\n")


def funnel_ratio_limits(root: Path) -> None:
    path = "ph_statistical_methods/tests/test_data/testdata_funnel_ratio_outputs.csv"
    df = pd.read_csv(root / "PHStatsMethods" / path)
    x = df["Observed_events"]
    out = {"events": x}
    for level, ours in (("2s", "95"), ("3s", "998")):
        for side in ("lower", "upper"):
            expected = df[f"{side}_{level}_exp_events"]
            # The "count" columns (ratio - 1) and "isr" columns (ratio x 100) are the same
            # limits O / E written two ways; keep the ISR form after checking they agree.
            ratio = x / expected
            np.testing.assert_allclose(df[f"{side}_{level}_count"] + 1, ratio, rtol=1e-7)
            np.testing.assert_allclose(df[f"{side}_{level}_isr"] / 100, ratio, rtol=1e-7)
            out[f"{side}{ours}_expected"] = expected
            out[f"{side}{ours}"] = df[f"{side}_{level}_isr"]
    write(
        pd.DataFrame(out),
        "funnel_ratio_limits.csv",
        PHSTATS,
        path,
        "8ec5866ca767036c812e6772a94b80b3514bbecf",
        [
            "produced by: calculate_funnel_limits(test_funnel_ratio_inputs, obs, expected, "
            'statistic = "ratio", ratio_type = "isr" (and "count"), multiplier = 100)',
            f"  see {PHE_FUNNEL_TESTS} and {PHSTATS_FUNNEL_TESTS}",
            "note: *_expected is the expected count E at which the event count sits on the "
            "limit (PHE's poisson_funnel bisection); the limit columns are 100 x events / E "
            '(ratio_type "isr"); the "count" columns (events / E - 1) were checked to agree '
            "and dropped",
        ],
    )


def funnel_ratio_significance(root: Path) -> None:
    path = "tests/testthat/testdata_funnel_ratio_inputs.csv"
    df = pd.read_csv(root / "PHEindicatormethods" / path)
    df = df.rename(columns={"obs": "observed"})
    write(
        df[["observed", "expected", "significance"]],
        "funnel_ratio_significance.csv",
        PHE,
        path,
        "b79d64484b69e14cf3c70c2748c34e0ba68c53a2",
        [
            "produced by: assign_funnel_significance(test_funnel_ratio_inputs[1:2], obs, "
            'expected, statistic = "ratio")',
            f"  see {PHE_FUNNEL_TESTS}",
            "note: PHE compares each area's exact (< 10 observed) or Byar's interval of O / E "
            "with 1, not with the pooled ratio",
        ],
    )


RATE_COLUMNS = [
    "events",
    "lower_2s_population_1_year",
    "lower_2s_limit",
    "upper_2s_population_1_year",
    "upper_2s_limit",
    "lower_3s_population_1_year",
    "lower_3s_limit",
    "upper_3s_population_1_year",
    "upper_3s_limit",
    "baseline",
]


def funnel_rate_limits(root: Path) -> None:
    commit = "0a0521964bc5731223c2f312ca5c044d05fd927d"
    for original, name, call, note in [
        (
            "testdata_funnel_rate_outputs_2.csv",
            "funnel_rate_limits_crude.csv",
            "calculate_funnel_limits(test_funnel_rate_funnels_input with the largest ev "
            'set to 5, numerator = ev, rate = rate, multiplier = 1e5, statistic = "rate", '
            'rate_type = "crude", years_of_data = 3)',
            "crude rates per 100,000 over 3 years, denominators derived as 1e5 x ev / rate",
        ),
        (
            "testdata_funnel_rate_outputs_3.csv",
            "funnel_rate_limits_crude_denominator.csv",
            "calculate_funnel_limits(test_funnel_rate_funnels_input with pop = 1e5 x ev / "
            "rate, the largest ev and its rate set to 0, rows with pop > max(pop) / 2, "
            "numerator = ev, rate = rate, denominator = pop, multiplier = 1e5, "
            'statistic = "rate", rate_type = "crude", years_of_data = 3)',
            "crude rates per 100,000 over 3 years with a zero-event area and denominators supplied",
        ),
    ]:
        path = f"ph_statistical_methods/tests/test_data/{original}"
        df = pd.read_csv(root / "PHStatsMethods" / path).rename(columns={"Events": "events"})
        write(
            df[RATE_COLUMNS],
            name,
            PHSTATS,
            path,
            commit,
            [
                f"produced by: {call}",
                f"  see {PHE_FUNNEL_TESTS} and {PHSTATS_FUNNEL_TESTS}",
                f"note: {note}; *_population_1_year = PHE's boundary expected count / "
                "baseline / years, *_limit = events / population x multiplier",
            ],
        )


def funnel_proportion_limits_axis(root: Path) -> None:
    path = (
        "ph_statistical_methods/tests/test_data/"
        "testdata_funnel_prop_outputs_with_axis_variation.csv"
    )
    df = pd.read_csv(root / "PHStatsMethods" / path)
    df = df.rename(
        columns={
            "Population": "denominator",
            "lower_2s_limit": "lower95",
            "upper_2s_limit": "upper95",
            "lower_3s_limit": "lower998",
            "upper_3s_limit": "upper998",
        }
    )
    write(
        df[["denominator", "lower95", "upper95", "lower998", "upper998", "baseline"]],
        "funnel_proportion_limits_axis.csv",
        PHSTATS,
        path,
        "0a0521964bc5731223c2f312ca5c044d05fd927d",
        [
            "produced by: calculate_funnel_limits(test_funnel_inputs with denominator < 31000, "
            'numerator, denominator, statistic = "proportion", multiplier = 100)',
            f"  see {PHE_FUNNEL_TESTS} and {PHSTATS_FUNNEL_TESTS}",
            "note: the denominators span less than a factor of 2, so PHE starts the axis above "
            "0; baseline to 10 significant figures (funnel_proportion_limits.csv has 6 decimals)",
        ],
    )


def isr_expected_worksheet(root: Path) -> None:
    path = "R/isr_sheet.csv"
    df = pd.read_csv(root / "PHEindicatormethods" / path)
    df = df.rename(
        columns={
            "obs": "observed",
            "pop": "population",
            "refcount": "reference_count",
            "refpop": "reference_population",
            "li": "reference_rate",
            "Ei": "expected",
        }
    )
    write(
        df,
        "isr_expected_worksheet.csv",
        PHE,
        path,
        "39a8c9fb74bc43b241336a7a4126e51abb935dc4",
        [
            "produced by: a worksheet in the package's R/ folder (committed with a version "
            "of R/ISRate.R), not a testthat table: one area, 19 age bands",
            "note: reference_rate = reference_count / reference_population (li) and "
            "expected = population x reference_rate (Ei), each to 9-10 significant figures",
        ],
    )


def ncmp_wilson(root: Path) -> None:
    path = "tests/testthat/NCMP_testdata.csv"
    df = pd.read_csv(root / "PHEindicatormethods" / path)
    df = df.rename(
        columns={
            "Period": "period",
            "SchoolYear": "school_year",
            "Decile": "decile",
            "Count": "count",
            "Measured": "denominator",
            "Rate": "value",
            "LCL": "lower95",
            "UCL": "upper95",
        }
    )
    write(
        df[
            [
                "period",
                "school_year",
                "decile",
                "count",
                "denominator",
                "value",
                "lower95",
                "upper95",
            ]
        ],
        "ncmp_wilson.csv",
        PHE,
        path,
        "fcc3e35735abfb3b7e979097f56850931b849bef",
        [
            "produced by: not stated in the repository; National Child Measurement Programme "
            "counts for England (E92000001) by deprivation decile, school years R and 6, "
            "2006/07 to 2017/18, with percentage and 95% limits",
            "note: the limits are Wilson score limits (checked here, agreement ~1e-14); "
            "the SE column ((UCL - LCL) / (2 x 1.96), an SII input) and area code are dropped",
        ],
    )


def isr_dummy(root: Path) -> None:
    data_path = "PHStatsMethods/tests/test_data/isr_dummydata.csv"
    ref_path = "ph_statistical_methods/tests/test_data/isr_refdummydata.csv"
    df = pd.read_csv(root / "PHStatsMethods" / data_path)
    ref = pd.read_csv(root / "PHStatsMethods" / ref_path)
    bands = len(ref)
    # The 19 reference rows line up, in order, with the 19 age bands of every group.
    groups = df.groupby(["indicatorid", "year", "sex"], sort=False)["ageband"]
    assert all(list(g) == list(range(0, 5 * bands, 5)) for _, g in groups), "age bands"
    df["reference_count"] = np.tile(ref["refcount"].to_numpy(), len(df) // bands)
    df["reference_population"] = np.tile(ref["refpop"].to_numpy(), len(df) // bands)
    df = df.rename(columns={"obs": "observed", "pop": "population"})
    write(
        df,
        "isr_dummy.csv",
        PHSTATS,
        f"{data_path} @ d00e92bbca4e59d100990652bf92b52733852d00 with {ref_path}",
        "5b33ea931d7606feb3defcd52f60dce99a602dab",
        [
            "produced by: inputs only, no expected values ('data exported from R. Used the "
            "R example and set.seed(2)'); a development version of PHStatsMethods' ISRatio "
            "module runs calculate_ISRatio(df, obs, pop, refcount, refpop, group_cols = "
            '["year", "sex", "indicatorid"], confidence = [0.95, 0.998]) on them without '
            "checking the results",
            "note: the two files are merged as that script does: the 19 reference rows "
            "repeated in order against age bands 0, 5, ..., 90 of each indicator/year/sex",
        ],
    )


def main(folder: str) -> None:
    root = Path(folder)
    funnel_ratio_limits(root)
    funnel_ratio_significance(root)
    funnel_rate_limits(root)
    funnel_proportion_limits_axis(root)
    isr_expected_worksheet(root)
    ncmp_wilson(root)
    isr_dummy(root)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
