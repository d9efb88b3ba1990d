"""Administration pages: accounts and their roles (audited), and a read-only audit log."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm

from firstyear.accounts.audit import AuditAction, record
from firstyear.accounts.models import AuditEvent, Membership, User
from firstyear.accounts.roles import Permission
from firstyear.web.admin_access import PermissionAdminMixin


class EmailUserCreationForm(UserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name")


class EmailUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "is_active", "is_staff")


class MembershipInline(PermissionAdminMixin, admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["area"]


@admin.register(User)
class UserAdmin(PermissionAdminMixin, BaseUserAdmin):
    form = EmailUserChangeForm
    add_form = EmailUserCreationForm
    inlines = [MembershipInline]
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "last_login"]
    search_fields = ["email", "full_name"]
    list_filter = ["is_active", "memberships__role"]
    fieldsets = [
        (None, {"fields": ["email", "full_name", "password"]}),
        ("Access", {"fields": ["is_active", "is_staff"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})]
    readonly_fields = ["last_login", "date_joined"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            record(by=request.user, action=AuditAction.USER_CREATED, object_type="user", object_ref=obj.email,
                   reason="created in the administration pages")

    def save_formset(self, request, form, formset, change):
        before = {m.pk for m in Membership.objects.filter(user=form.instance)}
        super().save_formset(request, form, formset, change)
        for m in Membership.objects.filter(user=form.instance).exclude(pk__in=before).select_related("area"):
            record(by=request.user, action=AuditAction.MEMBERSHIP_ADDED, object_type="user",
                   object_ref=form.instance.email, area_code=m.area.code, detail={"role": m.role})


@admin.register(AuditEvent)
class AuditEventAdmin(PermissionAdminMixin, admin.ModelAdmin):
    required_permission = Permission.MANAGE_USERS
    read_only = True
    list_display = ["at", "actor", "action", "object_type", "object_ref", "area_code"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor", "object_ref", "area_code"]
    date_hierarchy = "at"
