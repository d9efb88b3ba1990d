"""Demonstration data: real ONS and Fingertips figures, plus labelled synthetic rows.

``data/observations.csv`` is written by ``scripts/derive_demo_data.py`` (sources in its header
and in ``data/README.md``); it is loaded through the ordinary tidy observations importer, so
loading it twice changes nothing.
"""

from __future__ import annotations

from importlib import resources

DEMO_OBSERVATIONS = "observations.csv"


def load_demo_observations(by=None, quiet: bool = False):
    """Import the demonstration observations; returns the import summary (idempotent)."""
    from firstyear.indicators.importers import run_import

    source = resources.files("firstyear.demo").joinpath("data", DEMO_OBSERVATIONS)
    with resources.as_file(source) as path:
        return run_import("observations", [path], by=by, quiet=quiet)
