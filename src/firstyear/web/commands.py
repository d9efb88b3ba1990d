"""Base class for firstyear's management commands."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from firstyear.web.dbcheck import require_database


class FirstyearCommand(BaseCommand):
    """A command that checks the database is usable before doing anything.

    Subclasses implement ``run(*args, **options)`` instead of ``handle``.
    """

    needs_database = True

    def handle(self, *args, **options):
        if self.needs_database:
            require_database()
        return self.run(*args, **options)

    def run(self, *args, **options):  # pragma: no cover - abstract
        raise NotImplementedError
