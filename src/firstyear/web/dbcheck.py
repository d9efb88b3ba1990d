"""Say clearly when the database is missing or out of date, and how to fix it."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections
from django.db.migrations.executor import MigrationExecutor


def describe_database() -> str:
    db = settings.DATABASES[DEFAULT_DB_ALIAS]
    if db["ENGINE"].endswith("sqlite3"):
        return f"the SQLite database at {db['NAME']}"
    return f"the {db['ENGINE'].rsplit('.', 1)[-1]} database {db.get('NAME')!r} on {db.get('HOST') or 'localhost'}"


def pending_migrations() -> list[str]:
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{m.app_label}.{m.name}" for m, _ in plan]


def require_database() -> None:
    """Raise a CommandError with the fix when the database cannot be used yet."""
    db = settings.DATABASES[DEFAULT_DB_ALIAS]
    name = str(connections[DEFAULT_DB_ALIAS].settings_dict["NAME"])
    # An in-memory database (the test suite's) has no file to look for.
    if db["ENGINE"].endswith("sqlite3") and "memory" not in name:
        from pathlib import Path

        if not Path(name).exists():
            raise CommandError(
                f"No database found: {describe_database()} does not exist yet.\n"
                "Run `firstyear init` to create it (set FIRSTYEAR_DATA_DIR or DATABASE_URL to use "
                "another location)."
            )
    try:
        pending = pending_migrations()
    except OperationalError as exc:
        raise CommandError(
            f"Cannot reach {describe_database()}: {exc}.\n"
            "Check DATABASE_URL, that the server is running, then run `firstyear init`."
        ) from None
    if pending:
        raise CommandError(
            f"{describe_database()} is not up to date ({len(pending)} changes to apply).\n"
            "Run `firstyear init` to update it."
        )
