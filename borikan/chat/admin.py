from django.contrib import admin

from borikan.chat.models import CannedAnswer, Conversation, Message


@admin.register(CannedAnswer)
class CannedAnswerAdmin(admin.ModelAdmin[CannedAnswer]):
    list_display = ("title", "agency", "is_welcome", "order", "is_active")
    list_filter = ("is_active", "is_welcome", "agency")
    search_fields = ("title", "body")


class MessageInline(admin.TabularInline[Message, Conversation]):
    model = Message
    fields = ("seq", "author", "author_name", "kind", "body", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin[Conversation]):
    """Read-only: a conversation is what was said."""

    list_display = (
        "public_id",
        "visitor_name",
        "status",
        "agency",
        "agent",
        "started_at",
        "rating",
    )
    list_filter = ("status", "agency")
    search_fields = ("public_id", "visitor_name", "visitor_email")
    readonly_fields = [f.name for f in Conversation._meta.fields if f.name != "token_hash"]
    exclude = ("token_hash",)
    inlines = [MessageInline]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
