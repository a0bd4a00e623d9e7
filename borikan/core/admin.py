from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import models
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from borikan.core import calendar
from borikan.core.http import optional_user
from borikan.core.models import (
    Agency,
    AuditEntry,
    Office,
    Province,
    SpecialDayOff,
    User,
    WorkerHeartbeat,
)
from borikan.core.services import audit_record, changed_fields

admin.site.site_header = _("Borikan administration")
admin.site.site_title = _("Borikan")
admin.site.index_title = _("Ministry of Commerce service center")


class AuditedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Writes every change made in the admin to the audit log."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_model(
        self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        audit_record(
            actor=optional_user(request),
            action=AuditEntry.Action.UPDATE if change else AuditEntry.Action.CREATE,
            obj=obj,
            changes=changed_fields(form.changed_data, obj),
            request=request,
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        audit_record(
            actor=optional_user(request),
            action=AuditEntry.Action.DELETE,
            obj=obj,
            request=request,
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            audit_record(
                actor=optional_user(request),
                action=AuditEntry.Action.DELETE,
                obj=obj,
                request=request,
            )
        super().delete_queryset(request, queryset)


@admin.register(Agency)
class AgencyAdmin(AuditedAdmin):
    list_display = ["code", "name_th", "name_en", "kind", "parent", "website", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name_th", "name_en"]


@admin.register(Province)
class ProvinceAdmin(AuditedAdmin):
    list_display = ["code", "name_th", "name_en", "abbr_th"]
    search_fields = ["code", "name_th", "name_en"]


@admin.register(Office)
class OfficeAdmin(AuditedAdmin):
    list_display = ["code", "name_th", "kind", "province", "phone", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name_th", "name_en", "province__name_th"]
    list_select_related = ["province"]


@admin.register(User)
class UserAdmin(AuditedAdmin, DjangoUserAdmin[User]):
    list_display = [
        "username",
        "first_name",
        "last_name",
        "role",
        "office",
        "agency",
        "extension",
        "is_active",
    ]
    list_filter = ["role", "is_active", "agency"]
    list_select_related = ["office", "agency"]
    search_fields = ["username", "first_name", "last_name", "email", "extension"]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Work"), {"fields": ("role", "office", "agency", "extension")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (
            _("Work"),
            {"fields": ("first_name", "last_name", "role", "office", "agency", "extension")},
        ),
    )


@admin.register(SpecialDayOff)
class SpecialDayOffAdmin(AuditedAdmin):
    list_display = ["date", "name_th", "name_en", "worked", "note", "created_by"]
    list_filter = ["worked"]
    date_hierarchy = "date"
    search_fields = ["name_th", "name_en", "note"]
    exclude = ["created_by"]

    def save_model(
        self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool
    ) -> None:
        if not change:
            obj.created_by = optional_user(request)
        super().save_model(request, obj, form, change)
        # Moving a day off to another year changes both years' calendars.
        previous = form.initial.get("date") if change else None
        years = {obj.date.year} | ({previous.year} if isinstance(previous, dt.date) else set())
        calendar.days_off_changed(years=years)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        super().delete_model(request, obj)
        calendar.days_off_changed(years=[obj.date.year])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        years = {day.year for day in queryset.values_list("date", flat=True)}
        super().delete_queryset(request, queryset)
        calendar.days_off_changed(years=years)


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_repr", "action", "object_type", "object_repr", "contact_id", "ip"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_repr", "object_repr", "object_id", "=contact_id"]
    date_hierarchy = "at"

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(getattr(request.user, "is_administrator", False))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(ReadOnlyAdmin):
    list_display = ["worker_id", "hostname", "pid", "started_at", "seen_at"]
