"""Importing plans and recommendations from the tables people keep them in.

``parse_plan_file`` reads a .docx, .xlsx, .csv or .md file into a preview (nothing is written);
``import_plan_file`` writes it through :func:`firstyear.plans.actions.import_plan`, all or nothing.
"""

from __future__ import annotations

from pathlib import Path

from firstyear.indicators.importers.base import ImportProblem, ImportRejected
from firstyear.plans.importers.plan_table import ParsedPlan, parse_plan_tables
from firstyear.plans.importers.tables import UnreadableFile, read_tables

__all__ = ["ImportProblem", "ImportRejected", "ParsedPlan", "parse_plan_bytes", "parse_plan_file"]


def parse_plan_bytes(data: bytes, name: str) -> ParsedPlan:
    try:
        tables = read_tables(data, name)
    except UnreadableFile as exc:
        plan = ParsedPlan(name)
        plan.problems.append(ImportProblem(name, None, "", "", str(exc)))
        return plan
    return parse_plan_tables(tables, name)


def parse_plan_file(path: str | Path) -> ParsedPlan:
    path = Path(path)
    return parse_plan_bytes(path.read_bytes(), path.name)
