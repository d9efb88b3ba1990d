"""Rates, proportions, DSRs and ISRs against PHEindicatormethods' and PHStatsMethods' tables
(see reference/README.md), and PHStatsMethods run as an oracle."""

import warnings

import numpy as np
import pytest

from firstyear.stats import (
    EUROPEAN_STANDARD_POPULATION_2013,
    dsr,
    expected_events,
    isr,
    proportion,
    rate,
    smr,
)

from ._reference import table

pytestmark = pytest.mark.pure

RTOL = 1e-6


def test_rates_against_pheindicatormethods_table():
    """phe_rate expected values (per 100 and per 100,000; both levels; method column)."""
    ref = table("rates.csv")
    for mult, rows in ref.groupby("multiplier"):
        got = rate(rows["count"], rows["denominator"], multiplier=mult, confidence=(0.95, 0.998))
        np.testing.assert_allclose(got.value, rows["value"], rtol=RTOL)
        for ours, theirs in [
            ("lower95", "lower95"),
            ("upper95", "upper95"),
            ("lower998", "lower998"),
            ("upper998", "upper998"),
        ]:
            np.testing.assert_allclose(getattr(got, ours), rows[theirs], rtol=RTOL)
        assert list(got.method) == list(rows["method"])


def test_proportions_against_pheindicatormethods_table():
    """phe_proportion (Wilson) expected values as proportions of 1 and percentages."""
    ref = table("proportions.csv")
    for mult, rows in ref.groupby("multiplier"):
        got = proportion(
            rows["count"], rows["denominator"], multiplier=mult, confidence=(0.95, 0.998)
        )
        np.testing.assert_allclose(got.value, rows["value"], rtol=RTOL)
        np.testing.assert_allclose(got.lower95, rows["lower95"], rtol=RTOL)
        np.testing.assert_allclose(got.upper95, rows["upper95"], rtol=RTOL)
        np.testing.assert_allclose(got.lower998, rows["lower998"], rtol=RTOL)
        np.testing.assert_allclose(got.upper998, rows["upper998"], rtol=RTOL)
        assert set(got.method) == {"wilson"}


def test_proportions_against_ncmp_table():
    """240 National Child Measurement Programme prevalences (England by deprivation
    decile, Reception and Year 6, 2006/07-2017/18; 1,635 to 20,929 of 21,506 to 87,071
    children) with their 95% limits, from PHEindicatormethods' test data: Wilson."""
    ref = table("ncmp_wilson.csv")
    got = proportion(ref["count"], ref["denominator"], multiplier=100)
    np.testing.assert_allclose(got.value, ref["value"], rtol=RTOL)
    np.testing.assert_allclose(got.lower, ref["lower95"], rtol=RTOL)
    np.testing.assert_allclose(got.upper, ref["upper95"], rtol=RTOL)


def test_expected_events_against_pheindicatormethods_worksheet():
    """PHEindicatormethods' ISR worksheet (R/isr_sheet.csv): one area, 19 age bands, with
    the reference rate and expected count of each band to 9-10 significant figures."""
    ref = table("isr_expected_worksheet.csv")
    pop = ref["population"].to_numpy(dtype=float)
    r_count = ref["reference_count"].to_numpy(dtype=float)
    r_pop = ref["reference_population"].to_numpy(dtype=float)
    per_band = expected_events(pop[:, None], r_count[:, None], r_pop[:, None])
    np.testing.assert_allclose(per_band, ref["expected"], rtol=RTOL)
    np.testing.assert_allclose(per_band / pop, ref["reference_rate"], rtol=RTOL)
    total = expected_events(pop, r_count, r_pop)
    np.testing.assert_allclose(total, ref["expected"].sum(), rtol=RTOL)
    observed = ref["observed"].to_numpy(dtype=float)
    ratio = observed.sum() / ref["expected"].sum()
    np.testing.assert_allclose(smr(observed.sum(), total).value, ratio, rtol=RTOL)
    np.testing.assert_allclose(
        isr(observed, pop, r_count, r_pop).value,
        ratio * r_count.sum() / r_pop.sum() * 100_000,
        rtol=RTOL,
    )


