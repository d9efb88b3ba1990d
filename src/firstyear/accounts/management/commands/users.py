from __future__ import annotations

import getpass
import json
import sys

from django.core.management.base import CommandError

from firstyear.accounts.actions import AccountError, create_user, grant_role
from firstyear.accounts.models import User
from firstyear.accounts.roles import ROLES
from firstyear.web.commands import FirstyearCommand


class Command(FirstyearCommand):
    help = "Manage user accounts: add, grant a role, list, show the roles."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="Create an account with a role in an area.")
        add.add_argument("email")
        add.add_argument("--role", required=True, choices=list(ROLES))
        add.add_argument("--area", required=True, help="GSS code or group code of the area.")
        add.add_argument("--name", default="", help="Full name.")
        add.add_argument("--password-stdin", action="store_true", help="Read the password from standard input.")
        grant = sub.add_parser("grant", help="Give an existing account another role or area.")
        grant.add_argument("email")
        grant.add_argument("--role", required=True, choices=list(ROLES))
        grant.add_argument("--area", required=True)
        lst = sub.add_parser("list", help="List accounts and their roles.")
        lst.add_argument("--format", choices=["table", "json"], default="table")
        sub.add_parser("roles", help="Describe each role.")

    def run(self, *args, action, **options):
        try:
            getattr(self, f"do_{action}")(**options)
        except AccountError as exc:
            raise CommandError(str(exc)) from None

    def do_add(self, email, role, area, name, password_stdin, **_):
        password = self._password(password_stdin)
        user = create_user(by=None, email=email, role=role, area_code=area, password=password, full_name=name)
        note = "" if user.has_usable_password() else " (no password yet: it cannot sign in until one is set)"
        self.stdout.write(self.style.SUCCESS(f"Created {user.email} as {ROLES[role].name} in {area.upper()}{note}."))

    def _password(self, from_stdin: bool) -> str | None:
        if from_stdin:
            password = sys.stdin.readline().rstrip("\n")
            if not password:
                raise CommandError("--password-stdin was given but standard input was empty.")
            return password
        if sys.stdin.isatty():
            first = getpass.getpass("Password: ")
            if first != getpass.getpass("Password again: "):
                raise CommandError("The two passwords differ.")
            return first
        return None

    def do_grant(self, email, role, area, **_):
        m = grant_role(by=None, email=email, role=role, area_code=area)
        self.stdout.write(self.style.SUCCESS(f"{m.user.email} is now {m.role_def.name} in {m.area.name}."))

    def do_list(self, format, **_):
        rows = [
            {"email": u.email, "name": u.full_name, "active": u.is_active,
             "roles": [{"role": m.role, "area": m.area.code} for m in u.memberships.select_related("area")]}
            for u in User.objects.prefetch_related("memberships")
        ]
        if format == "json":
            self.stdout.write(json.dumps(rows, indent=2))
            return
        for r in rows:
            roles = ", ".join(f"{x['role']}@{x['area']}" for x in r["roles"]) or "no roles"
            self.stdout.write(f"{r['email']:<40} {roles}")

    def do_roles(self, **_):
        for role in ROLES.values():
            self.stdout.write(f"{role.key:<18} {role.name}: {role.description}")
