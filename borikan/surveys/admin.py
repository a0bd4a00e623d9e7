from django.contrib import admin

from borikan.core.admin import ReadOnlyAdmin
from borikan.surveys.models import SurveyRequest, SurveyResponse


@admin.register(SurveyResponse)
class SurveyResponseAdmin(ReadOnlyAdmin):
    """Ratings are what clients said: nobody edits them."""

    list_display = ["responded_at", "channel", "source", "score", "service", "office"]
    list_filter = ["channel", "source", "score"]
    date_hierarchy = "responded_at"
    raw_id_fields = ["interaction", "case", "staff"]


@admin.register(SurveyRequest)
class SurveyRequestAdmin(ReadOnlyAdmin):
    """Who was asked to rate what, and how; the link itself is never shown again."""

    list_display = ["created_at", "via", "channel", "service", "office", "expires_at"]
    list_filter = ["via", "channel"]
    date_hierarchy = "created_at"
    raw_id_fields = ["interaction", "case", "staff", "created_by"]
    exclude = ["uid"]
