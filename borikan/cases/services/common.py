"""What the case services share: the errors, the events every action records, text checks."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from borikan.cases import notify
from borikan.cases.models import (
    Case,
    CaseEvent,
)
from borikan.core.errors import DomainError, text_checked
from borikan.core.models import Agency, User
from borikan.core.tokens import secret_hash

A = CaseEvent.Action
# What the citizen sees on the tracking page (with the note only for answers and pauses).
PUBLIC_ACTIONS = frozenset(
    {A.RECEIVED, A.SUBMIT, A.DISPATCH, A.ANSWER, A.PAUSE, A.RESUME, A.CLOSE, A.REOPEN}
)
PUBLIC_NOTES = frozenset({A.ANSWER, A.PAUSE})
MAX_SUBJECT = 300
MAX_DESCRIPTION = 10_000
MAX_NOTE = 5_000
# Read aloud over the phone: no 0/O, 1/I/L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
MAX_FILES_PER_CASE = 20


class CaseError(DomainError):
    code = "invalid_case"


class CaseConflictError(DomainError):
    code = "conflict"
    status = 409


@dataclass(frozen=True)
class OpenedCase:
    case: Case
    tracking_code: str = ""  # only for anonymous tip-offs: shown once, stored hashed


def tracking_code_hash(number: str, code: str) -> str:
    return secret_hash(f"{number}:{code.strip().upper()}")


def _actor_name(by: User | None, actor_repr: str) -> str:
    if by is not None and by.is_authenticated:
        return by.display_name
    return actor_repr or "system"


def _event(
    case: Case,
    action: str,
    *,
    by: User | None,
    actor_repr: str = "",
    from_status: str = "",
    to_status: str | None = None,
    note: str = "",
    public: bool = False,
    agency: Agency | None = None,
) -> CaseEvent:
    """An event of `case`, not saved yet; it leads to the case's status unless told otherwise."""
    return CaseEvent(
        case=case,
        action=action,
        from_status=from_status,
        to_status=case.status if to_status is None else to_status,
        actor=by if by is not None and by.is_authenticated and by.pk else None,
        actor_repr=_actor_name(by, actor_repr)[:200],
        note=note,
        public=public,
        agency=agency,
    )


def record_event(
    case: Case,
    action: str,
    *,
    by: User | None,
    actor_repr: str = "",
    from_status: str = "",
    note: str = "",
    public: bool = False,
    agency: Agency | None = None,
) -> CaseEvent:
    event = _event(
        case,
        action,
        by=by,
        actor_repr=actor_repr,
        from_status=from_status,
        note=note,
        public=public,
        agency=agency,
    )
    event.save(force_insert=True)
    notify.case_webhook_changed(case, event)
    return event


FIELD_LABELS = {
    "subject": _("subject"),
    "description": _("description"),
    "origin_ref": _("reference at the origin"),
    "note": _("note"),
}


def _clean_text(value: str, *, field: str, limit: int, required: bool = True) -> str:
    label = FIELD_LABELS.get(field, field)
    return text_checked(
        value, field=field, label=label, limit=limit, required=required, error=CaseError
    )
