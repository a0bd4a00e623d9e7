from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from borikan.interactions.models import Channel, Outcome
from borikan.interactions.services import StepDone


class InteractionForm(forms.Form):
    contact_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    call_id = forms.CharField(required=False, max_length=128, widget=forms.HiddenInput)
    steps_json = forms.CharField(required=False, widget=forms.HiddenInput, max_length=20_000)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, initial=Channel.PHONE)
    service = forms.ChoiceField(label=_("Service"))
    subject = forms.CharField(label=_("Subject asked"), max_length=300)
    category = forms.CharField(label=_("Category"), max_length=100, required=False)
    agency = forms.ChoiceField(label=_("Related agency"), required=False)
    transfer_extension = forms.CharField(
        label=_("Transferred to extension"), max_length=20, required=False
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Outcome.choices, initial=Outcome.ANSWERED
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self,
        *args: Any,
        services: list[tuple[str, str]],
        agencies: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        service_field = self.fields["service"]
        agency_field = self.fields["agency"]
        assert isinstance(service_field, forms.ChoiceField)
        assert isinstance(agency_field, forms.ChoiceField)
        service_field.choices = services
        agency_field.choices = [("", "—"), *agencies]

    def clean_steps_json(self) -> list[StepDone]:
        raw = self.cleaned_data.get("steps_json") or "[]"
        try:
            items = json.loads(raw)
            steps = []
            for item in items:
                started = parse_datetime(item["started_at"])
                ended = parse_datetime(item["ended_at"])
                if started is None or ended is None:
                    raise ValueError
                steps.append(
                    StepDone(key=str(item["key"])[:40], started_at=started, ended_at=ended)
                )
        except (ValueError, KeyError, TypeError) as exc:
            raise forms.ValidationError(_("The step timings could not be read.")) from exc
        return steps
