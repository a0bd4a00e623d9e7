from django.contrib import admin

from borikan.core.admin import ReadOnlyAdmin
from borikan.surveys.models import SurveyResponse


@admin.register(SurveyResponse)
class SurveyResponseAdmin(ReadOnlyAdmin):
    """Ratings are what clients said: nobody edits them."""

    list_display = ["responded_at", "channel", "source", "score", "service", "office"]
    list_filter = ["channel", "source", "score"]
    date_hierarchy = "responded_at"
    raw_id_fields = ["interaction", "case", "staff"]
