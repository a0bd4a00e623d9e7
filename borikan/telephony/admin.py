from __future__ import annotations

from django.contrib import admin

from borikan.core.admin import AuditedAdmin, ReadOnlyAdmin
from borikan.telephony.models import BlockedNumber, Call, CallEvent, CtiToken


@admin.register(CtiToken)
class CtiTokenAdmin(AuditedAdmin):
    list_display = ["name", "prefix", "created_at", "revoked_at"]
    readonly_fields = ["name", "prefix", "created_at"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False  # `borikan cti-token create` shows the secret once


@admin.register(BlockedNumber)
class BlockedNumberAdmin(AuditedAdmin):
    list_display = ["number", "reason", "created_at"]
    search_fields = ["number"]


class CallEventInline(admin.TabularInline):  # type: ignore[type-arg]
    model = CallEvent
    extra = 0
    can_delete = False
    readonly_fields = ["received_at", "source", "event", "outcome", "payload"]


@admin.register(Call)
class CallAdmin(ReadOnlyAdmin):
    list_display = [
        "started_at",
        "call_id",
        "caller",
        "hotline",
        "state",
        "cause",
        "agent",
        "contact",
    ]
    list_filter = ["state", "direction", "hotline"]
    search_fields = ["call_id", "caller"]
    list_select_related = ["agent", "contact"]
    inlines = [CallEventInline]
