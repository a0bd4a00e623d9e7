"""Reads of the call log, the caller's card and the callback list."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import QuerySet
from django.db.models.query import EmptyQuerySet
from django.utils.translation import gettext as _

from borikan.cases.selectors import case_open_list_for_contact
from borikan.contacts.identifiers import phone_try_parse
from borikan.contacts.models import Contact
from borikan.contacts.registry import TimelineItem
from borikan.contacts.selectors import contact_get_by_phone, contact_timeline
from borikan.core.models import Role, User
from borikan.telephony.models import Call

GREETING_TH = "ศูนย์บริการกระทรวงพาณิชย์ สวัสดีค่ะ / สวัสดีครับ"


def call_list_visible_to(*, user: User, missed: bool | None = None) -> QuerySet[Call]:
    """Calls of the call center; agency officers see none (they work from cases)."""
    qs = Call.objects.select_related("contact", "agent")
    if user.role == Role.OFFICER and not user.is_administrator:
        return qs.none()
    if missed is True:
        qs = qs.filter(state=Call.State.ENDED, answered_at__isnull=True)
    elif missed is False:
        qs = qs.exclude(state=Call.State.ENDED, answered_at__isnull=True)
    return qs


def callback_list(*, user: User) -> QuerySet[Call]:
    """Missed calls from a real number not yet called back, oldest first."""
    return (
        call_list_visible_to(user=user, missed=True)
        .exclude(caller="")
        .exclude(cause="blocked")
        .filter(callback_done_at__isnull=True)
        .order_by("started_at")
    )


def caller_name_for(*, number: str) -> str:
    """The name the PBX shows on the agent's phone, or "" for an unknown number."""
    contact = contact_get_by_phone(phone=number)
    return contact.display_name if contact is not None else ""


def caller_card(*, call: Call) -> dict[str, Any]:
    """What the agent sees on answering: a returning caller's card or a prefilled new form."""
    contact = call.contact
    phone = phone_try_parse(call.caller) if call.caller else None
    context: dict[str, Any] = {
        "call": call,
        "contact": contact,
        "phone_display": phone.display if phone is not None else call.from_raw,
        "anonymous": not call.caller,
        "timeline": [],
        # What the agent says, in Thai whatever the UI language (seeds 000-002).
        "greeting": GREETING_TH,
    }
    if contact is not None and call.agent is not None:
        context["timeline"] = contact_timeline(contact=contact, user=call.agent, limit=5)
        context["open_cases"] = case_open_list_for_contact(contact_id=contact.pk)
    return context


def caller_card_for_contact(*, contact: Contact, call_id: str, user: User) -> dict[str, Any]:
    """The card after the agent saved a new caller during the call."""
    call = Call.objects.filter(call_id=call_id).first() if call_id else None
    phone = contact.phones.first()
    return {
        "call": call or Call(call_id=call_id),
        "contact": contact,
        "phone_display": phone.display if phone is not None else "",
        "anonymous": False,
        "timeline": contact_timeline(contact=contact, user=user, limit=5),
        "open_cases": case_open_list_for_contact(contact_id=contact.pk),
        "greeting": GREETING_TH,
    }


_CALL_TIMELINE_FIELDS = (
    "started_at", "state", "answered_at", "direction", "hotline",
    "agent__first_name", "agent__last_name", "agent__username",
)  # fmt: skip


def call_timeline(contact_ids: Sequence[int], user: User, limit: int) -> Iterable[TimelineItem]:
    """Timeline provider: the contact's calls."""
    visible = call_list_visible_to(user=user)
    if isinstance(visible, EmptyQuerySet):
        return
    # What an entry shows, without the contact (it is the card's own) and the unused columns:
    # the caller's card asks on every answered call.
    calls = (
        visible.select_related(None)
        .select_related("agent")
        .only(*_CALL_TIMELINE_FIELDS)
        .filter(contact_id__in=contact_ids)[:limit]
    )
    for call in calls:
        if call.is_missed:
            title = _("Missed call")
        elif call.direction == Call.Direction.OUT:
            title = _("Outgoing call")
        else:
            title = _("Call")
        summary = f"{call.hotline} · {call.agent.display_name}" if call.agent else call.hotline
        yield TimelineItem(
            at=call.started_at, kind="call", title=str(title), summary=summary, channel="phone"
        )
