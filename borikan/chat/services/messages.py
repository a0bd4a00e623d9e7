"""Messages: stored (numbered in their conversation) before anyone is told, never twice."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from borikan.chat import push
from borikan.chat.models import Author, CannedAnswer, ChatFile, Conversation, Kind, Message, Status
from borikan.chat.selectors import message_dict
from borikan.chat.services.errors import ChatError
from borikan.core.errors import text_checked
from borikan.core.files import file_check, file_store
from borikan.core.models import User
from borikan.knowledge.render import plain_text
from borikan.knowledge.selectors import article_get_visible

MAX_BODY = 4000
MAX_CLIENT_ID = 64
MAX_FILES_PER_CONVERSATION = 10
# Files in a chat are smaller than a case's: a photo or a document, not an archive.
MAX_FILE_BYTES = 5 * 1024 * 1024
EXCERPT = 400


@dataclass(frozen=True)
class Posted:
    message: Message
    created: bool  # False: this client_id was stored before (a resend), nothing new was told


def _client_id(value: Any) -> str | None:
    if value is None or value == "":
        return None
    client_id = str(value)
    if len(client_id) > MAX_CLIENT_ID or not client_id.isprintable():
        raise ChatError(
            _("The message id is not valid."), code="client_id_invalid", details={"max": 64}
        )
    return client_id


def append(
    conversation: Conversation,
    *,
    author: str,
    body: str = "",
    kind: str = Kind.TEXT,
    data: dict[str, Any] | None = None,
    by: User | None = None,
    client_id: str | None = None,
) -> Message:
    """Numbers and stores one message of a conversation locked by the caller; the push to the
    conversation's sockets goes after the commit."""
    conversation.last_seq += 1
    Conversation.objects.filter(pk=conversation.pk).update(last_seq=conversation.last_seq)
    if author == Author.VISITOR:
        name = conversation.visitor_name
    elif by is not None:
        name = by.first_name or by.display_name
    else:
        name = ""
    message = Message.objects.create(
        conversation=conversation,
        seq=conversation.last_seq,
        client_id=client_id,
        author=author,
        author_user=by if author == Author.AGENT else None,
        author_name=name,
        kind=kind,
        body=body,
        data=data or {},
    )
    push.after_commit(
        [
            push.event(
                push.conversation_group(conversation.public_id),
                "message.created",
                {"conversation": conversation.public_id, "message": message_dict(message)},
            )
        ]
    )
    return message


def _locked_for_writing(
    conversation: Conversation, *, author: str, by: User | None
) -> Conversation:
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    if author == Author.VISITOR:
        if conversation.status not in (Status.QUEUED, Status.ACTIVE):
            raise ChatError(_("This chat has ended."), code="conversation_closed", status=409)
    else:
        if conversation.status != Status.ACTIVE:
            raise ChatError(_("This chat is not open."), code="conversation_closed", status=409)
        if by is None or conversation.agent_id != by.pk:
            raise ChatError(
                _("Another agent is answering this chat."), code="not_your_chat", status=403
            )
    return conversation


@transaction.atomic
def message_post(
    *,
    conversation: Conversation,
    author: str,
    body: str,
    client_id: Any = None,
    by: User | None = None,
) -> Posted:
    """A text from the visitor or the agent. The same client_id again returns the stored
    message (a resend after a reconnect) instead of a second copy."""
    cid = _client_id(client_id)
    if cid is not None:
        stored = Message.objects.filter(conversation=conversation, client_id=cid).first()
        if stored is not None:
            return Posted(message=stored, created=False)
    body = text_checked(body, field="body", label=_("message"), limit=MAX_BODY, error=ChatError)
    conversation = _locked_for_writing(conversation, author=author, by=by)
    if cid is not None:  # a resend that raced the first copy waited for the lock above
        stored = Message.objects.filter(conversation=conversation, client_id=cid).first()
        if stored is not None:
            return Posted(message=stored, created=False)
    message = append(conversation, author=author, body=body, by=by, client_id=cid)
    return Posted(message=message, created=True)


@transaction.atomic
def article_send(
    *, conversation: Conversation, article_id: int, by: User, client_id: Any = None
) -> Posted:
    """A public, published knowledge-base article sent as a card (title, excerpt, links)."""
    cid = _client_id(client_id)
    if cid is not None:
        stored = Message.objects.filter(conversation=conversation, client_id=cid).first()
        if stored is not None:
            return Posted(message=stored, created=False)
    article = article_get_visible(pk=int(article_id), public_only=True)
    if article is None:
        raise ChatError(
            _("This article cannot be sent: it is not published for the public."),
            code="article_unavailable",
            status=404,
        )
    conversation = _locked_for_writing(conversation, author=Author.AGENT, by=by)
    text = plain_text(article.body_html)
    excerpt = text if len(text) <= EXCERPT else text[:EXCERPT].rsplit(" ", 1)[0] + " …"
    data = {
        "article": article.pk,
        "title": article.title,
        "excerpt": excerpt,
        "agency": article.agency.name,
        "links": [str(link) for link in (article.source_links or [])][:5],
    }
    message = append(
        conversation,
        author=Author.AGENT,
        kind=Kind.ARTICLE,
        body=article.title,
        data=data,
        by=by,
        client_id=cid,
    )
    return Posted(message=message, created=True)


@transaction.atomic
def canned_send(
    *, conversation: Conversation, canned_id: int, by: User, client_id: Any = None
) -> Posted:
    canned = CannedAnswer.objects.filter(pk=int(canned_id), is_active=True).first()
    if canned is None:
        raise ChatError(_("This ready answer no longer exists."), code="canned_unknown", status=404)
    return message_post(
        conversation=conversation,
        author=Author.AGENT,
        body=canned.body,
        client_id=client_id,
        by=by,
    )


@transaction.atomic
def file_post(
    *, conversation: Conversation, name: str, data: bytes, author: str, by: User | None = None
) -> Message:
    """A file from the visitor (or agent): checked by its content, at most 5 MB, 10 a chat."""
    if len(data) > MAX_FILE_BYTES:
        raise ChatError(
            _("The file is too large: at most 5 MB."), code="file_too_large", status=413
        )
    kind = file_check(data)
    conversation = _locked_for_writing(conversation, author=author, by=by)
    if conversation.files.count() >= MAX_FILES_PER_CONVERSATION:
        raise ChatError(
            _("This chat already has 10 files: send more by e-mail."),
            code="too_many_files",
            status=409,
        )
    stored = ChatFile(conversation=conversation, author=author)
    file_store(stored, name=name, data=data, kind=kind)
    stored.save()
    return append(
        conversation,
        author=author,
        kind=Kind.FILE,
        body=stored.original_name,
        data={
            "file": stored.pk,
            "name": stored.original_name,
            "size": stored.size,
            "type": stored.content_type,
        },
        by=by,
    )
