from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from borikan.privacy.models import Breach, DataSubjectRequest


class RequestForm(forms.Form):
    contact_id = forms.IntegerField(
        label=_("Contact number"),
        min_value=1,
        help_text=_("The number on the contact's page (…/contacts/<number>/)."),
    )
    kind = forms.ChoiceField(label=_("Request"), choices=DataSubjectRequest.Kind.choices)
    channel = forms.CharField(label=_("Received through"), max_length=30, required=False)
    details = forms.CharField(
        label=_("What was asked"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class CloseForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Result"),
        choices=[
            (DataSubjectRequest.Status.DONE, DataSubjectRequest.Status.DONE.label),
            (DataSubjectRequest.Status.REFUSED, DataSubjectRequest.Status.REFUSED.label),
        ],
    )
    outcome = forms.CharField(
        label=_("What was done, or why not"), widget=forms.Textarea(attrs={"rows": 3})
    )


class BreachForm(forms.Form):
    title = forms.CharField(label=_("What happened"), max_length=300)
    description = forms.CharField(label=_("Details"), widget=forms.Textarea(attrs={"rows": 4}))
    discovered_at = forms.DateTimeField(
        label=_("Discovered"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    data_categories = forms.CharField(label=_("Personal data involved"), max_length=300)
    people_affected = forms.IntegerField(label=_("People affected (estimate)"), min_value=0)
    risk = forms.ChoiceField(label=_("Risk"), choices=Breach.Risk.choices)
    measures = forms.CharField(
        label=_("Measures taken"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
