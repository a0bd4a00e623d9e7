"""Phone numbers, Thai national and juristic IDs: parsing, normalising and checking."""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from django.utils.translation import gettext_lazy as _

from borikan.core.errors import DomainError, interpolate
from borikan.core.thai import to_arabic_digits

# Thai hotline short codes (1203, 1169, 1111, 1300 …) are 4 digits starting with 1. They are
# dialled as they are and must never be turned into +661203.
_SHORT_CODE = re.compile(r"^1\d{3}$")
_SEPARATORS = re.compile(r"[\s\-().]")


class IdentifierError(DomainError):
    code = "invalid_identifier"


@dataclass(frozen=True)
class Phone:
    """A normalised phone: `value` is E.164 (+66812345678) or a hotline short code (1203)."""

    value: str
    kind: str  # "mobile", "landline", "short", "other"

    @property
    def is_short_code(self) -> bool:
        return self.kind == "short"

    @property
    def display(self) -> str:
        """The national format a Thai agent reads aloud: 081 234 5678, 02 507 7882."""
        if self.is_short_code:
            return self.value
        number = phonenumbers.parse(self.value, None)
        if number.country_code == 66:
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def phone_parse(raw: str, *, region: str = "TH") -> Phone:
    """Parses what a caller ID, an agent or a form gives; raises IdentifierError when invalid."""
    text = _SEPARATORS.sub("", to_arabic_digits((raw or "").strip()))
    if not text:
        raise IdentifierError(_("Enter a phone number."), code="phone_empty")
    if _SHORT_CODE.match(text):
        return Phone(value=text, kind="short")
    if len(text) > 20 or not re.fullmatch(r"\+?\d+", text):
        raise IdentifierError(_("This is not a phone number."), code="phone_invalid")
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as exc:
        raise IdentifierError(_("This is not a phone number."), code="phone_invalid") from exc
    if not phonenumbers.is_valid_number(number):
        raise IdentifierError(
            _("This phone number is not valid: check the digits."), code="phone_invalid"
        )
    number_type = phonenumbers.number_type(number)
    kind = {
        phonenumbers.PhoneNumberType.MOBILE: "mobile",
        phonenumbers.PhoneNumberType.FIXED_LINE: "landline",
    }.get(number_type, "other")
    return Phone(
        value=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), kind=kind
    )


def phone_try_parse(raw: str) -> Phone | None:
    """Like phone_parse, but None for anything that is not a valid number (e.g. `anonymous`)."""
    try:
        return phone_parse(raw)
    except IdentifierError:
        return None


def thai_id_checksum_ok(digits: str) -> bool:
    """The mod-11 check digit shared by Thai national IDs and 13-digit juristic IDs."""
    if not re.fullmatch(r"\d{13}", digits):
        return False
    total = sum(int(digits[i]) * (13 - i) for i in range(12))
    return (11 - total % 11) % 10 == int(digits[12])


def thai_id_normalize(raw: str, *, juristic: bool = False) -> str:
    """13 digits without separators; raises IdentifierError when the length or checksum is off."""
    digits = re.sub(r"[\s\-]", "", to_arabic_digits((raw or "").strip()))
    label = _("juristic ID") if juristic else _("national ID")
    if not re.fullmatch(r"\d{13}", digits):
        raise IdentifierError(
            interpolate(_("A %(label)s has 13 digits."), label=label), code="id_length"
        )
    if not thai_id_checksum_ok(digits):
        raise IdentifierError(
            interpolate(
                _("This %(label)s fails its check digit: a digit is mistyped."), label=label
            ),
            code="id_checksum",
        )
    if juristic and digits[0] != "0":
        # Juristic IDs issued by DBD start with 0; a 1–8 start is a person's ID.
        raise IdentifierError(
            _("A juristic ID starts with 0; this looks like a national ID."), code="id_kind"
        )
    return digits


def thai_id_format(digits: str) -> str:
    """1-2345-67890-12-3, the way it is printed on the card."""
    if len(digits) != 13:
        return digits
    return f"{digits[0]}-{digits[1:5]}-{digits[5:10]}-{digits[10:12]}-{digits[12]}"
