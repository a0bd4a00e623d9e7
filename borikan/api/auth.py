"""API authentication: a bearer token with the right scope, or a signed-in staff session."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer

from borikan.api.services import api_token_authenticate
from borikan.core.models import Role, User


class TokenAuth(HttpBearer):
    """`Authorization: Bearer bk_…` with a token that carries `scope` (any scope when None)."""

    def __init__(self, scope: str | None) -> None:
        super().__init__()
        self.scope = scope

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        api_token = api_token_authenticate(key=token)
        if api_token is None or (self.scope is not None and self.scope not in api_token.scopes):
            return None
        request.api_token = api_token  # type: ignore[attr-defined]
        return api_token


class StaffSessionAuth(APIKeyCookie):
    """The staff session of the pages; CSRF is checked on unsafe methods."""

    param_name = "sessionid"

    def _get_key(self, request: HttpRequest) -> str | None:
        # No signed-in user: nothing to protect from cross-site requests, and the answer is
        # 401 (sign in), not ninja's 403 "CSRF check failed" for a request that has no session.
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        if user.is_authenticated and user.is_active:
            return user
        return None


def scoped(scope: str) -> list[Any]:
    """The auth list for an endpoint of one app: a token with `scope`, or a staff session."""
    return [TokenAuth(scope), StaffSessionAuth()]


def api_user(request: HttpRequest) -> User:
    """Who an API request acts as, for scoping reads: the staff member of a session, or for a
    token an unsaved integration user that sees what a supervisor sees within the token's scope."""
    user = getattr(request, "user", None)
    if isinstance(user, User) and user.is_authenticated:
        return user
    token = getattr(request, "api_token", None)
    name = token.name if token is not None else "anonymous"
    return User(username=f"api:{name}"[:150], role=Role.SUPERVISOR)


def api_actor(request: HttpRequest) -> tuple[User | None, str]:
    """The actor to record in the audit log: a saved user, or the token's name."""
    user = getattr(request, "user", None)
    if isinstance(user, User) and user.is_authenticated:
        return user, user.get_username()
    token = getattr(request, "api_token", None)
    return None, f"token:{token.name}" if token is not None else "anonymous"
