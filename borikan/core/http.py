"""Request helpers shared by the views of every app."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from borikan.core.models import User


def acting_user(request: HttpRequest) -> User:
    """The signed-in staff member; views behind login_required call this instead of request.user."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied
    return user


def optional_user(request: HttpRequest) -> User | None:
    user = getattr(request, "user", None)
    return user if isinstance(user, User) and user.is_authenticated else None


def posted_int(request: HttpRequest, name: str) -> int:
    """An id posted by a page's own buttons; 0 (which matches nothing) when missing or garbled."""
    try:
        return int(request.POST.get(name, ""))
    except (TypeError, ValueError):
        return 0
