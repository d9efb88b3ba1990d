"""Demo accounts: one per persona, so every screen can be tried from `make run`."""

from __future__ import annotations

import os

from django.db import transaction

from firstyear.accounts.actions import create_user, grant_role
from firstyear.accounts.models import User

DEMO_DOMAIN = "demo.firstyear.test"
DEFAULT_DEMO_PASSWORD = "safer-sleep-saves-lives"

# (local part, full name, role, area code)
DEMO_USERS = [
    ("analyst", "Asha Analyst", "analyst", "E06000008"),
    ("lead", "Lee Lead", "programme_lead", "E06000008"),
    ("secretariat", "Sam Secretariat", "cdop_secretariat", "CDOP-PANLANCS"),
    ("panel", "Pat Panel", "panel_member", "CDOP-PANLANCS"),
    ("manager", "Morgan Manager", "cdop_manager", "CDOP-PANLANCS"),
    ("coordinator", "Cam Coordinator", "coordinator", "E12000002"),
    ("admin", "Ali Admin", "admin", "E92000001"),
]


def demo_password() -> str:
    return os.environ.get("FIRSTYEAR_DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD


def demo_email(local: str) -> str:
    return f"{local}@{DEMO_DOMAIN}"


@transaction.atomic
def ensure_demo_users(*, by=None) -> int:
    """Create the demo accounts that do not exist yet; return how many were created."""
    created = 0
    for local, name, role, area in DEMO_USERS:
        email = demo_email(local)
        user = User.objects.filter(email=email).first()
        if user is None:
            user = create_user(by=by, email=email, role=role, area_code=area, full_name=name)
            created += 1
        elif not user.memberships.filter(role=role, area__code=area).exists():
            grant_role(by=by, email=email, role=role, area_code=area)
        # Demo accounts share one known password; never in production (the command refuses).
        if not user.check_password(demo_password()):
            user.set_password(demo_password())
            user.save(update_fields=["password"])
    return created


def demo_login_hint() -> str:
    if not User.objects.filter(email__endswith="@" + DEMO_DOMAIN).exists():
        return ""
    lines = [f"Demo sign-in (password: {demo_password()}):"]
    for local, _name, role, area in DEMO_USERS:
        lines.append(f"  {demo_email(local):<36} {role} ({area})")
    return "\n".join(lines)
