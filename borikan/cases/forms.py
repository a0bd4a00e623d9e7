from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from borikan.cases.models import Kind, Origin
from borikan.cases.services import MAX_DESCRIPTION, MAX_NOTE, MAX_SUBJECT
from borikan.core.files import MAX_BYTES
from borikan.core.humans import HumanCheckMixin


class CaseOpenForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices, initial=Kind.COMPLAINT)
    subject = forms.CharField(label=_("Subject"), max_length=MAX_SUBJECT)
    description = forms.CharField(
        label=_("What happened"),
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    category = forms.CharField(label=_("Category"), max_length=100, required=False)
    origin = forms.ChoiceField(label=_("Received through"), choices=Origin.choices)
    origin_ref = forms.CharField(
        label=_("Reference at the origin"),
        max_length=100,
        required=False,
        help_text=_("For a referral from 1111 or a Damrongdhama center: their number."),
    )
    contact_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    interaction_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    first_name_th = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name_th = forms.CharField(label=_("Last name"), max_length=100, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    anonymous = forms.BooleanField(
        label=_("Anonymous tip-off (a secret code is given to follow it)"), required=False
    )
    submit_now = forms.BooleanField(
        label=_("Submit to the director now"), required=False, initial=True
    )
    file = forms.FileField(
        label=_("Attach a file (PDF, image, Word, Excel, text; at most 10 MB)"), required=False
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is not None and upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is too large: at most 10 MB."))
        return upload


class CaseActionForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    note = forms.CharField(
        label=_("Note"),
        max_length=MAX_NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    agency = forms.CharField(required=False, max_length=16)
    unit = forms.CharField(required=False, max_length=200)
    officer = forms.IntegerField(required=False)
    into = forms.CharField(required=False, max_length=20)


class AttachForm(forms.Form):
    file = forms.FileField(label=_("File"))
    public = forms.BooleanField(label=_("From or for the citizen"), required=False)


class TrackForm(forms.Form):
    number = forms.CharField(
        label=_("Ticket number"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "placeholder": "C2569-000123",
                "autocomplete": "off",
                "autocapitalize": "characters",
            }
        ),
    )
    code = forms.CharField(
        label=_("Last 4 digits of your phone, or the code of an anonymous tip-off"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
    )


class PublicCaseForm(HumanCheckMixin, forms.Form):
    """The website's complaint form: what a citizen on a phone can fill in."""

    kind = forms.ChoiceField(
        label=_("What would you like to report?"),
        choices=[(k, label) for k, label in Kind.choices if k != Kind.FOLLOWUP],
        initial=Kind.COMPLAINT,
    )
    subject = forms.CharField(label=_("Subject"), max_length=MAX_SUBJECT)
    description = forms.CharField(
        label=_("What happened (where, when, who)"),
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    first_name_th = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name_th = forms.CharField(label=_("Last name"), max_length=100, required=False)
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    anonymous = forms.BooleanField(
        label=_("Report a tip-off without giving my name (you will get a secret code)"),
        required=False,
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the ministry uses my name and contact details to handle this case "
            "(Personal Data Protection Act B.E. 2562)."
        ),
        required=False,
    )
    file = forms.FileField(label=_("A photo or document (optional, at most 10 MB)"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        anonymous = data.get("anonymous") and data.get("kind") == Kind.TIPOFF
        if data.get("anonymous") and data.get("kind") != Kind.TIPOFF:
            self.add_error("anonymous", _("Only a tip-off may be anonymous."))
        if not anonymous:
            if not data.get("phone") and not data.get("email"):
                self.add_error("phone", _("Give a phone number or an e-mail so we can answer."))
            if not data.get("first_name_th"):
                self.add_error("first_name_th", _("Give your name so we can answer."))
            if not data.get("consent"):
                self.add_error("consent", _("We need your consent to handle a named case."))
        upload = data.get("file")
        if upload is not None and upload.size > MAX_BYTES:
            self.add_error("file", _("The file is too large: at most 10 MB."))
        return data