def test_isr_and_smr_on_phstatsmethods_dummy_data():
    """PHStatsMethods' own ISR dummy data (4 indicators x 5 years x 2 sexes x 19 age
    bands, 1,450+ observed per group, one reference table of 19 bands) carries no expected
    values, so PHStatsMethods 0.1.16 is run on it as the oracle: ph_ISRatio and ph_ISRate
    by indicator, year and sex, both levels."""
    ph = pytest.importorskip("PHStatsMethods")
    ref = table("isr_dummy.csv")
    keys = ["indicatorid", "year", "sex"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        args = (ref, "observed", "population", "reference_count", "reference_population")
        ratio = ph.ph_ISRatio(*args, group_cols=keys, confidence=[0.95, 0.998])
        rate_ = ph.ph_ISRate(*args, group_cols=keys, confidence=[0.95, 0.998])
    groups = ref[keys].iloc[::19].reset_index(drop=True)
    ratio = groups.merge(ratio, on=keys, how="left")
    rate_ = groups.merge(rate_, on=keys, how="left")
    observed, pop, r_count, r_pop = (
        ref[c].to_numpy(dtype=float).reshape(-1, 19)
        for c in ("observed", "population", "reference_count", "reference_population")
    )
    expected = expected_events(pop, r_count, r_pop)
    np.testing.assert_allclose(expected, ratio["Expected"], rtol=RTOL)
    got = smr(observed.sum(-1), expected, confidence=(0.95, 0.998))
    got_rate = isr(observed, pop, r_count, r_pop, confidence=(0.95, 0.998))
    for ours, theirs in [
        ("value", "Value"),
        ("lower95", "lower_95_ci"),
        ("upper95", "upper_95_ci"),
        ("lower998", "lower_99_8_ci"),
        ("upper998", "upper_99_8_ci"),
    ]:
        np.testing.assert_allclose(getattr(got, ours), ratio[theirs], rtol=RTOL)
        np.testing.assert_allclose(getattr(got_rate, ours), rate_[theirs], rtol=RTOL)
    assert len(groups) == 40 and set(got.method) == {"byars"}


def _synthetic_strata(seed, areas=6, low=0, high=60):
    rng = np.random.default_rng(seed)
    counts = rng.integers(low, high, size=(areas, 19)).astype(float)
    pops = rng.integers(800, 9000, size=(areas, 19)).astype(float)
    return counts, pops


def _frame(counts, pops, **extra):
    pd = pytest.importorskip("pandas")
    areas, k = counts.shape
    data = {
        "area": np.repeat([f"A{i}" for i in range(areas)], k),
        "obs": counts.ravel(),
        "pop": pops.ravel(),
    }
    data.update(
        {
            name: np.tile(values, areas) if values.ndim == 1 else values.ravel()
            for name, values in extra.items()
        }
    )
    return pd.DataFrame(data)


def test_dsr_against_phstatsmethods():
    """ph_dsr (Dobson, ESP 2013 weights) on seeded synthetic areas, both levels.

    One area has fewer than 10 events: PHStatsMethods blanks its value; we blank value
    and limits and say why.
    """
    ph = pytest.importorskip("PHStatsMethods")
    counts, pops = _synthetic_strata(3)
    counts[0] = 0
    counts[0, 5] = 4  # 4 events in total
    df = _frame(counts, pops, esp=EUROPEAN_STANDARD_POPULATION_2013)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        want = ph.ph_dsr(
            df,
            "obs",
            "pop",
            "esp",
            group_cols="area",
            euro_standard_pops=False,
            confidence=[0.95, 0.998],
            multiplier=100000,
        )
    got = dsr(counts, pops, confidence=(0.95, 0.998))
    ok = slice(1, None)
    np.testing.assert_allclose(got.value[ok], want["Value"][ok], rtol=RTOL)
    np.testing.assert_allclose(got.lower95[ok], want["lower_95_ci"][ok], rtol=RTOL)
    np.testing.assert_allclose(got.upper95[ok], want["upper_95_ci"][ok], rtol=RTOL)
    np.testing.assert_allclose(got.lower998[ok], want["lower_99_8_ci"][ok], rtol=RTOL)
    np.testing.assert_allclose(got.upper998[ok], want["upper_99_8_ci"][ok], rtol=RTOL)
    assert np.isnan(want["Value"][0]) and np.isnan(got.value[0]) and np.isnan(got.lower[0])
    assert got.reason[0] == "fewer than 10 events: DSR not calculated"
    assert list(got.method[ok]) == ["dobson"] * 5


def test_isr_and_smr_against_phstatsmethods():
    """ph_ISRatio and ph_ISRate on seeded synthetic areas, including areas with < 10
    observed (exact limits) and >= 10 (Byar's)."""
    ph = pytest.importorskip("PHStatsMethods")
    counts, pops = _synthetic_strata(7, low=0, high=3)
    counts[2] *= 10
    rng = np.random.default_rng(8)
    ref_counts = rng.integers(50, 400, 19).astype(float)
    ref_pops = rng.integers(20_000, 90_000, 19).astype(float)
    df = _frame(counts, pops, ro=ref_counts, rp=ref_pops)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ratio = ph.ph_ISRatio(
            df, "obs", "pop", "ro", "rp", group_cols="area", confidence=[0.95, 0.998]
        )
        rate_ = ph.ph_ISRate(
            df, "obs", "pop", "ro", "rp", group_cols="area", confidence=[0.95, 0.998]
        )
    expected = expected_events(pops, ref_counts, ref_pops)
    np.testing.assert_allclose(expected, ratio["Expected"], rtol=1e-10)
    got = smr(counts.sum(-1), expected, confidence=(0.95, 0.998))
    for ours, theirs in [
        ("value", "Value"),
        ("lower95", "lower_95_ci"),
        ("upper95", "upper_95_ci"),
        ("lower998", "lower_99_8_ci"),
        ("upper998", "upper_99_8_ci"),
    ]:
        np.testing.assert_allclose(getattr(got, ours), ratio[theirs], rtol=RTOL)
    assert list(np.char.capitalize(got.method.astype(str))) == list(ratio["Method"])
    got_rate = isr(counts, pops, ref_counts, ref_pops, confidence=(0.95, 0.998))
    for ours, theirs in [
        ("value", "Value"),
        ("lower95", "lower_95_ci"),
        ("upper95", "upper_95_ci"),
        ("lower998", "lower_99_8_ci"),
        ("upper998", "upper_99_8_ci"),
    ]:
        np.testing.assert_allclose(getattr(got_rate, ours), rate_[theirs], rtol=RTOL)
    assert (got.method[counts.sum(-1) < 10] == "exact").all()


def test_isr_accepts_total_observed():
    counts, pops = _synthetic_strata(11)
    ref_c = np.full(19, 100.0)
    ref_p = np.full(19, 50_000.0)
    per_stratum = isr(counts, pops, ref_c, ref_p)
    totals = isr(counts.sum(-1), pops, ref_c, ref_p)
    np.testing.assert_allclose(per_stratum.value, totals.value)


def test_dsr_worked_example_by_hand():
    """Two strata, visible arithmetic (Dobson et al. 1991 formulas).

    counts (30, 20), populations (1000, 4000), weights (1, 3):
    DSR = (1*30/1000 + 3*20/4000) / 4 = (0.03 + 0.015) / 4 = 0.01125 -> 1125 per 100,000.
    var = (1*30/1000^2 + 9*20/4000^2) / 16 = (3e-5 + 1.125e-5) / 16 = 2.578125e-6.
    O = 50 (Byar's): O_L = 50 (1 - 1/450 - 1.959964/(3 sqrt 50))^3 = 37.1108...
    lower = 0.01125 + sqrt(2.578125e-6 / 50) * (O_L - 50).
    """
    from scipy.stats import norm

    got = dsr([30, 20], [1000, 4000], [1, 3])
    np.testing.assert_allclose(got.value, 1125.0)
    z = norm.ppf(0.975)
    o_l = 50 * (1 - 1 / 450 - z / (3 * np.sqrt(50))) ** 3
    o_u = 51 * (1 - 1 / 459 + z / (3 * np.sqrt(51))) ** 3
    spread = np.sqrt(2.578125e-6 / 50)
    np.testing.assert_allclose(got.lower, (0.01125 + spread * (o_l - 50)) * 1e5, rtol=1e-12)
    np.testing.assert_allclose(got.upper, (0.01125 + spread * (o_u - 50)) * 1e5, rtol=1e-12)
