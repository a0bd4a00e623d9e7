"""A conversation's life after the visitor starts it: accepted, transferred, closed (into the
service log), rated, e-mailed, turned into a case; and which agents are online."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from borikan.cases.models import Case
from borikan.cases.services import case_open
from borikan.chat import push
from borikan.chat.models import AgentPresence, Author, Conversation, Kind, Status
from borikan.chat.selectors import (
    agents_online,
    conversation_list_visible_to,
    may_answer,
    topic_label,
    transcript_text,
    welcome_script,
)
from borikan.chat.services.errors import ChatError
from borikan.chat.services.messages import append
from borikan.chat.services.queue import queue_pushes
from borikan.chat.services.start import _checked_email
from borikan.core.errors import interpolate, text_checked
from borikan.core.models import Agency, User
from borikan.interactions.models import Outcome
from borikan.interactions.services import interaction_log
from borikan.notifications.services import message_queue
from borikan.surveys.services import response_record

CASE_KINDS = ("complaint", "grievance", "tipoff", "followup")


def _status_push(conversation: Conversation, **extra: Any) -> push.Push:
    return push.event(
        push.conversation_group(conversation.public_id),
        "conversation.status_changed",
        {
            "conversation": conversation.public_id,
            "status": conversation.status,
            "agent": conversation.agent.first_name or conversation.agent.display_name
            if conversation.agent_id and conversation.agent
            else None,
            **extra,
        },
    )


def _system(conversation: Conversation, text: Any, **data: Any) -> None:
    """An event line in the conversation, in the visitor's language."""
    with override(conversation.language):
        body = str(text)
    append(conversation, author=Author.SYSTEM, kind=Kind.EVENT, body=body, data=data)


def _locked_visible(conversation: Conversation, by: User) -> Conversation:
    if not may_answer(user=by):
        raise ChatError(_("Only chat staff can do this."), code="forbidden", status=403)
    visible = conversation_list_visible_to(user=by).select_for_update(of=("self",))
    locked = visible.filter(pk=conversation.pk).first()
    if locked is None:
        raise ChatError(_("This chat is not in your queues."), code="not_found", status=404)
    return locked


def _check_answering(conversation: Conversation, by: User) -> None:
    if conversation.status != Status.ACTIVE:
        raise ChatError(_("This chat is not open."), code="conversation_closed", status=409)
    if conversation.agent_id != by.pk and not (by.is_administrator or by.sees_everything):
        raise ChatError(
            _("Another agent is answering this chat."), code="not_your_chat", status=403
        )


@transaction.atomic
def conversation_accept(*, conversation: Conversation, by: User) -> Conversation:
    """The agent takes a waiting chat; the welcome script goes to the visitor at once."""
    conversation = _locked_visible(conversation, by)
    if conversation.status != Status.QUEUED:
        raise ChatError(
            _("Another agent has already taken this chat."), code="already_taken", status=409
        )
    conversation.status, conversation.agent = Status.ACTIVE, by
    conversation.accepted_at = conversation.accepted_at or timezone.now()
    conversation.save(update_fields=["status", "agent", "accepted_at"])
    _system(
        conversation,
        interpolate(_("%(agent)s has joined the chat."), agent=by.first_name or by.display_name),
    )
    append(
        conversation,
        author=Author.AGENT,
        kind=Kind.SCRIPT,
        body=welcome_script(conversation=conversation, agent=by),
        by=by,
    )
    push.after_commit(
        [
            _status_push(conversation),
            push.event(
                push.conversation_group(conversation.public_id),
                "presence.update",
                {"role": "agent", "online": True, "name": by.first_name or by.display_name},
            ),
            push.control(
                push.agent_group(by.pk), "chat.assigned", conversation=conversation.public_id
            ),
            *queue_pushes(),
        ]
    )
    return conversation


