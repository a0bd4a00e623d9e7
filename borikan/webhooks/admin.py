from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from borikan.core.admin import ReadOnlyAdmin
from borikan.core.http import optional_user
from borikan.webhooks.models import EVENTS, Delivery, Webhook
from borikan.webhooks.services import delivery_retry, secret_generate


def _administrator(request: HttpRequest) -> bool:
    return bool(getattr(request.user, "is_administrator", False))


class WebhookForm(forms.ModelForm):  # type: ignore[type-arg]
    events = forms.MultipleChoiceField(
        label=_("events"),
        choices=list(EVENTS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every event."),
    )

    class Meta:
        model = Webhook
        fields = ["name", "url", "events", "is_active"]


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Administrators configure where case events go; the secret is made here, never typed."""

    form = WebhookForm
    list_display = ["name", "url", "is_active", "created_at"]
    readonly_fields = ["secret", "created_at"]
    actions = ["new_secret"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _administrator(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _administrator(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _administrator(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _administrator(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _administrator(request)

    def save_model(self, request: HttpRequest, obj: Webhook, form: Any, change: bool) -> None:
        if not obj.secret:
            obj.secret = secret_generate()
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Give a new signing secret"))
    def new_secret(self, request: HttpRequest, queryset: QuerySet[Webhook]) -> None:
        for webhook in queryset:
            webhook.secret = secret_generate()
            webhook.save(update_fields=["secret"])
        self.message_user(request, _("New secrets made: give them to the receivers."))


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    """The delivery log: every event sent to every webhook and how each attempt went."""

    list_display = [
        "id",
        "created_at",
        "webhook",
        "event",
        "event_id",
        "status",
        "attempts",
        "response_status",
        "next_attempt_at",
        "delivered_at",
    ]
    list_filter = ["status", "event", "webhook"]
    search_fields = ["=event_id", "last_error"]
    date_hierarchy = "created_at"
    actions = ["retry_now"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _administrator(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _administrator(request)

    def has_retry_permission(self, request: HttpRequest) -> bool:
        return _administrator(request)

    @admin.action(description=_("Retry now (failed deliveries)"), permissions=["retry"])
    def retry_now(self, request: HttpRequest, queryset: QuerySet[Delivery]) -> None:
        by = optional_user(request)
        retried = sum(
            delivery_retry(delivery=delivery, by=by)
            for delivery in queryset.filter(status=Delivery.Status.FAILED)
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d failed delivery queued again.",
                "%(count)d failed deliveries queued again.",
                retried,
            )
            % {"count": retried},
            messages.SUCCESS if retried else messages.WARNING,
        )
