"""Creating, checking and revoking API tokens."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from borikan.api.models import SCOPES, ApiToken
from borikan.core.errors import DomainError, interpolate
from borikan.core.tokens import secret_hash, secret_new

TOKEN_PREFIX = "bk_"
USE_RECORDED_EVERY = dt.timedelta(seconds=60)


@transaction.atomic
def api_token_create(*, name: str, scopes: Iterable[str]) -> tuple[ApiToken, str]:
    """Creates a token; returns it and the secret, which is shown this once and never stored."""
    wanted = sorted({s.strip() for s in scopes if s.strip()})
    unknown = [s for s in wanted if s not in SCOPES]
    if unknown:
        raise DomainError(
            interpolate(
                _("Unknown scope: %(scopes)s. Known scopes: %(known)s."),
                scopes=", ".join(unknown),
                known=", ".join(SCOPES),
            ),
            code="unknown_scope",
        )
    if not wanted:
        raise DomainError(_("Give the token at least one scope."), code="no_scope")
    name = name.strip()
    if not name:
        raise DomainError(_("Give the token a name."), code="no_name")
    if ApiToken.objects.filter(name=name).exists():
        raise DomainError(_("A token with this name exists."), code="duplicate")
    secret, key_hash = secret_new(TOKEN_PREFIX)
    token = ApiToken.objects.create(name=name, prefix=secret[:10], key_hash=key_hash, scopes=wanted)
    return token, secret


def api_token_authenticate(*, key: str) -> ApiToken | None:
    """The active token for this secret, or None (its name, scopes and id loaded; the other
    fields when first read)."""
    if not key.startswith(TOKEN_PREFIX) or len(key) > 200:
        return None
    now = timezone.now()
    # Every API request asks: one plain query by the unique hash, without a queryset to build
    # (which cost ten times the query), also telling whether the use is worth recording.
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, name, scopes, (last_used_at IS NULL OR last_used_at < %s)"
            f" FROM {ApiToken._meta.db_table} WHERE key_hash = %s AND revoked_at IS NULL",
            [
                connection.ops.adapt_datetimefield_value(now - USE_RECORDED_EVERY),
                secret_hash(key),
            ],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    pk, name, scopes, stale = row
    token = ApiToken.from_db(
        connection.alias,
        ["id", "name", "scopes"],
        [pk, name, scopes if isinstance(scopes, list) else json.loads(scopes)],
    )
    # Record use at most once a minute: a busy PBX must not turn every event into a write.
    if stale:
        ApiToken.objects.filter(pk=pk).update(last_used_at=now)
    return token


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
