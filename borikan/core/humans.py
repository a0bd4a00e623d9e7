"""Spam protection of the public forms without a third-party CAPTCHA: a honeypot field people
never see, and a minimum time between showing a form and sending it (a signed timestamp in the
form). Rate limits per address are the third layer (core.ratelimit)."""

from __future__ import annotations

import time

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from borikan.core.conf import borikan_setting

_SALT = "borikan.core.humans.form-started"
_MAX_AGE = 24 * 3600


def form_started_token(now: float | None = None) -> str:
    """What the form carries: when it was shown, signed so that it cannot be made older."""
    return signing.dumps(round(now if now is not None else time.time(), 3), salt=_SALT)


def sent_too_fast(token: str, now: float | None = None) -> bool:
    """True when the form came back sooner than FORM_MIN_FILL_SECONDS after it was shown, or
    with a missing or forged timestamp (a form older than a day counts as forged)."""
    minimum = int(borikan_setting("FORM_MIN_FILL_SECONDS"))
    if minimum <= 0:
        return False
    try:
        shown = float(signing.loads(token or "", salt=_SALT, max_age=_MAX_AGE))
    except (signing.BadSignature, TypeError, ValueError):
        return True
    return (now if now is not None else time.time()) - shown < minimum


class HumanCheckMixin(forms.Form):
    """The two hidden checks of a public form: `website` (a trap only robots fill in) and
    `started` (when the form was shown). The view calls `is_robot()` and `too_fast()`."""

    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    started = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if not self.is_bound:
            self.initial.setdefault("started", form_started_token())

    def is_robot(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def too_fast(self) -> bool:
        return sent_too_fast(self.cleaned_data.get("started", ""))

    def human_fields(self) -> list[str]:
        return ["website", "started"]