@transaction.atomic
def conversation_transfer(
    *,
    conversation: Conversation,
    by: User,
    to_agent: User | None = None,
    to_agency: Agency | None = None,
) -> Conversation:
    """Hands the chat to another online agent, or back to the queue of another agency."""
    conversation = _locked_visible(conversation, by)
    _check_answering(conversation, by)
    previous = conversation.agent_id
    pushes: list[push.Push] = []
    if to_agent is not None:
        if to_agent.pk == previous:
            raise ChatError(_("This chat is already yours."), code="same_agent")
        if not may_answer(user=to_agent) or not agents_online().filter(user=to_agent).exists():
            raise ChatError(
                _("This agent is not online in the chat console."),
                code="agent_offline",
                details={"field": "agent"},
            )
        conversation.agent = to_agent
        conversation.save(update_fields=["agent"])
        _system(
            conversation,
            interpolate(
                _("Your chat was passed to %(agent)s."),
                agent=to_agent.first_name or to_agent.display_name,
            ),
        )
        pushes.append(
            push.control(
                push.agent_group(to_agent.pk), "chat.assigned", conversation=conversation.public_id
            )
        )
    elif to_agency is not None:
        conversation.agency, conversation.agent = to_agency, None
        conversation.status, conversation.queued_at = Status.QUEUED, timezone.now()
        conversation.save(update_fields=["agency", "agent", "status", "queued_at"])
        with override(conversation.language):
            name = to_agency.name
        _system(
            conversation,
            interpolate(_("Your chat was passed to the queue of %(agency)s."), agency=name),
        )
        pushes.extend(queue_pushes())
    else:
        raise ChatError(_("Choose an agent or an agency."), code="transfer_target")
    if previous:
        pushes.append(
            push.control(
                push.agent_group(previous), "chat.released", conversation=conversation.public_id
            )
        )
    pushes.insert(0, _status_push(conversation))
    push.after_commit(pushes)
    return conversation


def _default_subject(conversation: Conversation) -> str:
    first = (
        conversation.messages.filter(author=Author.VISITOR, kind=Kind.TEXT)
        .order_by("seq")
        .values_list("body", flat=True)
        .first()
    )
    subject = str(interpolate(_("Chat: %(topic)s"), topic=topic_label(conversation)))
    if first:
        subject += f" – {first[:120]}"
    return subject[:300]


@transaction.atomic
def conversation_close(
    *,
    conversation: Conversation,
    by: User | None,
    subject: str = "",
    notes: str = "",
) -> Conversation:
    """Ends the chat (the agent, or the visitor when `by` is None). A chat an agent answered
    becomes an interaction on the contact's timeline; then the visitor may rate it."""
    if by is not None:
        conversation = _locked_visible(conversation, by)
        _check_answering(conversation, by)
    else:
        conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
        if conversation.status == Status.CLOSED:
            return conversation
    was_queued = conversation.status == Status.QUEUED
    subject = text_checked(
        subject, field="subject", label=_("subject"), limit=300, required=False, error=ChatError
    )
    now = timezone.now()
    if conversation.status == Status.ACTIVE and conversation.agent_id:
        agent = conversation.agent
        assert agent is not None
        interaction = interaction_log(
            staff=agent,
            channel="chat",
            service_code=conversation.service.code if conversation.service else "S7",
            subject=subject or _default_subject(conversation),
            contact=conversation.contact,
            agency=conversation.agency,
            notes=(notes or "")[:5000] or f"chat {conversation.public_id}",
            outcome=Outcome.CASE_OPENED if conversation.case_id else Outcome.ANSWERED,
            started_at=conversation.accepted_at or conversation.started_at,
            ended_at=now,
        )
        conversation.interaction = interaction
    previous = conversation.agent_id
    conversation.status, conversation.closed_at = Status.CLOSED, now
    conversation.closed_by = Author.AGENT if by is not None else Author.VISITOR
    conversation.save(update_fields=["status", "closed_at", "closed_by", "interaction"])
    _system(
        conversation,
        _("The chat has ended. Thank you for contacting the Ministry of Commerce."),
    )
    pushes = [_status_push(conversation, can_rate=conversation.interaction_id is not None)]
    if previous:
        pushes.append(
            push.control(
                push.agent_group(previous), "chat.ended", conversation=conversation.public_id
            )
        )
    if was_queued:
        pushes.extend(queue_pushes())
    push.after_commit(pushes)
    return conversation


