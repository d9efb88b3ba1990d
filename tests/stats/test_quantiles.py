"""Quantile assignment against PHStatsMethods' ph_quantile (same PHE rule) as oracle,
plus a worked example."""

import warnings

import numpy as np
import pytest

from firstyear.stats import quantiles

pytestmark = pytest.mark.pure


def test_worked_example_quintiles():
    """Ten values, five quintiles: N/n = 2, rank r -> floor(6 - ceil((11 - r) / 2)).
    r = 1..10 -> 1,1,2,2,3,3,4,4,5,5; the tie at 20 shares rank 3 (min) -> quintile 2."""
    values = [5, 10, 20, 20, 30, 40, 50, 60, 70, 80]
    assert list(quantiles(values, 5)) == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    assert list(quantiles(values, 5, invert=True)) == [5, 5, 4, 4, 3, 3, 2, 2, 1, 1]


def test_too_few_values_and_missing():
    got = quantiles([1, 2, np.nan, 3], 5)
    assert np.isnan(got).all()
    got = quantiles([1, 2, np.nan, 3, 4, 5], 5)
    assert np.isnan(got[2]) and list(got[[0, 1, 3, 4, 5]]) == [1, 2, 3, 4, 5]


def test_random_grid_against_phstatsmethods():
    """300 seeded random tables with ties, NaNs, groups, n = 2..10, both orientations."""
    ph = pytest.importorskip("PHStatsMethods")
    pd = pytest.importorskip("pandas")
    rng = np.random.default_rng(42)
    for _ in range(300):
        size = int(rng.integers(1, 60))
        values = rng.integers(0, 20, size).astype(float)
        values[rng.random(size) < 0.1] = np.nan
        groups = rng.integers(0, 3, size)
        n = int(rng.integers(2, 11))
        invert = bool(rng.integers(0, 2))
        df = pd.DataFrame({"v": values, "g": groups})
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            want = ph.ph_quantile(df, "v", ["g"], nquantiles=n, invert=invert)[
                "quantile"
            ].to_numpy()
        got = quantiles(values, n, invert=invert, groups=groups)
        np.testing.assert_array_equal(got, want)
