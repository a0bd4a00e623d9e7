"""Live chat (SPEC S7): a website visitor's conversation with agents, message by message.

Dependency direction: chat points at core, catalog, contacts, interactions, cases and knowledge;
none of them imports chat (the contact timeline reaches it through contacts.registry).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from borikan.core.models import StoredFile


class Status(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("chat status", "Waiting in the queue")
    ACTIVE = "active", pgettext_lazy("chat status", "With an agent")
    CLOSED = "closed", pgettext_lazy("chat status", "Closed")
    OFFLINE = "offline", pgettext_lazy("chat status", "Outside service hours")


class Conversation(models.Model):
    # What the widget and the API name a conversation by (never the sequential id).
    public_id = models.CharField(max_length=32, unique=True)
    # The visitor's bearer secret for this conversation only, stored as its SHA-256.
    token_hash = models.CharField(max_length=64)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    # The topic the visitor picked: a catalogue service and/or an agency (its queue).
    service = models.ForeignKey(
        "catalog.Service",
        verbose_name=_("service"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    agency = models.ForeignKey(
        "core.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    visitor_name = models.CharField(_("name"), max_length=200)
    visitor_phone = models.CharField(_("phone"), max_length=20, blank=True)
    visitor_email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(_("language"), max_length=2, default="th")
    consent_notice = models.CharField(_("PDPA notice version accepted"), max_length=20)
    consent_at = models.DateTimeField(_("PDPA notice accepted"))
    origin = models.CharField(_("website"), max_length=200, blank=True)
    contact = models.ForeignKey(
        "contacts.Contact",
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The next message's number in this conversation (a visitor resumes after the last seen).
    last_seq = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(_("started"), db_index=True)
    queued_at = models.DateTimeField(_("queued"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.CharField(_("closed by"), max_length=10, blank=True)
    interaction = models.ForeignKey(
        "interactions.Interaction",
        verbose_name=_("service log entry"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("chat conversation")
        verbose_name_plural = _("chat conversations")
        indexes = [
            models.Index(fields=["status", "queued_at"], name="chat_queue"),
            models.Index(fields=["agent", "status"], name="chat_agent"),
            models.Index(fields=["contact", "started_at"], name="chat_contact"),
        ]

    def __str__(self) -> str:
        return f"{self.public_id} {self.visitor_name}"

    @property
    def is_open(self) -> bool:
        return self.status in (Status.QUEUED, Status.ACTIVE)


class Author(models.TextChoices):
    VISITOR = "visitor", _("Visitor")
    AGENT = "agent", _("Agent")
    SYSTEM = "system", _("System")


class Kind(models.TextChoices):
    TEXT = "text", _("Text")
    SCRIPT = "script", _("Script")
    ARTICLE = "article", _("Knowledge-base article")
    FILE = "file", _("File")
    EVENT = "event", _("Event")


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    seq = models.PositiveIntegerField()
    # The sender's own id for the message: a resend after a reconnect finds the stored one.
    client_id = models.CharField(max_length=64, null=True, blank=True)
    author = models.CharField(_("from"), max_length=8, choices=Author.choices)
    author_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.TEXT)
    body = models.TextField(_("text"), blank=True)
    # A card's content as sent (article title, excerpt, links; a file's name and size).
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        ordering = ["conversation", "seq"]
        verbose_name = _("chat message")
        verbose_name_plural = _("chat messages")
        constraints = [
            models.UniqueConstraint(fields=["conversation", "seq"], name="chat_message_seq"),
            models.UniqueConstraint(
                fields=["conversation", "client_id"],
                name="chat_message_client_id",
                condition=Q(client_id__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.conversation_id}#{self.seq}"


def _attachment_path(instance: ChatFile, filename: str) -> str:
    return f"chat/{instance.conversation.public_id}/{instance.sha256[:16]}{instance.extension}"


class ChatFile(StoredFile):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=_attachment_path, max_length=300)
    author = models.CharField(max_length=8, choices=Author.choices)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("chat file")
        verbose_name_plural = _("chat files")


class CannedAnswer(models.Model):
    """A ready answer agents send with one click; the welcome script is one of them."""

    title = models.CharField(_("title"), max_length=100)
    body = models.TextField(_("text"))
    agency = models.ForeignKey(
        "core.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: offered for every topic."),
    )
    is_welcome = models.BooleanField(
        _("welcome script"), default=False, help_text=_("Sent by itself when an agent accepts.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "title", "id"]
        verbose_name = _("canned answer")
        verbose_name_plural = _("canned answers")

    def __str__(self) -> str:
        return self.title


class AgentPresence(models.Model):
    """Which agents have the chat console open (any process): `sockets` open, last seen."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    sockets = models.IntegerField(default=0)
    seen_at = models.DateTimeField()

    class Meta:
        verbose_name = _("agent presence")
        verbose_name_plural = _("agent presence")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.sockets}"
