"""Domain errors: what a user can cause, carried with a message in Thai and in English."""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override


class DomainError(Exception):
    """An error a user caused; `message` is a lazy translation rendered in Thai and English."""

    code = "invalid"
    status = 400

    def __init__(
        self,
        message: str | Promise,
        *,
        code: str | None = None,
        status: int | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(str(message))
        self.message = message
        if code:
            self.code = code
        if status:
            self.status = status
        self.details = details or {}

    def message_in(self, language: str) -> str:
        with override(language):
            return str(self.message)

    def as_dict(self) -> dict[str, Any]:
        return error_body(self.code, self.message, details=self.details)


class NotFoundError(DomainError):
    code = "not_found"
    status = 404


class PermissionDeniedError(DomainError):
    code = "forbidden"
    status = 403


def error_body(code: str, message: str | Promise, *, details: Any = None) -> dict[str, Any]:
    """The one error format of the API: a code, the message in Thai and in English, details."""
    with override("th"):
        message_th = str(message)
    with override("en"):
        message_en = str(message)
    body: dict[str, Any] = {"code": code, "message": message_th, "message_en": message_en}
    if details:
        body["details"] = details
    return {"error": body}


def _interpolate(message: str | Promise, params: dict[str, Any]) -> str:
    return str(message) % {key: str(value) for key, value in params.items()}


_lazy_interpolate = lazy(_interpolate, str)


def interpolate(message: str | Promise, **params: Any) -> Promise:
    """`_("… %(name)s …")` filled in lazily, so it renders in whichever language is asked for
    (params may be lazy too)."""
    return _lazy_interpolate(message, params)  # type: ignore[return-value]


def text_checked(
    value: str,
    *,
    field: str,
    label: str | Promise,
    limit: int,
    required: bool = True,
    error: type[DomainError] = DomainError,
) -> str:
    """A typed-in text, trimmed; `error` says which field (by its label) is missing or too long."""
    value = (value or "").strip()
    if required and not value:
        raise error(
            interpolate(_("Fill in the %(field)s."), field=label),
            code="required",
            details={"field": field},
        )
    if len(value) > limit:
        raise error(
            interpolate(
                _("The %(field)s is too long: at most %(limit)s characters."),
                field=label,
                limit=limit,
            ),
            code="too_long",
            details={"field": field, "max_length": limit, "length": len(value)},
        )
    return value
