from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest

from borikan.catalog.models import Channel, LegalBasis, RequiredDocument, Service, Step
from borikan.core.admin import AuditedAdmin
from borikan.core.http import optional_user
from borikan.core.models import AuditEntry
from borikan.core.services import audit_record, changed_fields

_COMPACT_TEXT: dict[type[models.Field[Any, Any]], Mapping[str, Any]] = {
    models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 40})}
}


class StepInline(admin.StackedInline):  # type: ignore[type-arg]
    model = Step
    extra = 0
    formfield_overrides = _COMPACT_TEXT
    fieldsets = (
        (None, {"fields": (("order", "key"), "title_th", "title_en")}),
        (None, {"fields": (("min_seconds", "max_seconds", "working_days"),)}),
        (None, {"fields": (("responsible", "role"), ("condition_th", "condition_en"))}),
        (
            None,
            {
                "classes": ("collapse",),
                "fields": (
                    ("note_th", "note_en"),
                    ("answer_within_rings", "outside_staff_control"),
                ),
            },
        ),
    )


class RequiredDocumentInline(admin.TabularInline):  # type: ignore[type-arg]
    model = RequiredDocument
    extra = 0
    formfield_overrides = _COMPACT_TEXT


class LegalBasisInline(admin.TabularInline):  # type: ignore[type-arg]
    model = LegalBasis
    extra = 0
    formfield_overrides = _COMPACT_TEXT


@admin.register(Service)
class ServiceAdmin(AuditedAdmin):
    list_display = ["code", "name_th", "name_en", "kind", "issuing_agency", "order", "is_active"]
    list_display_links = ["code", "name_th"]
    list_filter = ["kind", "is_active", "channels"]
    search_fields = ["code", "name_th", "name_en"]
    list_select_related = ["issuing_agency"]
    filter_horizontal = ["channels"]
    formfield_overrides = {**AuditedAdmin.formfield_overrides, **_COMPACT_TEXT}
    inlines = [StepInline, RequiredDocumentInline, LegalBasisInline]
    fieldsets = (
        (None, {"fields": (("code", "kind", "order", "is_active"), "name_th", "name_en")}),
        (None, {"fields": (("summary_th", "summary_en"), ("start_th", "start_en"))}),
        (None, {"fields": ("channels", ("channel_note_th", "channel_note_en"))}),
        (None, {"fields": ("fee_baht", ("fee_th", "fee_en"))}),
        (None, {"fields": ("issuing_agency", ("issuing_unit_th", "issuing_unit_en"))}),
        (
            None,
            {
                "fields": (
                    "satisfaction_target",
                    ("remark_th", "remark_en"),
                    ("source_th", "source_en"),
                )
            },
        ),
    )

    def save_formset(
        self, request: HttpRequest, form: ModelForm[Any], formset: Any, change: bool
    ) -> None:
        # AuditedAdmin records the service itself; steps, documents and laws are changed in
        # the inlines, and a changed standard time must be just as traceable.
        assert isinstance(formset, BaseInlineFormSet)
        # Taken before saving: a deleted row has lost its primary key afterwards.
        deleted = [(str(f.instance.pk), f.instance) for f in formset.deleted_forms if f.instance.pk]
        super().save_formset(request, form, formset, change)
        actor = optional_user(request)
        for obj in formset.new_objects:
            audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=obj, request=request)
        for obj, fields in formset.changed_objects:
            audit_record(
                actor=actor,
                action=AuditEntry.Action.UPDATE,
                obj=obj,
                changes=changed_fields(fields, obj),
                request=request,
            )
        for pk, obj in deleted:
            audit_record(
                actor=actor,
                action=AuditEntry.Action.DELETE,
                obj=obj,
                object_id=pk,
                request=request,
            )


@admin.register(Channel)
class ChannelAdmin(AuditedAdmin):
    list_display = ["code", "name_th", "name_en", "order", "is_active"]
    list_editable = ["order", "is_active"]
    search_fields = ["code", "name_th", "name_en"]
