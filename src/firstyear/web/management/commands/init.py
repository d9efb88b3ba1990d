from __future__ import annotations

from django.core.management import call_command

from firstyear.web.commands import FirstyearCommand
from firstyear.web.dbcheck import describe_database


class Command(FirstyearCommand):
    help = "Create or update the database (idempotent): tables, indicator catalogue and areas."
    needs_database = False

    def run(self, *args, **options):
        from django.conf import settings

        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        self.stdout.write(f"Setting up {describe_database()}")
        call_command("migrate", interactive=False, verbosity=0)
        from firstyear.indicators.catalogue import sync_catalogue

        result = sync_catalogue()
        self.stdout.write(f"Indicator catalogue: {result.created} added, {result.updated} updated")
        from firstyear.areas.loader import load_reference_areas

        summary = load_reference_areas()
        self.stdout.write(f"Areas: {summary}")
        self.stdout.write(self.style.SUCCESS("Database ready."))
