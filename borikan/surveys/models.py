"""Satisfaction ratings: 1 impressed, 2 satisfied, 3 dissatisfied (seed 003), from every channel."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from borikan.interactions.models import Channel


class Score(models.IntegerChoices):
    IMPRESSED = 1, _("Impressed")
    SATISFIED = 2, _("Satisfied")
    DISSATISFIED = 3, _("Dissatisfied")


class Source(models.TextChoices):
    KEYPAD = "keypad", _("Phone keypad")
    CHAT = "chat", _("Chat")
    COUNTER = "counter", _("Counter tablet")
    LINK = "link", _("Link by e-mail or SMS")
    WEB = "web", _("Website")


class Via(models.TextChoices):
    EMAIL = "email", _("E-mail link")
    SMS = "sms", _("SMS link")
    COUNTER = "counter", _("Counter tablet")


class SurveyRequest(models.Model):
    """A client asked to rate a service: a signed single-use link sent by e-mail or SMS, or the
    counter tablet opened for one interaction. Response rate = responses / requests."""

    uid = models.CharField(max_length=32, unique=True, editable=False)
    via = models.CharField(_("asked by"), max_length=8, choices=Via.choices)
    recipient = models.CharField(_("recipient"), max_length=254, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    interaction = models.ForeignKey(
        "interactions.Interaction",
        verbose_name=_("interaction"),
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
    # Copied from what is rated, as on the response.
    service = models.ForeignKey(
        "catalog.Service", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agency = models.ForeignKey(
        "core.Agency", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    office = models.ForeignKey(
        "core.Office", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("asked"), db_index=True)
    expires_at = models.DateTimeField(_("expires"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("satisfaction request")
        verbose_name_plural = _("satisfaction requests")
        indexes = [models.Index(fields=["channel", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_via_display()} {self.created_at:%Y-%m-%d}"


class SurveyResponse(models.Model):
    """One client's rating of one service; tied to the interaction or case it rates."""

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    score = models.PositiveSmallIntegerField(_("rating"), choices=Score.choices)
    comment = models.TextField(_("comment"), blank=True)
    interaction = models.ForeignKey(
        "interactions.Interaction",
        verbose_name=_("interaction"),
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
    # Copied from what is rated, so reports group without joins and survive its erasure.
    service = models.ForeignKey(
        "catalog.Service",
        verbose_name=_("service"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    agency = models.ForeignKey(
        "core.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    office = models.ForeignKey(
        "core.Office",
        verbose_name=_("office"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The link or tablet request answered (single use), and the call rated by keypad.
    request = models.OneToOneField(
        SurveyRequest,
        verbose_name=_("request"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="response",
    )
    call = models.ForeignKey(
        "telephony.Call",
        verbose_name=_("call"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    responded_at = models.DateTimeField(_("responded"), db_index=True)

    class Meta:
        ordering = ["-responded_at"]
        verbose_name = _("satisfaction response")
        verbose_name_plural = _("satisfaction responses")
        constraints = [
            models.UniqueConstraint(
                fields=["interaction"],
                condition=models.Q(interaction__isnull=False),
                name="one_response_per_interaction",
            ),
            models.UniqueConstraint(
                fields=["call"],
                condition=models.Q(call__isnull=False),
                name="one_response_per_call",
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=3), name="response_score_1_to_3"
            ),
        ]
        indexes = [
            models.Index(fields=["channel", "responded_at"]),
            models.Index(fields=["office", "responded_at"]),
            models.Index(fields=["agency", "responded_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_score_display()} ({self.get_channel_display()})"

    @property
    def satisfied(self) -> bool:
        return self.score in (Score.IMPRESSED, Score.SATISFIED)
