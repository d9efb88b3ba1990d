from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied

from firstyear.accounts.permissions import has_permission
from firstyear.accounts.roles import Permission


def public_aggregate(view):
    """Mark a view as showing only published aggregates (public when the setting allows)."""
    view.firstyear_public_aggregate = True
    return view


def permission_required(permission: Permission):
    """Refuse (403) unless the user holds ``permission`` in some area.

    Area-specific checks happen inside the view, where the area is known.
    """

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not has_permission(request.user, permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
