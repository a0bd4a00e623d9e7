"""Meeting links: a provider interface (like Django's pluggable backends); Jitsi Meet by default.

A link is only a URL built here: nothing is called at booking time. Room names come from a
cryptographic random source, so a link cannot be guessed from another one.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Protocol
from urllib.parse import quote

import jwt
from django.utils.module_loading import import_string

from borikan.core.conf import borikan_setting

# Letters and digits only: a room name is part of a URL and is sometimes read aloud.
_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"


class MeetingProvider(Protocol):
    def room_new(self) -> str:
        """A new, unguessable room name."""

    def join_url(
        self,
        *,
        room: str,
        name: str,
        email: str,
        moderator: bool,
        not_before: dt.datetime,
        expires: dt.datetime,
    ) -> str:
        """The address one participant opens to join."""


class JitsiProvider:
    """Jitsi Meet (self-hostable): `<JITSI_URL>/<room>`, with `?jwt=` when token
    authentication is configured (JITSI_JWT_APP_ID and JITSI_JWT_SECRET)."""

    def room_new(self) -> str:
        # 20 characters of a 32-letter alphabet: 100 bits.
        return "moc-" + "".join(secrets.choice(_ALPHABET) for _ in range(20))

    def join_url(
        self,
        *,
        room: str,
        name: str,
        email: str,
        moderator: bool,
        not_before: dt.datetime,
        expires: dt.datetime,
    ) -> str:
        base = borikan_setting("JITSI_URL")
        url = f"{base}/{quote(room)}"
        app_id, secret = borikan_setting("JITSI_JWT_APP_ID"), borikan_setting("JITSI_JWT_SECRET")
        if not (app_id and secret):
            return url
        domain = base.split("://", 1)[-1].split("/", 1)[0]
        claims = {
            "aud": "jitsi",
            "iss": app_id,
            "sub": domain,
            "room": room,
            "nbf": int(not_before.timestamp()),
            "exp": int(expires.timestamp()),
            "context": {"user": {"name": name, "email": email, "moderator": moderator}},
            "moderator": moderator,
        }
        token = jwt.encode(claims, secret, algorithm="HS256")
        return f"{url}?jwt={token}"


def meeting_provider() -> MeetingProvider:
    provider: MeetingProvider = import_string(borikan_setting("MEETING_PROVIDER"))()
    return provider
