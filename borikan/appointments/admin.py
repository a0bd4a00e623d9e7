from __future__ import annotations

from django.contrib import admin

from borikan.appointments.models import Appointment, AppointmentEvent, Topic, VideoRoom
from borikan.core.admin import AuditedAdmin, ReadOnlyAdmin


@admin.register(Topic)
class TopicAdmin(AuditedAdmin):
    """Topics route bookings to an agency and, when named, to its officers."""

    list_display = ["code", "name_th", "name_en", "agency", "order", "is_active"]
    list_filter = ["agency", "is_active"]
    filter_horizontal = ["officers"]


@admin.register(VideoRoom)
class VideoRoomAdmin(AuditedAdmin):
    list_display = ["name", "office", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "office__name_th", "office__code"]


class EventInline(admin.TabularInline):  # type: ignore[type-arg]
    model = AppointmentEvent
    extra = 0
    can_delete = False
    fields = ("created_at", "action", "actor_repr", "starts_at", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Appointment)
class AppointmentAdmin(ReadOnlyAdmin):
    """Appointments change only through their services (pages, API); the admin reads."""

    list_display = ["reference", "status", "starts_at", "officer", "office", "mode"]
    list_filter = ["status", "mode", "via", "agency"]
    search_fields = ["reference", "last_name", "phone", "email"]
    date_hierarchy = "starts_at"
    inlines = [EventInline]