@transaction.atomic
def conversation_rate(*, conversation: Conversation, score: object, comment: str = "") -> int:
    """The visitor's 1/2/3 rating of a chat an agent answered, recorded by the surveys app."""
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    if conversation.status != Status.CLOSED or conversation.interaction is None:
        raise ChatError(
            _("You can rate the chat once an agent has answered it and it has ended."),
            code="nothing_to_rate",
            status=409,
        )
    response = response_record(
        channel="chat",
        source="chat",
        score=score,
        comment=comment,
        interaction=conversation.interaction,
    )
    conversation.rating = response.score
    conversation.save(update_fields=["rating"])
    rated = {"conversation": conversation.public_id, "rating": response.score}
    groups = [push.conversation_group(conversation.public_id)]
    if conversation.agent_id:  # the agent's console left the conversation when it closed
        groups.append(push.agent_group(conversation.agent_id))
    push.after_commit([push.event(group, "conversation.rated", rated) for group in groups])
    return response.score


@transaction.atomic
def conversation_transcript_send(*, conversation: Conversation, email: str = "") -> str:
    """Queues the transcript so far to the visitor's e-mail (through the outbox); returns it."""
    address = _checked_email(email) or conversation.visitor_email
    if not address:
        raise ChatError(
            _("Give the e-mail address to send the transcript to."),
            code="email_required",
            details={"field": "email"},
        )
    conversation = Conversation.objects.get(pk=conversation.pk)
    with override(conversation.language):
        subject = str(_("Your chat with the Ministry of Commerce service center"))
    message_queue(
        channel="email",
        recipient=address,
        subject=subject,
        body=transcript_text(conversation=conversation),
        dedupe_key=f"chat:{conversation.public_id}:{conversation.last_seq}:{address}",
        ref_kind="chat",
        ref_id=conversation.public_id,
    )
    return address


@transaction.atomic
def conversation_case_open(
    *, conversation: Conversation, by: User, kind: str = "complaint", subject: str = ""
) -> Case:
    """Opens a case from the chat in one action (the transcript as its description) and tells
    the visitor the ticket number."""
    conversation = _locked_visible(conversation, by)
    if conversation.case_id:
        raise ChatError(_("A case is already open for this chat."), code="case_exists", status=409)
    if kind not in CASE_KINDS:
        raise ChatError(_("Choose the kind of case."), code="kind_invalid")
    opened = case_open(
        by=by,
        kind=kind,
        subject=(subject or _default_subject(conversation))[:300],
        description=transcript_text(conversation=conversation)[:10_000],
        origin="chat",
        origin_ref=conversation.public_id,
        service_code="S2" if kind != "followup" else "S1",
        contact=conversation.contact,
        email=conversation.visitor_email,
        interaction_id=conversation.interaction_id,
    )
    conversation.case = opened.case
    conversation.save(update_fields=["case"])
    if conversation.status in (Status.QUEUED, Status.ACTIVE):
        _system(
            conversation,
            interpolate(
                _("Your case number is %(number)s: follow it on the website with this number."),
                number=opened.case.number,
            ),
            case=opened.case.number,
        )
    return opened.case


def presence_connect(*, user: User) -> int:
    """One more console of `user` is open; returns how many agents are online."""
    with transaction.atomic():
        now = timezone.now()
        AgentPresence.objects.get_or_create(user=user, defaults={"sockets": 0, "seen_at": now})
        AgentPresence.objects.filter(user=user).update(sockets=F("sockets") + 1, seen_at=now)
    return agents_online().count()


def presence_disconnect(*, user: User) -> int:
    with transaction.atomic():
        AgentPresence.objects.filter(user=user, sockets__gt=0).update(sockets=F("sockets") - 1)
    return agents_online().count()


def presence_seen(*, user: User) -> None:
    with transaction.atomic():
        AgentPresence.objects.filter(user=user).update(seen_at=timezone.now())


def conversations_repoint_contact(source_id: int, target_id: int) -> None:
    """Merge handler: a merged contact's chats belong to the surviving record."""
    Conversation.objects.filter(contact_id=source_id).update(contact_id=target_id)
