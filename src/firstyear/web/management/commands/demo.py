from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import CommandError

from firstyear.web.commands import FirstyearCommand


class Command(FirstyearCommand):
    help = "Load the demonstration data: real ONS and Fingertips figures, labelled synthetic extras, demo accounts."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Allow loading demo accounts in production.")
        parser.add_argument("--quiet", action="store_true")

    def run(self, *args, force, quiet, **options):
        if settings.PRODUCTION and not force:
            raise CommandError("Refusing to load demo data and demo accounts in production (use --force).")
        from firstyear.demo import load_demo_observations
        from firstyear.demo.accounts import demo_login_hint, ensure_demo_users

        started = time.perf_counter()
        summary = load_demo_observations(by=None, quiet=quiet)
        self.stdout.write(f"Observations: {summary}")
        from firstyear.reviews.demo import load_demo_cases

        self.stdout.write(f"Child death reviews (synthetic): {load_demo_cases(by=None)}")
        created = ensure_demo_users()
        self.stdout.write(f"Demo accounts: {created} created")
        from firstyear.plans.demo import load_demo_plans

        self.stdout.write(f"Action plans and recommendations: {load_demo_plans(by=None)}")
        self.stdout.write(self.style.SUCCESS(f"Demo data ready in {time.perf_counter() - started:.1f} s."))
        self.stdout.write(demo_login_hint())
