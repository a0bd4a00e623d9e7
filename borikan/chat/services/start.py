"""A visitor starts a chat: checked form, PDPA notice, contact matched or created, queue or
offline; out of hours the visitor's message becomes an inquiry case with a ticket number."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from borikan.cases.services import case_open
from borikan.catalog.selectors import service_ref
from borikan.chat import push
from borikan.chat.models import Author, Conversation, Kind, Message, Status
from borikan.chat.selectors import TOPIC_SERVICES, chat_availability, topic_label
from borikan.chat.services.errors import ChatError
from borikan.chat.services.queue import queue_pushes
from borikan.contacts.identifiers import phone_try_parse
from borikan.contacts.models import Contact
from borikan.contacts.selectors import contact_get_by_email, contact_get_by_phone
from borikan.contacts.services import contact_create, contact_record_consent
from borikan.core.errors import interpolate, text_checked
from borikan.core.models import Agency
from borikan.core.tokens import secret_new

# The PDPA notice the widget shows; a new wording gets a new version.
PDPA_NOTICE_VERSION = "chat-2026-1"
CONSENT_PURPOSE = "chat"
MAX_NAME = 200
MAX_OFFLINE_MESSAGE = 4000


@dataclass(frozen=True)
class Started:
    conversation: Conversation
    token: str  # shown to the visitor's browser once, stored hashed


def _split_name(name: str) -> dict[str, str]:
    first, _sep, last = name.partition(" ")
    thai = any("\u0e00" <= ch <= "\u0e7f" for ch in name)
    if thai or not name.isascii():
        return {"first_name_th": first[:100], "last_name_th": last.strip()[:100]}
    return {"first_name_en": first[:100], "last_name_en": last.strip()[:100]}


def contact_for_visitor(*, name: str, phone: str, email: str) -> Contact:
    """The contact this visitor is (by phone, then e-mail), or a new one from the form."""
    found = (contact_get_by_phone(phone=phone) if phone else None) or (
        contact_get_by_email(email=email) if email else None
    )
    if found is not None:
        contact_record_consent(
            contact=found,
            purpose=CONSENT_PURPOSE,
            notice_version=PDPA_NOTICE_VERSION,
            granted=True,
            channel="chat",
            by=None,
        )
        return found
    return contact_create(
        by=None,
        phones=[phone] if phone else [],
        email=email,
        consent_purposes=[CONSENT_PURPOSE],
        notice_version=PDPA_NOTICE_VERSION,
        channel="chat",
        **_split_name(name),
    )


def _checked_phone(phone: str) -> str:
    phone = (phone or "").strip()
    if not phone:
        return ""
    parsed = phone_try_parse(phone[:30])
    if parsed is None or parsed.is_short_code:
        raise ChatError(
            _("This phone number is not valid: check the digits."),
            code="phone_invalid",
            details={"field": "phone"},
        )
    return parsed.value


def _checked_email(email: str) -> str:
    email = (email or "").strip().lower()
    if not email:
        return ""
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ChatError(
            _("This e-mail address is not valid."),
            code="email_invalid",
            details={"field": "email"},
        ) from exc
    return email


def _topic(service_code: str, agency_code: str) -> tuple[str, Agency | None]:
    service_code = (service_code or "").strip().upper()
    agency_code = (agency_code or "").strip().upper()
    if service_code and service_code not in TOPIC_SERVICES:
        raise ChatError(
            _("Choose a topic from the list."), code="topic_invalid", details={"field": "service"}
        )
    agency = None
    if agency_code:
        agency = Agency.objects.filter(code=agency_code, is_active=True).first()
        if agency is None:
            raise ChatError(
                _("Choose an agency from the list."),
                code="agency_invalid",
                details={"field": "agency"},
            )
    if not service_code and agency is None:
        raise ChatError(
            _("Choose what you would like to ask about."),
            code="topic_required",
            details={"field": "service"},
        )
    return service_code, agency


@transaction.atomic
def conversation_start(
    *,
    name: str,
    service_code: str = "",
    agency_code: str = "",
    phone: str = "",
    email: str = "",
    consent: bool = False,
    language: str = "th",
    origin: str = "",
    now: dt.datetime | None = None,
) -> Started:
    """Opens a conversation from the pre-chat form: queued when an agent can answer, else
    offline (the visitor may leave a message)."""
    name = text_checked(name, field="name", label=_("name"), limit=MAX_NAME, error=ChatError)
    phone, email = _checked_phone(phone), _checked_email(email)
    code, agency = _topic(service_code, agency_code)
    if consent is not True:
        raise ChatError(
            _("Please read the personal data notice and accept it to chat."),
            code="consent_required",
            details={"field": "consent"},
        )
    now = now or timezone.now()
    available = chat_availability(now=now)
    token, token_hash = secret_new("bkc_")
    conversation = Conversation.objects.create(
        public_id=secrets.token_hex(12),
        token_hash=token_hash,
        status=Status.QUEUED if available.open else Status.OFFLINE,
        service=service_ref(code=code) if code else None,
        agency=agency,
        visitor_name=name,
        visitor_phone=phone,
        visitor_email=email,
        language="en" if language == "en" else "th",
        consent_notice=PDPA_NOTICE_VERSION,
        consent_at=now,
        origin=(origin or "")[:200],
        contact=contact_for_visitor(name=name, phone=phone, email=email),
        started_at=now,
        queued_at=now if available.open else None,
    )
    if available.open:
        push.after_commit(queue_pushes())
    return Started(conversation=conversation, token=token)


@transaction.atomic
def conversation_leave_message(*, conversation: Conversation, body: str) -> Conversation:
    """Out of hours: the visitor's message becomes an inquiry case; its ticket number is told."""
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    if conversation.status != Status.OFFLINE:
        raise ChatError(
            _("An agent can answer now: send your message in the chat."), code="not_offline"
        )
    if conversation.case_id:
        raise ChatError(
            _("Your message has already been received."), code="already_left", status=409
        )
    body = text_checked(
        body, field="body", label=_("message"), limit=MAX_OFFLINE_MESSAGE, error=ChatError
    )
    opened = case_open(
        by=None,
        actor_repr="chat",
        kind="followup",
        subject=str(
            interpolate(_("Chat message out of hours: %(topic)s"), topic=topic_label(conversation))
        )[:300],
        description=body,
        origin="chat",
        origin_ref=conversation.public_id,
        service_code=conversation.service.code if conversation.service else "S1",
        contact=conversation.contact,
        email=conversation.visitor_email,
    )
    # Routing to the agency is the director's step (S2), as for every case.
    conversation.case = opened.case
    conversation.last_seq += 1
    conversation.closed_at = timezone.now()
    conversation.closed_by = Author.VISITOR
    conversation.save(update_fields=["case", "last_seq", "closed_at", "closed_by"])
    Message.objects.create(
        conversation=conversation,
        seq=conversation.last_seq,
        author=Author.VISITOR,
        author_name=conversation.visitor_name,
        kind=Kind.TEXT,
        body=body,
    )
    return conversation
