from __future__ import annotations

from django.contrib import admin

from borikan.cases.models import Attachment, Case, CaseEvent, TicketCounter
from borikan.core.admin import ReadOnlyAdmin


class EventInline(admin.TabularInline):  # type: ignore[type-arg]
    model = CaseEvent
    extra = 0
    can_delete = False
    fields = ("created_at", "action", "from_status", "to_status", "actor_repr", "public", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    """Cases change only through the workflow (the case page and the API); the admin reads."""

    list_display = ["number", "kind", "status", "subject", "agency", "received_at", "due_date"]
    list_filter = ["status", "kind", "origin", "agency"]
    search_fields = ["number", "subject", "origin_ref"]
    date_hierarchy = "received_at"
    inlines = [EventInline]


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ["case", "original_name", "content_type", "size", "uploaded_at"]


@admin.register(TicketCounter)
class TicketCounterAdmin(ReadOnlyAdmin):
    list_display = ["year_be", "last"]
