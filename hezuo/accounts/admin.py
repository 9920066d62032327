"""System administrators manage users and their memberships (roles) in Django's admin."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from .models import AuditEntry, Membership, Profile


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]
    filter_horizontal = ["regions"]
    fields = ["role", "organisation", "program", "regions"]


class ProfileInline(admin.StackedInline):
    model = Profile
    extra = 0
    fields = ["language"]


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class HezuoUserAdmin(UserAdmin):
    inlines = [ProfileInline, MembershipInline]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["time", "username", "action", "object_type", "ip_address"]
    list_filter = ["action"]
    search_fields = ["username", "object_type", "path"]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
