"""What a case tells people, through the notifications outbox (sent after the commit, retried,
never twice: each message has a dedupe key of case, event and recipient)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from borikan.cases.models import Case, CaseEvent
from borikan.core.models import Role, User
from borikan.core.thai import format_date
from borikan.notifications.services import message_queue
from borikan.webhooks.services import event_publish, webhooks_want

REF_KIND = "case"
# Replies the citizen reads (the same as cases.services.PUBLIC_NOTES).
PUBLIC_REPLY = frozenset({CaseEvent.Action.ANSWER, CaseEvent.Action.PAUSE})


def _due(case: Case) -> str:
    """The due date as the reader's language writes it (13 เมษายน 2569 / 13 April 2026)."""
    return format_date(case.due_date, style="long", language=get_language() or "th")


def _citizen_language(case: Case) -> str:
    if case.contact is not None and case.contact.preferred_language == "en":
        return "en"
    return "th"


def _track_url(case: Case) -> str:
    return f"{settings.SITE_URL}/track/?number={case.number}"


def _to_citizen(case: Case, event: str, subject: str, body: str, sms: str) -> None:
    if case.anonymous:
        return
    if case.notify_email:
        message_queue(
            channel="email",
            recipient=case.notify_email,
            subject=subject,
            body=body,
            dedupe_key=f"case:{case.number}:{event}:email",
            ref_kind=REF_KIND,
            ref_id=case.number,
        )
    if case.notify_phone:
        message_queue(
            channel="sms",
            recipient=case.notify_phone,
            subject="",
            body=sms,
            dedupe_key=f"case:{case.number}:{event}:sms",
            ref_kind=REF_KIND,
            ref_id=case.number,
        )


def _to_staff(case: Case, event: str, recipients: set[str], subject: str, body: str) -> None:
    for address in sorted(a for a in recipients if a):
        message_queue(
            channel="email",
            recipient=address,
            subject=subject,
            body=body,
            dedupe_key=f"case:{case.number}:{event}:{address}",
            ref_kind=REF_KIND,
            ref_id=case.number,
        )


def case_received(case: Case) -> None:
    with override(_citizen_language(case)):
        subject = _("Your case %(number)s has been received") % {"number": case.number}
        body = _(
            "We have received your case “%(subject)s”.\n\nTicket number: %(number)s\n"
            "The answer is due by %(due)s (15 working days).\nFollow it at %(url)s with the "
            "ticket number and the last 4 digits of your phone.\n\n"
            "Ministry of Commerce service center, hotline 1203"
        ) % {
            "subject": case.subject,
            "number": case.number,
            "due": _due(case),
            "url": _track_url(case),
        }
        sms = _("Case %(number)s received. Follow it at %(url)s — MOC 1203") % {
            "number": case.number,
            "url": _track_url(case),
        }
    _to_citizen(case, "received", subject, body, sms)


def _staff_url(case: Case) -> str:
    return f"{settings.SITE_URL}/cases/{case.number}/"


def case_dispatched(case: Case) -> None:
    if case.agency is None:
        return
    recipients = {case.agency.email}
    if case.officer is not None:
        recipients.add(case.officer.email)
    else:
        recipients |= set(
            User.objects.filter(role=Role.OFFICER, agency=case.agency, is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    with override("th"):
        subject = _("Case %(number)s dispatched to %(agency)s") % {
            "number": case.number,
            "agency": case.agency.code,
        }
        body = _(
            "The director has dispatched case %(number)s “%(subject)s” to your agency.\n"
            "Answer by %(due)s: %(url)s"
        ) % {
            "number": case.number,
            "subject": case.subject,
            "due": _due(case),
            "url": _staff_url(case),
        }
    _to_staff(case, f"dispatched:{case.version}", recipients, subject, body)


def case_answered(case: Case, *, reply: str) -> None:
    with override(_citizen_language(case)):
        subject = _("Your case %(number)s has been answered") % {"number": case.number}
        body = _(
            "Case %(number)s “%(subject)s” has an answer:\n\n%(reply)s\n\nDetails: %(url)s"
        ) % {
            "number": case.number,
            "subject": case.subject,
            "reply": reply,
            "url": _track_url(case),
        }
        sms = _("Case %(number)s has been answered. Details: %(url)s — MOC 1203") % {
            "number": case.number,
            "url": _track_url(case),
        }
    _to_citizen(case, f"answered:{case.version}", subject, body, sms)


def case_overdue(case: Case) -> None:
    recipients = set(
        User.objects.filter(role=Role.DIRECTOR, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if case.agency is not None:
        recipients.add(case.agency.email)
    with override("th"):
        subject = _("Overdue: case %(number)s was due %(due)s") % {
            "number": case.number,
            "due": _due(case),
        }
        body = _("Case %(number)s “%(subject)s” is past its due date %(due)s.\n%(url)s") % {
            "number": case.number,
            "subject": case.subject,
            "due": _due(case),
            "url": _staff_url(case),
        }
    _to_staff(case, f"overdue:{case.due_date.isoformat()}", recipients, subject, body)


# --- webhooks: other systems follow cases (see borikan/webhooks) ---------------------------


def _webhook_case(case: Case) -> dict[str, Any]:
    """What a receiver learns of a case: its state and dates, never the citizen's details."""
    return {
        "number": case.number,
        "kind": case.kind,
        "status": case.status,
        "service": case.service.code,
        "subject": "" if case.anonymous else case.subject,
        "origin": case.origin,
        "origin_ref": case.origin_ref,
        "agency": case.agency.code if case.agency is not None else None,
        "office": case.office.code if case.office is not None else None,
        "received_at": case.received_at.isoformat(),
        "due_date": case.due_date.isoformat(),
        "answered_at": case.answered_at.isoformat() if case.answered_at else None,
        "closed_at": case.closed_at.isoformat() if case.closed_at else None,
        "merged_into": case.merged_into.number if case.merged_into is not None else None,
        "version": case.version,
        "url": _staff_url(case),
    }


def case_webhook_created(case: Case) -> None:
    if not webhooks_want("case.created"):
        return
    event_publish(
        event="case.created",
        event_id=f"case:{case.number}:created",
        payload={"occurred_at": case.received_at.isoformat(), "case": _webhook_case(case)},
    )


def case_webhook_changed(case: Case, event: CaseEvent) -> None:
    if not webhooks_want("case.changed"):
        return
    event_publish(
        event="case.changed",
        event_id=f"case-event:{event.pk}",
        payload={
            "occurred_at": event.created_at.isoformat(),
            "change": {
                "action": event.action,
                "from_status": event.from_status,
                "to_status": event.to_status,
                "public": event.public,
                "by": event.actor_repr,
                # A public reply is what the citizen reads anyway; internal notes stay inside.
                "note": event.note if event.public and event.action in PUBLIC_REPLY else "",
            },
            "case": _webhook_case(case),
        },
    )
