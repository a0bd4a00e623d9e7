from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext as _

from borikan.core.errors import DomainError
from borikan.search.models import Synonym
from borikan.search.services import synonym_delete, synonym_save
from borikan.search.text import normalize


class SynonymForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Synonym
        fields = ["phrase", "replacement", "note"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        clash = Synonym.objects.filter(normalized=normalize(data.get("phrase", "")))
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                _("This phrase already has a synonym: %(existing)s") % {"existing": clash.first()}
            )
        return data


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """What people say → the words articles use; saved through the service (cache cleared)."""

    form = SynonymForm
    list_display = ["phrase", "replacement", "note", "updated_at"]
    search_fields = ["phrase", "replacement"]

    def save_model(self, request: HttpRequest, obj: Synonym, form: Any, change: bool) -> None:
        try:
            saved = synonym_save(
                phrase=obj.phrase, replacement=obj.replacement, note=obj.note, pk=obj.pk
            )
        except DomainError as exc:  # the form checked; a race is the only way here
            raise forms.ValidationError(str(exc.message)) from exc
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: Synonym) -> None:
        synonym_delete(pk=obj.pk)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for pk in list(queryset.values_list("pk", flat=True)):
            synonym_delete(pk=pk)
