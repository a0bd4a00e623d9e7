from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from borikan.core.admin import ReadOnlyAdmin
from borikan.core.http import optional_user
from borikan.notifications.models import Message
from borikan.notifications.services import message_retry


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    """The outbox, read-only: a message is changed only by delivery or by "retry now"."""

    list_display = [
        "id",
        "created_at",
        "channel",
        "recipient",
        "subject",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "ref_kind",
        "ref_id",
    ]
    list_filter = ["status", "channel", "ref_kind"]
    search_fields = ["=recipient", "subject", "=dedupe_key", "=ref_id"]
    date_hierarchy = "created_at"
    actions = ["retry_now"]

    def has_retry_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(
            getattr(user, "is_administrator", False)
            or user.has_perm("notifications.change_message")
        )

    @admin.action(description=_("Retry now (failed messages)"), permissions=["retry"])
    def retry_now(self, request: HttpRequest, queryset: QuerySet[Message]) -> None:
        by = optional_user(request)
        retried = sum(
            message_retry(message=message, by=by)
            for message in queryset.filter(status=Message.Status.FAILED)
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d failed message queued again.",
                "%(count)d failed messages queued again.",
                retried,
            )
            % {"count": retried},
            messages.SUCCESS if retried else messages.WARNING,
        )
