"""Rollups: the dashboard's counts per Bangkok day (and per month, summed from the days), office,
agency, service and channel, so a six-month figure over a million interactions reads whole
months' rows and at most two partial months' days instead of half a million records.
Built from the records by `rollups.rollup_rebuild`; days from `RollupState.until` on are always
counted from the records themselves, so a figure is never missing today's work."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    VOLUME = "volume", _("Interactions")  # key: topic
    STEP = "step", _("Timed steps")  # key: service step key; count timed, within
    RATING = "rating", _("Ratings")  # key: source; impressed, satisfied, dissatisfied
    REQUEST = "request", _("Rating requests")  # requests and offers (count)
    RING = "ring", _("Calls")  # key: ring seconds (capped), "missed"; count
    CASE = "case", _("Cases")  # key: origin; count received, concluded, within, open


class Period(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")  # `day` is the month's first day


class DailyCount(models.Model):
    day = models.DateField()
    period = models.CharField(max_length=5, choices=Period.choices, default=Period.DAY)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    # Plain ids (no foreign keys): a rollup row must never block deleting what it counted.
    office_id = models.IntegerField(null=True)
    agency_id = models.IntegerField(null=True)
    service_id = models.IntegerField(null=True)
    channel = models.CharField(max_length=10, blank=True)
    key = models.CharField(max_length=100, blank=True)
    count = models.PositiveIntegerField(default=0)
    within = models.PositiveIntegerField(default=0)
    impressed = models.PositiveIntegerField(default=0)
    satisfied = models.PositiveIntegerField(default=0)
    dissatisfied = models.PositiveIntegerField(default=0)
    concluded = models.PositiveIntegerField(default=0)
    open = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("daily count")
        verbose_name_plural = _("daily counts")
        indexes = [models.Index(fields=["kind", "period", "day"], name="reports_daily_kind_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.kind} {self.key}: {self.count}"


class RollupState(models.Model):
    """How far the rollups reach: every day before `until` is counted in DailyCount."""

    name = models.CharField(max_length=32, primary_key=True)
    until = models.DateField()
    built_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} until {self.until}"
