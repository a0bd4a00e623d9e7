from __future__ import annotations

from django.contrib import admin

from borikan.contacts.models import Consent, Contact, ContactMerge, ContactPhone
from borikan.core.admin import AuditedAdmin, ReadOnlyAdmin


class PhoneInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ContactPhone
    extra = 0


class ConsentInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Consent
    extra = 0
    readonly_fields = [
        "purpose",
        "notice_version",
        "granted",
        "channel",
        "recorded_at",
        "recorded_by",
    ]
    can_delete = False


@admin.register(Contact)
class ContactAdmin(AuditedAdmin):
    list_display = [
        "id",
        "display_name",
        "kind",
        "national_id",
        "juristic_id",
        "email",
        "province",
        "level",
        "merged_into",
        "updated_at",
    ]
    list_filter = ["kind", "level", "province"]
    search_fields = [
        "first_name_th",
        "last_name_th",
        "first_name_en",
        "last_name_en",
        "business_name_th",
        "=national_id",
        "=juristic_id",
        "=passport_no",
        "email",
        "phones__number",
    ]
    list_select_related = ["province", "merged_into"]
    inlines = [PhoneInline, ConsentInline]
    raw_id_fields = ["merged_into"]
    readonly_fields = ["merged_into", "created_at", "updated_at", "created_by"]


@admin.register(ContactMerge)
class ContactMergeAdmin(ReadOnlyAdmin):
    list_display = ["merged_at", "source", "target", "merged_by"]
