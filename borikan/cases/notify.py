"""What a case tells people, through the notifications outbox (sent after the commit, retried,
never twice: each message has a dedupe key of case, event and recipient)."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from borikan.cases.models import Case
from borikan.core.models import Role, User
from borikan.core.thai import format_date
from borikan.notifications.services import message_queue

REF_KIND = "case"


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
