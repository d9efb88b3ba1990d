from __future__ import annotations

import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from firstyear.web.commands import FirstyearCommand


class Command(FirstyearCommand):
    help = "Serve firstyear with the Waitress WSGI server (PORT or --port, default 8000)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("FIRSTYEAR_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=None)
        parser.add_argument("--threads", type=int, default=8)

    def run(self, *args, host, port, threads, **options):
        from waitress import serve

        from firstyear.demo.accounts import demo_login_hint
        from firstyear.web.wsgi import application

        port = port or int(os.environ.get("PORT") or 8000)
        if settings.PRODUCTION:
            call_command("collectstatic", interactive=False, verbosity=0)
        shown_host = "127.0.0.1" if host in {"0.0.0.0", "::"} else host
        self.stdout.write(self.style.SUCCESS(f"firstyear is running at http://{shown_host}:{port}/"))
        hint = demo_login_hint()
        if hint:
            self.stdout.write(hint)
        self.stdout.write("Press Ctrl+C to stop.")
        try:
            serve(application, host=host, port=port, threads=threads, ident="firstyear")
        except OSError as exc:
            raise CommandError(f"Cannot listen on {host}:{port}: {exc.strerror}. Try --port.") from None
