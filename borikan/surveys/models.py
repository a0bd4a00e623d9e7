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
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=3), name="response_score_1_to_3"
            ),
        ]
        indexes = [models.Index(fields=["channel", "responded_at"])]

    def __str__(self) -> str:
        return f"{self.get_score_display()} ({self.get_channel_display()})"

    @property
    def satisfied(self) -> bool:
        return self.score in (Score.IMPRESSED, Score.SATISFIED)
