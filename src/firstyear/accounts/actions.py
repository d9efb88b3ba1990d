"""Every write to accounts goes through these functions, with the audit event in the same transaction."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from firstyear.accounts.audit import AuditAction, record
from firstyear.accounts.models import Membership, User
from firstyear.accounts.roles import ROLES
from firstyear.areas.models import Area


class AccountError(ValueError):
    pass


def _area(code: str) -> Area:
    try:
        return Area.objects.get(code=code.strip().upper())
    except Area.DoesNotExist:
        raise AccountError(f"No area with code {code!r}: see `firstyear areas list`.") from None


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise AccountError(f"Unknown role {role!r}: use one of {', '.join(ROLES)}.")


@transaction.atomic
def create_user(
    *, by, email: str, role: str, area_code: str, password: str | None = None, full_name: str = ""
) -> User:
    """Create an account with one role in one area. ``password=None`` leaves it unusable."""
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise AccountError(f"{email!r} is not a valid email address.") from None
    _check_role(role)
    area = _area(area_code)
    if User.objects.filter(email=email).exists():
        raise AccountError(f"An account for {email} already exists: use `firstyear users grant`.")
    user = User(email=email, full_name=full_name, is_staff=role == "admin")
    if password is not None:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise AccountError("Password not accepted: " + " ".join(exc.messages)) from None
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    record(by=by, action=AuditAction.USER_CREATED, object_type="user", object_ref=email, area_code=area.code)
    _add(by=by, user=user, role=role, area=area)
    return user


@transaction.atomic
def grant_role(*, by, email: str, role: str, area_code: str) -> Membership:
    _check_role(role)
    area = _area(area_code)
    try:
        user = User.objects.get(email=email.strip().lower())
    except User.DoesNotExist:
        raise AccountError(f"No account for {email}: use `firstyear users add`.") from None
    if user.memberships.filter(role=role, area=area).exists():
        raise AccountError(f"{email} already has the role {role} in {area.name}.")
    return _add(by=by, user=user, role=role, area=area)


def _add(*, by, user: User, role: str, area: Area) -> Membership:
    membership = Membership.objects.create(user=user, role=role, area=area)
    if role == "admin" and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    record(
        by=by,
        action=AuditAction.MEMBERSHIP_ADDED,
        object_type="user",
        object_ref=user.email,
        area_code=area.code,
        detail={"role": role},
    )
    return membership
