from django.contrib import admin

from firstyear.areas.models import Area, AreaGroupMember, AreaSuccession
from firstyear.web.admin_access import PermissionAdminMixin


class MemberInline(PermissionAdminMixin, admin.TabularInline):
    model = AreaGroupMember
    fk_name = "group"
    extra = 0
    autocomplete_fields = ["member"]


@admin.register(Area)
class AreaAdmin(PermissionAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    inlines = [MemberInline]
    autocomplete_fields = ["parent"]


@admin.register(AreaSuccession)
class AreaSuccessionAdmin(PermissionAdminMixin, admin.ModelAdmin):
    list_display = ["predecessor", "successor", "kind", "effective_on"]
    list_filter = ["kind"]
