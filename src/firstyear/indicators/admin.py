"""Indicators are reviewed data (catalogue.toml): the administration pages show them, read only."""

from django.contrib import admin

from firstyear.accounts.roles import Permission
from firstyear.indicators.models import ImportBatch, Indicator
from firstyear.web.admin_access import PermissionAdminMixin


@admin.register(Indicator)
class IndicatorAdmin(PermissionAdminMixin, admin.ModelAdmin):
    required_permission = Permission.IMPORT_DATA
    read_only = True
    list_display = ["name", "slug", "fingertips_id", "ci_method", "polarity", "next_review"]
    search_fields = ["name", "slug"]


@admin.register(ImportBatch)
class ImportBatchAdmin(PermissionAdminMixin, admin.ModelAdmin):
    required_permission = Permission.IMPORT_DATA
    read_only = True
    list_display = ["imported_at", "kind", "filename", "imported_by", "rows_read", "created", "updated", "unchanged"]
