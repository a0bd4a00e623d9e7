"""The knowledge base (CKS, SPEC S5-S7): articles agents answer from, and the client's basket.

Dependency direction: knowledge points at core, contacts and interactions; nothing in those
apps imports this one except through its services and selectors.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from borikan.core.models import StoredFile


class Audience(models.TextChoices):
    PUBLIC = "public", _("Public")
    INTERNAL = "internal", _("Staff only")


class Status(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("article status", "Draft")
    PUBLISHED = "published", pgettext_lazy("article status", "Published")
    ARCHIVED = "archived", pgettext_lazy("article status", "Archived")


class Language(models.TextChoices):
    THAI = "th", _("Thai")
    ENGLISH = "en", _("English")


class Article(models.Model):
    # The reference of the system it was imported from (the "id" of a JSON Lines record).
    ref = models.CharField(_("reference"), max_length=64, unique=True, null=True, blank=True)
    agency = models.ForeignKey(
        "core.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    topic = models.CharField(_("topic"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("body (Markdown)"), blank=True)
    # The body rendered and sanitised once, on save: pages never render Markdown themselves.
    body_html = models.TextField(editable=False, blank=True)
    tags = models.JSONField(_("tags"), default=list, blank=True)
    source_links = models.JSONField(_("source links"), default=list, blank=True)
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, default=Audience.PUBLIC
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.THAI
    )
    review_by = models.DateField(_("review by"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [
            models.Index(fields=["status", "agency"]),
            models.Index(fields=["review_by"]),
        ]

    def __str__(self) -> str:
        return self.title


class ArticleVersion(models.Model):
    """An article as it was saved, each time: who wrote what, and when."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("body (Markdown)"), blank=True)
    tags = models.JSONField(_("tags"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)

    class Meta:
        ordering = ["article", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="one_article_version")
        ]

    def __str__(self) -> str:
        return f"{self.article_id} v{self.number}"


def _attachment_path(instance: ArticleAttachment, filename: str) -> str:
    # The stored name is ours (a hash and the sniffed extension), never the uploader's.
    return f"kb/{instance.article_id}/{instance.sha256[:16]}{instance.extension}"


class ArticleAttachment(StoredFile):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=_attachment_path, max_length=300)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")


class BasketStatus(models.TextChoices):
    OPEN = "open", _("Being filled")
    CONFIRMED = "confirmed", _("Checked by the client")
    SENT = "sent", _("Sent")


class Basket(models.Model):
    """Articles chosen for one client, checked by the client on screen, then e-mailed."""

    contact = models.ForeignKey(
        "contacts.Contact",
        verbose_name=_("client"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="baskets",
    )
    interaction = models.ForeignKey(
        "interactions.Interaction",
        verbose_name=_("service log entry"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="baskets",
    )
    email = models.EmailField(_("send to e-mail"), blank=True)
    # The client view link sent by SMS carries a secret; only its hash is kept.
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=BasketStatus.choices, default=BasketStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    office = models.ForeignKey(
        "core.Office", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("checked by the client"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    message_id = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("basket")
        verbose_name_plural = _("baskets")
        indexes = [models.Index(fields=["contact", "created_at"])]

    def __str__(self) -> str:
        return f"basket {self.pk}"


class BasketItem(models.Model):
    basket = models.ForeignKey(Basket, on_delete=models.CASCADE, related_name="items")
    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["basket", "article"], name="one_article_per_basket")
        ]

    def __str__(self) -> str:
        return f"{self.basket_id}:{self.article_id}"
