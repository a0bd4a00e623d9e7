"""The service catalogue: the one source of services S1–S8, their steps and standard times.

Guides, forms, step timers, SLA and reports read these rows through `catalog.selectors`; nothing
else may hard-code a step or a duration. Dependency direction: catalog points at core only.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from borikan.catalog.durations import Language, Standard
from borikan.core.models import Agency, BilingualNameMixin, Role

SERVICE_CODE_PATTERN = r"^S[1-9][0-9]?$"


def active_language() -> Language:
    return "en" if (get_language() or "th").startswith("en") else "th"


def pick(th: str, en: str) -> str:
    """The text in the active language; Thai when there is no English one (Thai is official)."""
    return en if active_language() == "en" and en else th


class Channel(BilingualNameMixin):
    """A way citizens reach the ministry: a hotline, a counter, chat, video, the website."""

    code = models.SlugField(
        _("code"),
        max_length=32,
        unique=True,
        help_text=_("Stable identifier used by other modules and the API, e.g. phone_1203."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("channel")
        verbose_name_plural = _("channels")


class Service(BilingualNameMixin):
    """One service of the service center, as the ministry's guides and standards describe it."""

    class Kind(models.TextChoices):
        # The three service types of the service center (seed 002), plus the guides themselves.
        INFORMATION = "information", _("Information and advice")
        VIDEO_CONSULTATION = "video_consultation", _("In-depth consultation by video conference")
        COMPLAINT = "complaint", _("Complaints, grievances and tip-offs")
        PUBLICATION = "publication", _("Publication of service guides")

    code = models.CharField(
        _("code"),
        max_length=4,
        unique=True,
        validators=[
            RegexValidator(SERVICE_CODE_PATTERN, _("Use S followed by a number, e.g. S2."))
        ],
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    summary_th = models.TextField(_("summary (Thai)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    start_th = models.TextField(
        _("starts when (Thai)"),
        blank=True,
        help_text=_("What the citizen does that starts the service: the first box of the flow."),
    )
    start_en = models.TextField(_("starts when (English)"), blank=True)
    channels = models.ManyToManyField(
        Channel, verbose_name=_("channels"), related_name="services", blank=True
    )
    channel_note_th = models.CharField(
        _("channel as the guide writes it (Thai)"), max_length=300, blank=True
    )
    channel_note_en = models.CharField(
        _("channel as the guide writes it (English)"), max_length=300, blank=True
    )
    fee_baht = models.DecimalField(
        _("fee (baht)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("0 for a free service; empty when the guide does not say."),
    )
    fee_th = models.CharField(_("fee as written (Thai)"), max_length=300, blank=True)
    fee_en = models.CharField(_("fee as written (English)"), max_length=300, blank=True)
    issuing_agency = models.ForeignKey(
        Agency,
        verbose_name=_("issuing agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="catalogued_services",
    )
    issuing_unit_th = models.CharField(
        _("issuing unit (Thai)"),
        max_length=300,
        blank=True,
        help_text=_("The unit named on the guide, when it is not simply the agency."),
    )
    issuing_unit_en = models.CharField(_("issuing unit (English)"), max_length=300, blank=True)
    satisfaction_target = models.DecimalField(
        _("satisfaction target (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text=_("Share of satisfied ratings the standard asks for, e.g. 85."),
    )
    remark_th = models.TextField(_("remark (Thai)"), blank=True)
    remark_en = models.TextField(_("remark (English)"), blank=True)
    source_th = models.CharField(_("source document (Thai)"), max_length=500, blank=True)
    source_en = models.CharField(_("source document (English)"), max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def summary(self) -> str:
        return pick(self.summary_th, self.summary_en)

    @property
    def start(self) -> str:
        return pick(self.start_th, self.start_en)

    @property
    def channel_note(self) -> str:
        return pick(self.channel_note_th, self.channel_note_en)

    @property
    def fee(self) -> str:
        return pick(self.fee_th, self.fee_en)

    @property
    def remark(self) -> str:
        return pick(self.remark_th, self.remark_en)

    @property
    def source(self) -> str:
        return pick(self.source_th, self.source_en)

    def issuing_unit_text(self, language: Language) -> str:
        """The unit named on the guide, else the issuing agency's name."""
        if language == "en":
            text = self.issuing_unit_en or self.issuing_unit_th
            agency = self.issuing_agency.name_en if self.issuing_agency else ""
        else:
            text = self.issuing_unit_th
            agency = self.issuing_agency.name_th if self.issuing_agency else ""
        return text or agency

    @property
    def issuing_unit(self) -> str:
        return self.issuing_unit_text(active_language())

    # The properties below walk `steps.all()`, so they cost no query once the steps are
    # prefetched (the selectors do).
    @property
    def ordered_steps(self) -> list[Step]:
        return sorted(self.steps.all(), key=lambda step: (step.order, step.pk or 0))

    @property
    def sla_working_days(self) -> int | None:
        """Working days the service may take to conclude (S2: 15), None when no step counts
        working days."""
        days = [step.working_days for step in self.steps.all() if step.working_days]
        return sum(days) if days else None

    @property
    def standard_total(self) -> Standard:
        """The standard time of a whole service: the unconditional steps' minimum up to every
        step's maximum (S1: 15–21 minutes, as consulting the agency and transferring are
        conditional)."""
        timed = [step for step in self.steps.all() if step.min_seconds is not None]
        if not timed and not self.sla_working_days:
            return Standard()
        low = sum(step.min_seconds or 0 for step in timed if not step.condition_th)
        high = sum(step.max_seconds or 0 for step in timed)
        return Standard(
            min_seconds=low if timed else None,
            max_seconds=high if timed else None,
            working_days=self.sla_working_days,
        )

    @property
    def standard_total_text(self) -> str:
        return self.standard_total.text(language=active_language())


class Step(models.Model):
    """One step of a service with its standard time; later modules time real work against it."""

    class Responsible(models.TextChoices):
        STAFF = "staff", _("Staff")
        CLIENT = "client", _("Service recipient")

    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="steps"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    key = models.SlugField(
        _("key"),
        max_length=40,
        help_text=_("Stable identifier that step timings and reports refer to: never rename it."),
    )
    title_th = models.TextField(_("title (Thai)"))
    title_en = models.TextField(_("title (English)"), blank=True)
    min_seconds = models.PositiveIntegerField(
        _("standard time from (seconds)"),
        null=True,
        blank=True,
        help_text=_("Empty when the standard gives no time for this step."),
    )
    max_seconds = models.PositiveIntegerField(
        _("standard time up to (seconds)"),
        null=True,
        blank=True,
        help_text=_(
            "The end of a range such as 5–20 minutes; the same as the start (or left "
            "empty) for a single time."
        ),
    )
    working_days = models.PositiveSmallIntegerField(
        _("standard time (working days)"),
        null=True,
        blank=True,
        help_text=_("For a step measured in Thai working days, e.g. 15."),
    )
    responsible = models.CharField(
        _("responsible"), max_length=8, choices=Responsible.choices, default=Responsible.STAFF
    )
    role = models.CharField(
        _("staff role"),
        max_length=16,
        choices=Role.choices,
        blank=True,
        help_text=_("The role of the staff member responsible; empty for the recipient's steps."),
    )
    condition_th = models.CharField(
        _("only when (Thai)"),
        max_length=300,
        blank=True,
        help_text=_("For a step taken only in some cases; empty when it is always taken."),
    )
    condition_en = models.CharField(_("only when (English)"), max_length=300, blank=True)
    note_th = models.TextField(_("note (Thai)"), blank=True)
    note_en = models.TextField(_("note (English)"), blank=True)
    answer_within_rings = models.PositiveSmallIntegerField(
        _("answer within (rings)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("For answering a call: the most rings the standard allows (S1: 3)."),
    )
    outside_staff_control = models.BooleanField(
        _("outside staff control"),
        default=False,
        help_text=_("The standard allows not counting this time, e.g. the client checking data."),
    )

    class Meta:
        ordering = ["service", "order", "id"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        constraints = [
            models.UniqueConstraint(fields=["service", "key"], name="catalog_step_unique_key"),
            models.CheckConstraint(
                condition=models.Q(min_seconds__isnull=True, max_seconds__isnull=True)
                | models.Q(min_seconds__lte=models.F("max_seconds")),
                name="catalog_step_min_le_max",
            ),
            models.CheckConstraint(
                condition=models.Q(min_seconds__isnull=True) | models.Q(working_days__isnull=True),
                name="catalog_step_one_unit",
            ),
        ]

    def __str__(self) -> str:
        prefix = f"{self.service.code} " if self.service_id else ""
        return f"{prefix}{self.order}. {self.key}"

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list[str | Promise]] = {}

        def add(field: str, message: str | Promise) -> None:
            errors.setdefault(field, []).append(message)

        if self.min_seconds is not None and self.max_seconds is None:
            # A single time such as "5 minutes" is the range 5–5: readers need no special case.
            self.max_seconds = self.min_seconds
        if self.max_seconds is not None and self.min_seconds is None:
            add("min_seconds", _("Give the start of the range as well."))
        if (
            self.min_seconds is not None
            and self.max_seconds is not None
            and self.min_seconds > self.max_seconds
        ):
            add("max_seconds", _("The end of the range must not be shorter than its start."))
        if self.min_seconds == 0:
            add("min_seconds", _("A standard time must be longer than zero."))
        if self.working_days == 0:
            add("working_days", _("A standard time must be longer than zero."))
        if self.working_days is not None and self.min_seconds is not None:
            add("working_days", _("Give the time either in seconds or in working days, not both."))
        if self.responsible == self.Responsible.STAFF and not self.role:
            add("role", _("Choose the role of the staff member responsible."))
        if self.responsible == self.Responsible.CLIENT and self.role:
            add("role", _("A step of the service recipient has no staff role."))
        if errors:
            raise ValidationError(errors)

    @property
    def title(self) -> str:
        return pick(self.title_th, self.title_en)

    @property
    def condition(self) -> str:
        return pick(self.condition_th, self.condition_en)

    @property
    def note(self) -> str:
        return pick(self.note_th, self.note_en)

    @property
    def standard(self) -> Standard:
        return Standard(
            min_seconds=self.min_seconds,
            max_seconds=self.max_seconds,
            working_days=self.working_days,
        )

    def standard_text(self, language: Language) -> str:
        """ "5 นาที", "5–20 นาที", "30 วินาที", "15 วันทำการ", or "–" when there is none."""
        return self.standard.text(language=language)

    @property
    def standard_th(self) -> str:
        return self.standard_text("th")

    @property
    def standard_en(self) -> str:
        return self.standard_text("en")

    @property
    def standard_display(self) -> str:
        return self.standard_text(active_language())


class ServiceText(models.Model):
    """A line of a service's guide in both languages, kept in the guide's order."""

    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title_th = models.TextField(_("text (Thai)"))
    title_en = models.TextField(_("text (English)"), blank=True)

    class Meta:
        abstract = True
        ordering = ["service", "order", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return pick(self.title_th, self.title_en)


class RequiredDocument(ServiceText):
    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="documents"
    )

    class Meta(ServiceText.Meta):
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")


class LegalBasis(ServiceText):
    """A law or regulation the service rests on."""

    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="laws"
    )

    class Meta(ServiceText.Meta):
        verbose_name = _("law")
        verbose_name_plural = _("laws")
