"""Signed links that let a citizen act on one record without an account (an appointment to move,
a service to rate): the record's id and its random uid, signed and dated."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from borikan.core.errors import DomainError


class LinkError(DomainError):
    code = "bad_link"
    status = 400


@dataclass(frozen=True)
class SignedLink:
    """One kind of link: its salt, how long it lives, and what an expired one says. `key` names
    the id in the signed data (links already sent must keep reading)."""

    salt: str
    max_age_seconds: int
    expired: str | Promise
    key: str

    def token(self, pk: int, uid: str) -> str:
        # The uid ties the token to the record: ids are guessable, uids are not.
        return signing.dumps({self.key: pk, "u": uid}, salt=self.salt, compress=True)

    def read(self, token: str) -> tuple[Any, Any]:
        """The id and uid a token names; LinkError when it was altered or has expired."""
        try:
            data = signing.loads(token, salt=self.salt, max_age=self.max_age_seconds)
        except signing.SignatureExpired:
            raise LinkError(self.expired, code="link_expired") from None
        except signing.BadSignature:
            raise LinkError(
                _(
                    "This link is not valid: it may have been cut or changed. Open the link in "
                    "the message exactly as it came."
                )
            ) from None
        if not isinstance(data, dict):
            raise LinkError(_("This link is not valid: no such record."), status=404)
        return data.get(self.key), data.get("u")
