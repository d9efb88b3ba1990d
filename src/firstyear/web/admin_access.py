"""Django's admin pages, governed by firstyear's permissions rather than Django's model permissions.

Each admin class names the firstyear Permission that lets someone use it; nothing else in the
admin is reachable (case records never appear in the admin).
"""

from __future__ import annotations

from firstyear.accounts.permissions import has_permission
from firstyear.accounts.roles import Permission


class PermissionAdminMixin:
    required_permission: Permission = Permission.MANAGE_USERS
    read_only = False

    def _allowed(self, request) -> bool:
        return has_permission(request.user, self.required_permission)

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request, *args):
        return not self.read_only and self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return not self.read_only and self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return not self.read_only and self._allowed(request)
