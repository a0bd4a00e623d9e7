"""Applying phone-system events to the call log, and telling the agents (screen pop)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from borikan.contacts.identifiers import phone_try_parse
from borikan.contacts.selectors import contact_get_by_phone
from borikan.core.errors import DomainError
from borikan.core.models import User
from borikan.core.tokens import secret_hash, secret_new
from borikan.surveys.services import SurveyError, keypad_rating_record
from borikan.telephony.models import BlockedNumber, Call, CallEvent, CtiToken
from borikan.telephony.push import AGENTS_GROUP, Push, agent_group, push_all

CTI_TOKEN_PREFIX = "cti_"
EVENTS = ("newCall", "answer", "hangup", "rating")
CAUSES = ("normalClearing", "busy", "cancel", "noAnswer", "congestion", "notFound", "forwarded")


@dataclass(frozen=True)
class CtiEvent:
    """One event in the Generic CTI vocabulary (also what the AMI bridge produces)."""

    event: str
    call_id: str
    from_number: str = ""
    to_number: str = ""
    direction: str = "in"
    users: list[str] = field(default_factory=list)
    queue: str = ""
    answering_number: str = ""
    cause: str = ""
    score: str = ""  # `rating`: the caller's keypad digit, 1 impressed, 2 satisfied, 3 dissatisfied
    payload: dict[str, Any] = field(default_factory=dict)


@transaction.atomic
def cti_token_create(*, name: str) -> tuple[CtiToken, str]:
    name = name.strip()
    if not name or CtiToken.objects.filter(name=name).exists():
        raise DomainError(_("Give the token a new, unused name."), code="bad_name")
    secret, key_hash = secret_new(CTI_TOKEN_PREFIX)
    return CtiToken.objects.create(name=name, prefix=secret[:8], key_hash=key_hash), secret


def cti_token_valid(*, secret: str) -> bool:
    if not secret.startswith(CTI_TOKEN_PREFIX) or len(secret) > 200:
        return False
    return CtiToken.objects.filter(key_hash=secret_hash(secret), revoked_at__isnull=True).exists()


def _caller_of(event: CtiEvent) -> tuple[str, str]:
    """(the citizen's normalised number, the hotline), whichever way the call goes."""
    outside, inside = (
        (event.from_number, event.to_number)
        if event.direction == "in"
        else (event.to_number, event.from_number)
    )
    phone = phone_try_parse(outside)
    caller = phone.value if phone is not None and not phone.is_short_code else ""
    return caller, inside[:20]


def _agent_for(extension: str, users: list[str]) -> User | None:
    if extension:
        agent = User.objects.filter(extension=extension, is_active=True).first()
        if agent is not None:
            return agent
    if len(users) == 1:
        return User.objects.filter(username=users[0], is_active=True).first()
    return None


def _log(call: Call | None, event: CtiEvent, source: str, outcome: str) -> None:
    CallEvent.objects.create(
        call=call, source=source, event=event.event, payload=event.payload, outcome=outcome
    )


def _call_create(
    event: CtiEvent, caller: str, hotline: str, *, find_contact: bool = True, **fields: Any
) -> Call:
    """A new call row from an event: its numbers as the PBX sent them, and who is calling."""
    contact = contact_get_by_phone(phone=caller) if caller and find_contact else None
    return Call.objects.create(
        call_id=event.call_id,
        direction=event.direction,
        from_raw=event.from_number[:64],
        to_raw=event.to_number[:64],
        caller=caller,
        hotline=hotline,
        queue=event.queue[:64],
        contact=contact,
        **fields,
    )


@transaction.atomic
def cti_event_apply(*, event: CtiEvent, source: str = "cti") -> dict[str, str]:
    """Applies one event; returns the response for the PBX (`{}` or a reject).

    Out-of-order and repeated events are absorbed: the raw event is always logged, and the call
    ends up in the state the events describe.
    """
    now = timezone.now()
    call = Call.objects.select_for_update().filter(call_id=event.call_id).first()
    caller, hotline = _caller_of(event)

    if event.event == "rating":
        return _rating_apply(call, event, source)

    if event.event == "newCall":
        if call is not None:
            _log(call, event, source, "duplicate")
            return {}
        if caller and BlockedNumber.objects.filter(number=caller).exists():
            call = _call_create(
                event,
                caller,
                hotline,
                find_contact=False,
                state=Call.State.ENDED,
                cause="blocked",
                started_at=now,
                ended_at=now,
            )
            _log(call, event, source, "rejected")
            return {"action": "reject", "reason": "busy"}
        try:
            with transaction.atomic():
                call = _call_create(
                    event, caller, hotline, ringing_users=event.users[:50], started_at=now
                )
        except IntegrityError:  # the same newCall raced in through another process
            _log(None, event, source, "duplicate")
            return {}
        _log(call, event, source, "applied")
        ringing = call
        transaction.on_commit(lambda: _push_ringing(ringing))
        return {}

    if call is None:
        # answer or hangup for a call we never heard ring: keep it, from now.
        call = _call_create(event, caller, hotline, started_at=now)
        outcome = "created_late"
    else:
        outcome = "applied"

    if event.event == "answer":
        if call.answered_at is not None or call.state == Call.State.ENDED:
            _log(call, event, source, "ignored_duplicate" if call.answered_at else "ignored_ended")
            return {}
        call.answered_at = now
        call.state = Call.State.ANSWERED
        call.answering_number = event.answering_number[:32]
        call.agent = _agent_for(event.answering_number, event.users)
        call.save(update_fields=["answered_at", "state", "answering_number", "agent"])
        _log(call, event, source, outcome)
        answered = call
        transaction.on_commit(lambda: _push_answered(answered))
        return {}

    # hangup
    if call.state == Call.State.ENDED:
        _log(call, event, source, "ignored_duplicate")
        return {}
    call.ended_at = now
    call.state = Call.State.ENDED
    call.cause = event.cause[:32]
    call.save(update_fields=["ended_at", "state", "cause"])
    _log(call, event, source, outcome)
    ended = call
    transaction.on_commit(lambda: _push_ended(ended))
    return {}


def _card_context(call: Call) -> dict[str, Any]:
    from borikan.telephony.selectors import caller_card

    return caller_card(call=call)


def _push_ringing(call: Call) -> None:
    """After the commit: the call and its contact are already loaded by cti_event_apply."""
    data = {
        "call_id": call.call_id,
        "caller": call.caller,
        "hotline": call.hotline,
        "contact_id": call.contact_id,
        "contact_name": call.contact.display_name if call.contact else "",
    }
    html = render_to_string("telephony/_ringing.html", {"call": call})
    targets = (
        list(User.objects.filter(username__in=call.ringing_users).values_list("pk", flat=True))
        if call.ringing_users
        else []
    )
    groups = [agent_group(user_id) for user_id in targets] or [AGENTS_GROUP]
    push_all([(group, "call.ringing", data, html) for group in groups])


def _push_answered(call: Call) -> None:
    """After the commit: the call in hand has its agent (looked up by cti_event_apply); the
    contact is read for the card if there is one."""
    data = {"call_id": call.call_id, "caller": call.caller, "contact_id": call.contact_id}
    pushes: list[Push] = [(AGENTS_GROUP, "call.taken", data, "")]  # others drop the ringing card
    if call.agent_id is not None:
        html = render_to_string("telephony/_card.html", _card_context(call))
        pushes.append((agent_group(call.agent_id), "call.answered", data, html))
    push_all(pushes)


# A call still "ringing" after this long lost its hangup event; it is not shown again.
RESUME_RINGING_WITHIN = dt.timedelta(minutes=5)


def desktop_resume_frames(*, user: User) -> list[dict[str, Any]]:
    """What a desktop that (re)connects has missed and still matters: the calls ringing for
    this agent now, and the caller's card of the call they are in. Sent on every connect, so a
    socket cut by a network or Redis restart picks up where it was."""
    now = timezone.now()
    frames: list[dict[str, Any]] = []
    ringing = Call.objects.filter(
        state=Call.State.RINGING, started_at__gte=now - RESUME_RINGING_WITHIN
    ).select_related("contact")
    for call in ringing.order_by("started_at"):
        if call.ringing_users and user.username not in call.ringing_users:
            continue
        frames.append(
            {
                "event": "call.ringing",
                "data": {"call_id": call.call_id, "caller": call.caller, "resumed": True},
                "html": render_to_string("telephony/_ringing.html", {"call": call}),
            }
        )
    current = (
        Call.objects.filter(agent=user, state=Call.State.ANSWERED)
        .select_related("contact", "agent")
        .order_by("-answered_at")
        .first()
    )
    if current is not None:
        frames.append(
            {
                "event": "call.answered",
                "data": {
                    "call_id": current.call_id,
                    "caller": current.caller,
                    "contact_id": current.contact_id,
                    "resumed": True,
                },
                "html": render_to_string("telephony/_card.html", _card_context(current)),
            }
        )
    return frames


def _push_ended(call: Call) -> None:
    data = {"call_id": call.call_id, "missed": call.is_missed, "cause": call.cause}
    pushes: list[Push] = [(AGENTS_GROUP, "call.ended", data, "")]
    if call.agent_id is not None:
        pushes.append((agent_group(call.agent_id), "call.ended", data, ""))
    push_all(pushes)


def _rating_apply(call: Call | None, event: CtiEvent, source: str) -> dict[str, str]:
    """The keypad rating of a known call, recorded once through the surveys service."""
    if call is None:
        _log(None, event, source, "unknown_call")
        return {}
    if call.survey_score is not None:
        _log(call, event, source, "ignored_duplicate")
        return {}
    try:
        with transaction.atomic():
            response = keypad_rating_record(call=call, score=event.score)
    except SurveyError as exc:
        if exc.code != "already_rated":
            raise
        _log(call, event, source, "already_rated")
        return {}
    call.survey_score = response.score
    call.save(update_fields=["survey_score"])
    _log(call, event, source, "applied")
    return {}


def call_record_survey(*, call_id: str, score: object, source: str = "ami") -> Call | None:
    """The caller's keypad rating after the call (1 impressed, 2 satisfied, 3 dissatisfied);
    raises SurveyError for any other digit."""
    cti_event_apply(
        event=CtiEvent(
            event="rating", call_id=call_id, score=str(score), payload={"score": str(score)}
        ),
        source=source,
    )
    return Call.objects.filter(call_id=call_id).first()


@transaction.atomic
def call_mark_called_back(*, call: Call, by: User) -> Call:
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.callback_done_at is None:
        call.callback_done_at = timezone.now()
        call.callback_by = by
        call.save(update_fields=["callback_done_at", "callback_by"])
    return call


def calls_repoint_contact(source_id: int, target_id: int) -> None:
    """Merge handler: a merged contact's calls belong to the surviving record."""
    Call.objects.filter(contact_id=source_id).update(contact_id=target_id)
