"""Forms of the core pages (the working-days calculator, special days off), and how every page
shows a service's refusal on its form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from borikan.core import calendar
from borikan.core.errors import DomainError


def form_error_add(form: Any, exc: DomainError, message: str | None = None) -> None:
    """A service's refusal shown on the form, beside the field it names when there is one
    (`exc.details["field"]`), else above the form; `message` replaces the error's own."""
    field = exc.details.get("field")
    form.add_error(field if field in form.fields else None, message or str(exc.message))


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        # ISO format, which the browser's date picker reads and writes.
        super().__init__(format="%Y-%m-%d")


class WorkingDaysForm(forms.Form):
    start = forms.DateField(label=_("Start date"), widget=DateInput())
    days = forms.IntegerField(
        label=_("Working days"),
        min_value=0,
        max_value=calendar.MAX_DAYS,
        help_text=_("The start day itself is not counted."),
    )


class SpecialDayOffForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    name_th = forms.CharField(label=_("Name (Thai)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    note = forms.CharField(
        label=_("Note"),
        max_length=300,
        required=False,
        help_text=_("For example the cabinet resolution that announced it."),
    )
    worked = forms.BooleanField(
        label=_("Worked: the offices work on this holiday or weekend day"),
        required=False,
        help_text=_("Due dates then count it as a working day instead of skipping it."),
    )
