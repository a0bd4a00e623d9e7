"""Writes of the PDPA registers: data subjects' requests and what answers them (the export of
everything about a person, erasure by anonymisation), breaches, and the retention sweep."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from borikan.cases.personal_data import cases_forget_closed
from borikan.contacts.models import Contact
from borikan.contacts.registry import erasure_handlers, export_providers
from borikan.contacts.selectors import contact_identifiers
from borikan.core.errors import DomainError, PermissionDeniedError, text_checked
from borikan.core.models import AuditEntry, Role, User
from borikan.core.services import audit_record
from borikan.notifications.personal_data import messages_forget
from borikan.privacy.models import REQUEST_DAYS, Breach, DataSubjectRequest
from borikan.telephony.personal_data import calls_forget_numbers

PRIVACY_ROLES = frozenset({Role.ADMIN, Role.SUPERVISOR})
R = DataSubjectRequest


class PrivacyError(DomainError):
    code = "privacy_invalid"


def may_handle_privacy(user: User) -> bool:
    """The data protection work is the supervisors' and administrators'."""
    return user.is_superuser or user.role in PRIVACY_ROLES


def _saved(user: User) -> User | None:
    """The user to store: an API token acts as an unsaved user, recorded by name only."""
    return user if user.pk else None


def _audit(by: User, **fields: Any) -> None:
    audit_record(actor=_saved(by), actor_repr=by.get_username(), **fields)


def _check(user: User) -> None:
    if not may_handle_privacy(user):
        raise PermissionDeniedError(
            _("Only supervisors and administrators handle personal data requests.")
        )


@transaction.atomic
def dsr_open(
    *,
    by: User,
    contact: Contact,
    kind: str,
    channel: str = "",
    details: str = "",
    received_at: dt.datetime | None = None,
) -> DataSubjectRequest:
    """Records a data subject's request; the answer is due 30 days after it was received."""
    _check(by)
    if kind not in R.Kind.values:
        raise PrivacyError(_("Choose what the person asks for."), code="kind_invalid")
    if contact.merged_into_id is not None:
        raise PrivacyError(
            _("This record was merged into another: open the request on that one."),
            code="contact_merged",
        )
    received = received_at or timezone.now()
    if received > timezone.now() + dt.timedelta(minutes=5):
        raise PrivacyError(_("The date received cannot be in the future."), code="received_future")
    request = DataSubjectRequest.objects.create(
        contact=contact,
        kind=kind,
        channel=text_checked(
            channel, field="channel", label=_("channel"), limit=30, required=False
        ),
        details=text_checked(
            details, field="details", label=_("what was asked"), limit=5000, required=False
        ),
        received_at=received,
        due_at=received + dt.timedelta(days=REQUEST_DAYS),
        created_by=_saved(by),
    )
    _audit(by, action=AuditEntry.Action.CREATE, obj=request, contact_id=contact.pk)
    return request


def dsr_export(*, request: DataSubjectRequest, by: User) -> dict[str, Any]:
    """Everything Borikan keeps about the person, machine-readable (JSON), section by section
    as each app declares it; the export itself is audited."""
    _check(by)
    identifiers = contact_identifiers(contact=request.contact)
    sections: dict[str, list[dict[str, Any]]] = {}
    for provider in export_providers():
        sections.update(provider(identifiers))
    _audit(
        by,
        action=AuditEntry.Action.EXPORT,
        obj=request,
        contact_id=request.contact_id,
        changes={"sections": {name: len(rows) for name, rows in sections.items()}},
    )
    return {
        "format": "borikan-personal-data/1",
        "generated_at": timezone.now().isoformat(),
        "request": {"id": request.pk, "kind": request.kind, "received_at": request.received_at},
        "contact_ids": list(identifiers.contact_ids),
        "data": sections,
    }


