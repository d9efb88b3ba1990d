"""Rebuild the reference CSVs in this folder from the PHEindicatormethods test tables.

Run from the repository root with the shared data beside it:

    python tests/stats/reference/convert.py /work/shared/data/methods

Each CSV starts with ``#`` lines naming the source; columns are renamed to this
project's vocabulary and rows without expected values are dropped. See README.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).parent
SOURCE = "PHEindicatormethods (R package, UKHSA/PHE; GPL-3), tests/testthat/"


def write(df: pd.DataFrame, name: str, original: str, note: str) -> None:
    header = (
        f"# source: {SOURCE}{original}\n"
        f"# obtained as: /work/shared/data/methods/pheindicatormethods_{original.split(' ')[0]}\n"
        f"# note: {note}\n"
        "# converted by tests/stats/reference/convert.py (columns renamed, values unchanged)\n"
    )
    with open(HERE / name, "w", encoding="utf-8", newline="") as fh:
        fh.write(header)
        df.to_csv(fh, index=False, float_format="%.10g")


def main(folder: str) -> None:
    src = Path(folder)
    bw = pd.read_excel(src / "pheindicatormethods_testdata_Byars_Wilson.xlsx")
    bw = bw.rename(
        columns={"x": "count", "n": "denominator", "lowercl": "lower", "uppercl": "upper"}
    )
    bw["confidence"] = bw["confidence"].str.rstrip("%").astype(float) / 100
    bw["method"] = bw["method"].str.lower()
    write(
        bw,
        "byars_wilson.csv",
        "testdata_Byars_Wilson.xlsx",
        "byars_lower/byars_upper and wilson_lower/wilson_upper expected values",
    )

    rate = pd.read_excel(src / "pheindicatormethods_testdata_Rate.xlsx", sheet_name="testdata_Rate")
    rate = rate.dropna(subset=["value"]).rename(
        columns={
            "Area": "area",
            "Numerator": "count",
            "Denominator": "denominator",
            "lower95_0cl": "lower95",
            "upper95_0cl": "upper95",
            "lower99_8cl": "lower998",
            "upper99_8cl": "upper998",
        }
    )
    rate["method"] = rate["method"].str.lower()
    write(
        rate[
            [
                "area",
                "count",
                "denominator",
                "multiplier",
                "value",
                "lower95",
                "upper95",
                "lower998",
                "upper998",
                "method",
            ]
        ],
        "rates.csv",
        "testdata_Rate.xlsx (sheet testdata_Rate)",
        "phe_rate expected values at 95% and 99.8%",
    )

    prop = pd.read_excel(
        src / "pheindicatormethods_testdata_Proportion.xlsx", sheet_name="testdata_Prop"
    )
    prop = prop.dropna(subset=["value"]).rename(
        columns={
            "Area": "area",
            "Numerator": "count",
            "Denominator": "denominator",
            "lower95_0cl": "lower95",
            "upper95_0cl": "upper95",
            "lower99_8cl": "lower998",
            "upper99_8cl": "upper998",
        }
    )
    write(
        prop[
            [
                "area",
                "count",
                "denominator",
                "multiplier",
                "value",
                "lower95",
                "upper95",
                "lower998",
                "upper998",
            ]
        ],
        "proportions.csv",
        "testdata_Proportion.xlsx (sheet testdata_Prop)",
        "phe_proportion (Wilson) expected values at 95% and 99.8%",
    )

    fr = pd.read_csv(src / "pheindicatormethods_testdata_funnel_rate_outputs.csv")
    fr = fr.rename(columns={"Events": "events"})
    write(
        fr.drop(columns=["statistic", "method"]),
        "funnel_rate_limits.csv",
        "testdata_funnel_rate_outputs.csv",
        "calculate_funnel_limits, statistic 'rate (dsr per 100,000)', Poisson, 3 years of data",
    )

    fp = pd.read_csv(
        src / "pheindicatormethods_testdata_funnel_prop_outputs.csv", encoding="utf-8-sig"
    )
    fp = fp.rename(
        columns={
            "Population": "denominator",
            "Lower2s0025limit": "lower95",
            "Upper2s0025limit": "upper95",
            "Lower3s0001limit": "lower998",
            "Upper3s0001limit": "upper998",
            "Baseline": "baseline",
        }
    )
    write(
        fp,
        "funnel_proportion_limits.csv",
        "testdata_funnel_prop_outputs.csv",
        "calculate_funnel_limits for proportions (percentages), baseline rounded to 6 dp",
    )

    fs = pd.read_csv(
        src / "pheindicatormethods_testdata_funnel_prop_inputs.csv", encoding="utf-8-sig"
    )
    fs = fs.rename(columns={"Area": "area", "numerator": "count"})
    write(
        fs,
        "funnel_proportion_significance.csv",
        "testdata_funnel_prop_inputs.csv",
        "assign_funnel_significance for proportions (apportioned, non-integer counts)",
    )

    fd = pd.read_csv(src / "pheindicatormethods_testdata_funnel_rate_dsr_inputs.csv")
    write(
        fd,
        "funnel_rate_significance.csv",
        "testdata_funnel_rate_dsr_inputs.csv",
        "assign_funnel_significance for DSRs and crude rates, with and without zero-count areas",
    )

    fi = pd.read_csv(src / "pheindicatormethods_testdata_funnel_rate_input_funnels.csv")
    write(
        fi[["ev", "rate"]],
        "funnel_rate_inputs.csv",
        "testdata_funnel_rate_input_funnels.csv",
        "the ev and rate columns fed to calculate_funnel_limits for the rate funnel tables "
        "(funnel_rate_limits*.csv); the derived columns are dropped",
    )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data/methods")
