"""Importers: published and tidy files -> observations (counts and denominators).

``run_import("fingertips" | "ons" | "observations", paths, by=user)`` reads every file, lists
every problem (nothing is written if there is one), writes the rest in one transaction, records
an ImportBatch and an audit event, then recomputes the affected indicators.

Modules: ``base`` (problems, rows, the all-or-nothing write), one per format (``fingertips``,
``ons`` with ``ons_tables`` and ``ons_names``, ``observations``), ``pooling`` (3-year sums).
This package imports nothing from Django at import time, so scripts can use the readers.
"""

from __future__ import annotations

import importlib
from pathlib import Path

FORMATS = ("fingertips", "ons", "observations")


def run_import(kind: str, paths: list[str | Path], *, by=None, dry_run: bool = False,
               quiet: bool = False):
    """Import ``paths`` all or nothing and return an ImportSummary.

    Raises ``base.ImportRejected`` listing every problem when anything is wrong.
    """
    if kind not in FORMATS:
        raise ValueError(f"Unknown import format {kind!r}: use one of {', '.join(FORMATS)}.")
    from firstyear.indicators.importers.base import ImportRejected, ReadContext, store

    reader = importlib.import_module(f"firstyear.indicators.importers.{kind}")
    paths = [Path(p) for p in paths]
    ctx = ReadContext(quiet=quiet)
    for p in paths:
        if not p.is_file():
            ctx.problem(p.name, None, "", str(p), "file not found")
    if ctx.problems:
        raise ImportRejected(ctx.problems)
    rows = reader.read_all(paths, ctx)
    return store(rows, ctx, kind=kind, paths=paths, by=by, dry_run=dry_run)