@transaction.atomic
def dsr_erase(*, request: DataSubjectRequest, by: User) -> dict[str, int]:
    """Erases the person by anonymisation: every app blanks what identifies them and keeps
    what its statistics count. One transaction: all of it, or nothing."""
    _check(by)
    request = DataSubjectRequest.objects.select_for_update().get(pk=request.pk)
    if request.kind != R.Kind.ERASURE:
        raise PrivacyError(
            _("Only an erasure request erases data."), code="not_erasure", status=409
        )
    if request.status != R.Status.OPEN:
        raise PrivacyError(_("This request is already closed."), code="closed", status=409)
    identifiers = contact_identifiers(contact=request.contact)
    counts: dict[str, int] = {}
    for handler in erasure_handlers():
        counts[handler.__name__] = handler(identifiers)
    request.status = R.Status.DONE
    request.handled_at = timezone.now()
    request.handled_by = _saved(by)
    request.outcome = str(_("Personal data erased by anonymisation."))
    request.save(update_fields=["status", "handled_at", "handled_by", "outcome"])
    _audit(
        by,
        action=AuditEntry.Action.DELETE,
        obj=request,
        object_repr=f"erasure of contact {request.contact_id}",
        contact_id=request.contact_id,
        changes={"anonymised": counts},
    )
    return counts


@transaction.atomic
def dsr_close(
    *, request: DataSubjectRequest, by: User, status: str, outcome: str
) -> DataSubjectRequest:
    """Closes a request as done or refused, saying what was done or why not."""
    _check(by)
    request = DataSubjectRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != R.Status.OPEN:
        raise PrivacyError(_("This request is already closed."), code="closed", status=409)
    if status not in (R.Status.DONE, R.Status.REFUSED):
        raise PrivacyError(_("Close a request as done or refused."), code="status_invalid")
    request.outcome = text_checked(outcome, field="outcome", label=_("outcome"), limit=5000)
    request.status = status
    request.handled_at = timezone.now()
    request.handled_by = _saved(by)
    request.save(update_fields=["status", "outcome", "handled_at", "handled_by"])
    _audit(by, action=AuditEntry.Action.UPDATE, obj=request, contact_id=request.contact_id)
    return request


@transaction.atomic
def breach_record(
    *,
    by: User,
    title: str,
    description: str,
    discovered_at: dt.datetime,
    data_categories: str,
    people_affected: int,
    risk: str,
    measures: str = "",
) -> Breach:
    """A breach goes in the register at once; the 72 hours to tell the office run from when
    it was discovered."""
    _check(by)
    if risk not in Breach.Risk.values:
        raise PrivacyError(_("Choose the risk."), code="risk_invalid")
    if discovered_at > timezone.now() + dt.timedelta(minutes=5):
        raise PrivacyError(_("The time discovered cannot be in the future."), code="future")
    if people_affected < 0:
        raise PrivacyError(_("The number of people cannot be negative."), code="negative")
    breach = Breach.objects.create(
        title=text_checked(title, field="title", label=_("what happened"), limit=300),
        description=text_checked(description, field="description", label=_("details"), limit=10000),
        discovered_at=discovered_at,
        data_categories=text_checked(
            data_categories, field="data_categories", label=_("personal data involved"), limit=300
        ),
        people_affected=people_affected,
        risk=risk,
        measures=text_checked(
            measures, field="measures", label=_("measures taken"), limit=10000, required=False
        ),
        created_by=_saved(by),
    )
    _audit(by, action=AuditEntry.Action.CREATE, obj=breach)
    return breach


@transaction.atomic
def breach_mark(
    *, breach: Breach, by: User, reported: bool = False, people_told: bool = False
) -> Breach:
    """Records that the office, or the people affected, were told (now)."""
    _check(by)
    breach = Breach.objects.select_for_update().get(pk=breach.pk)
    now = timezone.now()
    if reported and breach.reported_at is None:
        breach.reported_at = now
    if people_told and breach.people_told_at is None:
        breach.people_told_at = now
    breach.save(update_fields=["reported_at", "people_told_at"])
    _audit(by, action=AuditEntry.Action.UPDATE, obj=breach)
    return breach


def retention_apply(*, now: dt.datetime | None = None) -> dict[str, int]:
    """The retention policy (BORIKAN['RETENTION_DAYS']): records past their period lose their
    personal data; what statistics count stays. Run daily by the worker."""
    now = now or timezone.now()
    days = settings.BORIKAN["RETENTION_DAYS"]
    with transaction.atomic():
        return {
            "call numbers": calls_forget_numbers(before=now - dt.timedelta(days=days["calls"])),
            "messages": messages_forget(before=now - dt.timedelta(days=days["messages"])),
            "closed cases": cases_forget_closed(
                before=now - dt.timedelta(days=days["closed_cases"])
            ),
        }
