from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from borikan.appointments.models import Mode, Weekday, WindowException
from borikan.appointments.services._common import MAX_DETAIL, MAX_NAME, MAX_NOTE
from borikan.appointments.services.hours import SLOT_CHOICES
from borikan.core.humans import HumanCheckMixin


def parse_start(value: str) -> dt.datetime | None:
    """A slot's start as the pages post it (ISO 8601 with +07:00); None when garbled."""
    try:
        parsed = dt.datetime.fromisoformat((value or "").strip())
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


class BookingForm(forms.Form):
    """S3 step 2: who, how to reach them, when suits them, and the exact topic."""

    first_name = forms.CharField(label=_("First name"), max_length=MAX_NAME)
    last_name = forms.CharField(label=_("Last name"), max_length=MAX_NAME)
    phone = forms.CharField(label=_("Phone"), max_length=30)
    # A CharField: the service checks the address and says why in Thai and English.
    email = forms.CharField(
        label=_("E-mail"), max_length=254, help_text=_("The invitation is sent here.")
    )
    topic = forms.ChoiceField(label=_("Topic"))
    topic_detail = forms.CharField(
        label=_("What exactly to discuss"),
        max_length=MAX_DETAIL,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    mode = forms.ChoiceField(label=_("Where"), choices=Mode.choices, initial=Mode.OFFICE)
    office = forms.ChoiceField(label=_("Provincial commerce office"), required=False)
    date = forms.DateField(
        label=_("Convenient date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Free times of the following week are shown."),
    )
    asked_at = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: object,
        topics: list[tuple[str, str]],
        offices: list[tuple[str, str]],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for name, choices in (("topic", topics), ("office", offices)):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [("", "—"), *choices]


class WindowForm(forms.Form):
    weekday = forms.TypedChoiceField(label=_("Weekday"), choices=Weekday.choices, coerce=int)
    start = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("Until"), widget=forms.TimeInput(attrs={"type": "time"}))
    slot_minutes = forms.TypedChoiceField(
        label=_("Minutes per consultation"),
        choices=[(m, m) for m in SLOT_CHOICES],
        coerce=int,
        initial=30,
    )
    valid_from = forms.DateField(
        label=_("Valid from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_until = forms.DateField(
        label=_("Valid until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ExceptionForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label=_("Kind"), choices=WindowException.Kind.choices)
    start = forms.TimeField(
        label=_("From"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text=_("Leave both times empty for the whole day."),
    )
    end = forms.TimeField(
        label=_("Until"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    slot_minutes = forms.TypedChoiceField(
        label=_("Minutes per consultation"),
        choices=[(m, m) for m in SLOT_CHOICES],
        coerce=int,
        initial=30,
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class ActionForm(forms.Form):
    action = forms.CharField(max_length=20)
    starts_at = forms.CharField(required=False, max_length=40)
    note = forms.CharField(required=False, max_length=MAX_NOTE)
    version = forms.IntegerField(required=False)


class PublicBookingForm(HumanCheckMixin, BookingForm):
    """The citizen's request on the website: the booking form with the public forms' checks
    against scripts (a honeypot and a minimum fill time)."""
