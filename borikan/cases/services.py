"""Writes of cases: open, act (the S2 workflow), attach, merge, escalate. Each in a transaction."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from borikan.cases import notify
from borikan.cases.models import (
    Attachment,
    Case,
    CaseEvent,
    Kind,
    Origin,
    Status,
)
from borikan.cases.numbering import ticket_number_next, year_be
from borikan.cases.sla import due_result, paused_working_days
from borikan.cases.workflow import BUTTONS, RULES, may, reopen_target
from borikan.catalog.selectors import service_ref
from borikan.contacts.identifiers import phone_try_parse
from borikan.contacts.models import Contact
from borikan.contacts.selectors import contact_get_by_phone
from borikan.contacts.services import contact_create
from borikan.core.errors import DomainError, PermissionDeniedError, interpolate, text_checked
from borikan.core.files import file_check, file_store
from borikan.core.models import Agency, AuditEntry, Office, Role, User
from borikan.core.services import audit_batch, audit_record
from borikan.core.tokens import secret_hash
from borikan.search.services import SearchText, search_batch, search_index_many, search_reindex

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


def _contact_for(
    *, by: User | None, contact_fields: dict[str, Any] | None, phone: str
) -> Contact | None:
    """An existing contact with this phone, or a new one from what the citizen gave."""
    if phone:
        found = contact_get_by_phone(phone=phone)
        if found is not None:
            return found
    fields = {k: v for k, v in (contact_fields or {}).items() if v}
    if not fields and not phone:
        return None
    return contact_create(by=by, phones=[phone] if phone else [], channel="case", **fields)


@transaction.atomic
def case_open(
    *,
    by: User | None,
    kind: str,
    subject: str,
    description: str,
    origin: str,
    service_code: str = "S2",
    actor_repr: str = "",
    origin_ref: str = "",
    category: str = "",
    contact: Contact | None = None,
    contact_fields: dict[str, Any] | None = None,
    phone: str = "",
    email: str = "",
    anonymous: bool = False,
    interaction_id: int | None = None,
    submit: bool = False,
    received_at: dt.datetime | None = None,
) -> OpenedCase:
    """Opens a case and gives it its ticket number at once; tells the citizen when we can.

    `received_at` is when the ministry received it (now by default; an import of older cases
    gives their own dates). The due date counts from it."""
    if kind not in Kind.values:
        raise CaseError(_("Choose the kind of case."), details={"field": "kind"})
    if origin not in Origin.values:
        raise CaseError(_("Say where the case came from."), details={"field": "origin"})
    subject = _clean_text(subject, field="subject", limit=MAX_SUBJECT)
    description = _clean_text(description, field="description", limit=MAX_DESCRIPTION)
    origin_ref = _clean_text(origin_ref, field="origin_ref", limit=100, required=False)
    service = service_ref(code=service_code)
    parsed = phone_try_parse(phone) if phone else None
    if phone and (parsed is None or parsed.is_short_code):
        raise CaseError(
            _("This phone number is not valid: check the digits."),
            code="phone_invalid",
            details={"field": "phone"},
        )
    if email:
        try:
            validate_email(email)
        except Exception as exc:  # django's ValidationError
            raise CaseError(
                _("This e-mail address is not valid."),
                code="email_invalid",
                details={"field": "email"},
            ) from exc
    if anonymous and kind != Kind.TIPOFF:
        raise CaseError(_("Only a tip-off may be anonymous."), details={"field": "anonymous"})
    # The audit entries (the contact's and the case's) and the search rows (the same two) are
    # written in one insert each, at the end, in this transaction.
    with audit_batch(), search_batch():
        if anonymous:
            contact = None
        elif contact is None:
            contact = _contact_for(
                by=by, contact_fields=contact_fields, phone=parsed.value if parsed else ""
            )
        if contact is None and not anonymous:
            raise CaseError(
                _(
                    "Give the citizen's name and phone, or choose the contact; only a tip-off "
                    "may be anonymous."
                ),
                code="contact_required",
                details={"field": "contact"},
            )
        if contact is not None and contact.merged_into_id:
            contact = contact.merged_into

        now = received_at or timezone.now()
        due = due_result(received_at=now, service_code=service.code, paused_days=0)
        tracking_phone = parsed.value if parsed else ""
        if not tracking_phone and contact is not None:
            primary = contact.phones.order_by("-is_primary", "id").first()
            tracking_phone = primary.number if primary is not None else ""
        code = ""
        if anonymous:
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
        # Cases that arrive without a staff member (website, API) belong to the central center.
        office_id: int | None
        if by is not None and by.is_authenticated and by.pk and by.office_id:
            office_id = by.office_id
        else:
            # The code is unique: no ordering (the default one joins the province).
            office_id = (
                Office.objects.filter(code=Office.CENTRAL_CODE)
                .order_by()
                .values_list("pk", flat=True)
                .first()
            )
        # Submitted at once: the case is written in its submitted state, with both events below,
        # as `_transition(case, A.SUBMIT)` would leave it (status, version 2, the submit event).
        status, version = (
            (RULES[A.SUBMIT].target or Status.SUBMITTED, 2) if submit else (Status.RECEIVED, 1)
        )
        # Last before saving: on PostgreSQL the counter row stays locked until the commit.
        number = ticket_number_next(year=year_be(now))
        case = Case.objects.create(
            number=number,
            kind=kind,
            status=status,
            version=version,
            service=service,
            subject=subject,
            description=description,
            category=category[:100],
            contact=contact,
            anonymous=anonymous,
            tracking_phone_last4=tracking_phone[-4:] if tracking_phone.startswith("+") else "",
            tracking_code_hash=tracking_code_hash(number, code) if code else "",
            notify_email=email or (contact.email if contact is not None else ""),
            notify_phone=tracking_phone if tracking_phone.startswith("+") else "",
            origin=origin,
            origin_ref=origin_ref,
            interaction_id=interaction_id,
            office_id=office_id,
            received_at=now,
            due_date=due.end,
            created_by=by if by is not None and by.is_authenticated and by.pk else None,
        )
        events = [
            _event(
                case,
                A.RECEIVED,
                by=by,
                actor_repr=actor_repr,
                to_status=Status.RECEIVED,
                public=True,
            )
        ]
        if submit:
            events.append(
                _event(
                    case,
                    A.SUBMIT,
                    by=by,
                    actor_repr=actor_repr,
                    from_status=Status.RECEIVED,
                    public=A.SUBMIT in PUBLIC_ACTIONS,
                )
            )
        CaseEvent.objects.bulk_create(events)
        case_index(case=case)
        audit_record(
            actor=by if by is not None and by.pk else None,
            actor_repr=actor_repr,
            action=AuditEntry.Action.CREATE,
            obj=case,
            contact_id=contact.pk if contact is not None else None,
        )
        notify.case_received(case)
        notify.case_webhook_created(case)
    return OpenedCase(case=case, tracking_code=code)


def _locked(case: Case, expected_version: int | None) -> Case:
    fresh = Case.objects.select_for_update().get(pk=case.pk)
    if expected_version is not None and fresh.version != expected_version:
        raise CaseConflictError(
            _(
                "Someone else changed this case while you were working on it. Reload it and "
                "try again; nothing was saved."
            ),
            details={"version": fresh.version},
        )
    return fresh


def _transition(
    case: Case,
    action: str,
    *,
    by: User | None,
    actor_repr: str = "",
    note: str = "",
    agency: Agency | None = None,
) -> CaseEvent:
    rule = RULES[action]
    previous = case.status
    now = timezone.now()
    if action == A.REOPEN:
        case.status = reopen_target(case)
        case.answered_at = case.closed_at = None
    elif rule.target is not None:
        case.status = rule.target
    if action == A.DISPATCH:
        case.agency = agency
        case.escalated_at = None
    elif action == A.NOT_OURS:
        case.agency = None
        case.officer = None
        case.unit = ""
    elif action == A.ACCEPT and by is not None and by.pk and case.officer_id is None:
        if by.role == Role.OFFICER:
            case.officer = by
    elif action == A.PAUSE:
        case.paused_at = now
    elif action == A.RESUME and case.paused_at is not None:
        case.paused_working_days += paused_working_days(paused_at=case.paused_at, resumed_at=now)
        case.paused_at = None
        case.due_date = due_result(
            received_at=case.received_at,
            service_code=case.service.code,
            paused_days=case.paused_working_days,
        ).end
    elif action == A.ANSWER:
        case.answered_at = now
    elif action == A.CLOSE:
        case.closed_at = now
    case.version += 1
    case.save()
    return record_event(
        case,
        action,
        by=by,
        actor_repr=actor_repr,
        from_status=previous,
        note=note,
        public=action in PUBLIC_ACTIONS,
        agency=case.agency if action == A.DISPATCH else None,
    )


@transaction.atomic
def case_act(
    *,
    case: Case,
    action: str,
    by: User,
    note: str = "",
    agency_code: str = "",
    unit: str = "",
    officer: User | None = None,
    expected_version: int | None = None,
    actor_repr: str = "",
) -> Case:
    """Takes one workflow action (or adds an internal note) as `by`; checks status and role."""
    if action not in RULES:
        raise CaseError(
            interpolate(_("Unknown action: %(action)s."), action=action),
            code="unknown_action",
            details={"field": "action", "allowed": list(RULES)},
        )
    case = _locked(case, expected_version)
    rule = RULES[action]
    note = _clean_text(note, field="note", limit=MAX_NOTE, required=rule.needs_note)
    if case.status not in rule.sources:
        raise CaseError(
            interpolate(
                _("“%(action)s” is not possible for a case that is “%(status)s”."),
                status=Status(case.status).label,
                action=BUTTONS[action],
            ),
            code="bad_transition",
            status=409,
            details={"status": case.status, "action": action},
        )
    if not may(user=by, case=case, action=action):
        raise PermissionDeniedError(
            _("Your role may not take this action on this case."),
            details={"action": action},
        )
    agency = None
    if action == A.DISPATCH:
        agency = Agency.objects.filter(code=agency_code, is_active=True).first()
        if agency is None:
            raise CaseError(
                _("Choose the agency that will answer."),
                code="agency_required",
                details={"field": "agency"},
            )
        case.unit = unit.strip()[:200]
        if officer is not None:
            if officer.role != Role.OFFICER or officer.agency_id != agency.pk:
                raise CaseError(
                    _("That officer does not work at the chosen agency."),
                    details={"field": "officer"},
                )
            case.officer = officer
        else:
            case.officer = None
    if action == A.NOTE:
        case.version += 1
        case.save(update_fields=["version", "updated_at"])
        record_event(case, A.NOTE, by=by, actor_repr=actor_repr, note=note, from_status=case.status)
        return case
    _transition(case, action, by=by, actor_repr=actor_repr, note=note, agency=agency)
    if action == A.DISPATCH:
        notify.case_dispatched(case)
    elif action == A.ANSWER:
        notify.case_answered(case, reply=note)
    return case


@transaction.atomic
def case_merge(*, case: Case, into: Case, by: User, note: str = "") -> Case:
    """Merges a duplicate into the case that continues; the duplicate keeps its history."""
    if case.pk == into.pk:
        raise CaseError(_("A case cannot be merged into itself."), code="merge_self")
    if into.status == Status.MERGED:
        raise CaseError(
            _("That case was itself merged; choose the case it went into."),
            code="merge_target_merged",
        )
    case = _locked(case, None)
    if not may(user=by, case=case, action=A.MERGE):
        raise PermissionDeniedError(_("Your role may not take this action on this case."))
    case.merged_into = into
    _transition(case, A.MERGE, by=by, note=note or into.number)
    record_event(
        into,
        A.NOTE,
        by=by,
        note=interpolate(
            _("Case %(number)s was merged into this one."), number=case.number
        ).__str__(),
        from_status=into.status,
    )
    return case


@transaction.atomic
def case_attach(
    *,
    case: Case,
    by: User | None,
    name: str,
    data: bytes,
    public: bool = False,
    actor_repr: str = "",
) -> Attachment:
    """Stores a file with the case after checking what it really is (not what its name says)."""
    kind = file_check(data)
    if case.attachments.count() >= MAX_FILES_PER_CASE:
        raise CaseError(
            interpolate(_("A case holds at most %(count)s files."), count=MAX_FILES_PER_CASE),
            code="too_many_files",
        )
    attachment = Attachment(
        case=case, public=public, uploaded_by=by if by is not None and by.pk else None
    )
    file_store(attachment, name=name, data=data, kind=kind)
    attachment.save()
    record_event(
        case,
        A.ATTACH,
        by=by,
        actor_repr=actor_repr,
        note=attachment.original_name,
        from_status=case.status,
        public=public,
    )
    return attachment


def cases_repoint_contact(source_id: int, target_id: int) -> None:
    """Merge handler: a merged contact's cases follow it."""
    Case.objects.filter(contact_id=source_id).update(contact_id=target_id)


SEARCH_KIND = "case"
REINDEX_BATCH = 1_000


def _search_text(case: Case) -> SearchText:
    return SearchText(
        object_id=case.pk,
        title=case.subject,
        tags=[case.category, case.origin_ref],
        body=case.description,
        body_syllables=False,
    )


def case_index(*, case: Case) -> None:
    """Put a case's words in the Thai search index (the case list's search box uses them)."""
    search_index_many(kind=SEARCH_KIND, documents=[_search_text(case)])


def cases_reindex(workers: int = 1, progress: Callable[[int], None] | None = None) -> int:
    """Index every case anew (after a change of the search word lists)."""

    def batches() -> Iterator[list[SearchText]]:
        cases = Case.objects.only("id", "subject", "category", "origin_ref", "description")
        last = 0
        while chunk := list(cases.filter(pk__gt=last).order_by("pk")[:REINDEX_BATCH]):
            last = chunk[-1].pk
            yield [_search_text(case) for case in chunk]

    return search_reindex(kind=SEARCH_KIND, batches=batches(), workers=workers, progress=progress)
