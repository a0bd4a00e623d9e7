from django.contrib import admin

from borikan.core.admin import AuditedAdmin
from borikan.privacy.models import Breach, DataSubjectRequest, ProcessingActivity


@admin.register(ProcessingActivity)
class ProcessingActivityAdmin(AuditedAdmin):
    list_display = ["order", "name", "lawful_basis", "retention", "unit"]
    list_display_links = ["name"]


@admin.register(DataSubjectRequest)
class DataSubjectRequestAdmin(AuditedAdmin):
    list_display = ["pk", "kind", "contact", "received_at", "due_at", "status"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["contact", "handled_by", "created_by"]
    readonly_fields = ["due_at"]


@admin.register(Breach)
class BreachAdmin(AuditedAdmin):
    list_display = ["title", "discovered_at", "risk", "reported_at", "people_affected"]
    list_filter = ["risk"]
    raw_id_fields = ["created_by"]
