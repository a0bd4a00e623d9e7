from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from borikan.contacts.models import Contact


class ContactForm(forms.ModelForm):  # type: ignore[type-arg]
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    consent_contact = forms.BooleanField(
        label=_("The citizen agrees to be contacted about this matter (PDPA notice read out)"),
        required=False,
    )

    class Meta:
        model = Contact
        fields = [
            "kind", "title_th", "first_name_th", "last_name_th", "first_name_en", "last_name_en",
            "business_name_th", "business_name_en", "national_id", "juristic_id", "passport_no",
            "nationality", "email", "province", "address", "level", "preferred_language",
            "lawful_basis", "notes",
        ]  # fmt: skip
        widgets = {
            "address": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("phone", None)
        data.pop("consent_contact", None)
        return data


class MergeForm(forms.Form):
    target = forms.IntegerField(label=_("Keep this record (its number)"), min_value=1)
