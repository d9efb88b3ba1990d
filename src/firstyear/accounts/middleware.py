"""Everything needs a login, except pages explicitly marked public.

Published aggregate pages (area profiles, indicators, the values API) are marked with
:func:`firstyear.accounts.decorators.public_aggregate` and are open to anonymous visitors only
while ``FIRSTYEAR_PUBLIC_AGGREGATES`` is on.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware

# The API answers 401 in JSON itself (see firstyear.web.api) rather than redirecting to a form.
SELF_AUTHENTICATING_PREFIXES = ("/api/",)


class LoginRequiredUnlessPublicMiddleware(LoginRequiredMiddleware):
    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith(SELF_AUTHENTICATING_PREFIXES):
            return None
        if getattr(view_func, "firstyear_public_aggregate", False) and settings.FIRSTYEAR_PUBLIC_AGGREGATES:
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
