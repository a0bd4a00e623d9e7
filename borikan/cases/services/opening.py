"""Opening a case: the ticket number at once, the citizen found or created, the due date."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from borikan.cases import notify
from borikan.cases.models import (
    Case,
    CaseEvent,
    Kind,
    Origin,
    Status,
)
from borikan.cases.numbering import ticket_number_next, year_be
from borikan.cases.services.common import (
    CODE_ALPHABET,
    MAX_DESCRIPTION,
    MAX_SUBJECT,
    PUBLIC_ACTIONS,
    A,
    CaseError,
    OpenedCase,
    _clean_text,
    _event,
    tracking_code_hash,
)
from borikan.cases.services.indexing import case_index
from borikan.cases.sla import due_result
from borikan.cases.workflow import RULES
from borikan.catalog.selectors import service_ref
from borikan.contacts.identifiers import phone_try_parse
from borikan.contacts.models import Contact
from borikan.contacts.selectors import contact_get_by_phone
from borikan.contacts.services import contact_create
from borikan.core.models import AuditEntry, User
from borikan.core.selectors import office_central_id
from borikan.core.services import audit_batch, audit_record
from borikan.search.services import search_batch


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
            office_id = office_central_id()
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
