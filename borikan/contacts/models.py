"""Citizens and businesses the service center serves, their phones and their PDPA consents."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from borikan.contacts.identifiers import phone_parse, thai_id_format


class ClientLevel(models.TextChoices):
    """Readiness classification asked for in SPEC S5/S6 (see docs/contacts.md)."""

    UNKNOWN = "", _("Not yet classified")
    INTERESTED = "interested", _("Level 1 – interested, no business yet")
    STARTER = "starter", _("Level 2 – new business, selling at home")
    READY = "ready", _("Level 3 – ready to export, not yet exporting")
    EXPORTER = "exporter", _("Level 4 – exporting, wants new markets")


class LawfulBasis(models.TextChoices):
    """PDPA B.E. 2562 section 24 bases for processing a contact's personal data."""

    CONSENT = "consent", _("Consent (section 19)")
    CONTRACT = "contract", _("Contract or request of the data subject (s. 24(3))")
    LEGAL_OBLIGATION = "legal_obligation", _("Legal obligation (s. 24(6))")
    PUBLIC_TASK = "public_task", _("Public task of the state (s. 24(4))")
    VITAL_INTEREST = "vital_interest", _("Vital interest (s. 24(2))")
    LEGITIMATE_INTEREST = "legitimate_interest", _("Legitimate interest (s. 24(5))")


class Contact(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        BUSINESS = "business", _("Business")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.PERSON)
    title_th = models.CharField(
        _("title"), max_length=50, blank=True, help_text=_("นาย, นาง, นางสาว, ดร. …")
    )
    first_name_th = models.CharField(_("first name (Thai)"), max_length=100, blank=True)
    last_name_th = models.CharField(_("last name (Thai)"), max_length=100, blank=True)
    first_name_en = models.CharField(_("first name (English)"), max_length=100, blank=True)
    last_name_en = models.CharField(_("last name (English)"), max_length=100, blank=True)
    business_name_th = models.CharField(_("business name (Thai)"), max_length=200, blank=True)
    business_name_en = models.CharField(_("business name (English)"), max_length=200, blank=True)
    national_id = models.CharField(_("national ID"), max_length=13, blank=True, db_index=True)
    juristic_id = models.CharField(_("juristic ID"), max_length=13, blank=True, db_index=True)
    passport_no = models.CharField(
        _("passport or identity certificate no."), max_length=30, blank=True, db_index=True
    )
    nationality = models.CharField(
        _("nationality"),
        max_length=2,
        blank=True,
        help_text=_("Two-letter country code, e.g. TH, LA, MM."),
    )
    email = models.EmailField(_("e-mail"), blank=True, db_index=True)
    province = models.ForeignKey(
        "core.Province",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    address = models.TextField(_("address"), blank=True)
    level = models.CharField(
        _("client level"),
        max_length=16,
        choices=ClientLevel.choices,
        default=ClientLevel.UNKNOWN,
        blank=True,
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=2,
        default="th",
        choices=[("th", "ไทย"), ("en", "English")],
    )
    lawful_basis = models.CharField(
        _("lawful basis (PDPA)"),
        max_length=24,
        choices=LawfulBasis.choices,
        default=LawfulBasis.PUBLIC_TASK,
    )
    notes = models.TextField(_("notes"), blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set when the person's data was erased on their request (PDPA section 33): the record
    # stays, without anything that identifies them, so that statistics still count it.
    erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [
            # One live record per ID; a merged-away record keeps its ID for history.
            models.UniqueConstraint(
                fields=["national_id"],
                name="contact_unique_national_id",
                condition=~Q(national_id="") & Q(merged_into__isnull=True),
            ),
            models.UniqueConstraint(
                fields=["juristic_id"],
                name="contact_unique_juristic_id",
                condition=~Q(juristic_id="") & Q(merged_into__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.kind == self.Kind.BUSINESS and (self.business_name_th or self.business_name_en):
            return self.business_name_th or self.business_name_en
        thai = " ".join(p for p in (self.title_th + self.first_name_th, self.last_name_th) if p)
        english = " ".join(p for p in (self.first_name_en, self.last_name_en) if p)
        return thai or english or str(_("(no name)"))

    @property
    def national_id_display(self) -> str:
        return thai_id_format(self.national_id)

    @property
    def is_merged(self) -> bool:
        return self.merged_into_id is not None


class ContactPhone(models.Model):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(
        _("number"),
        max_length=20,
        db_index=True,
        help_text=_("E.164 (+66812345678) or a hotline short code."),
    )
    kind = models.CharField(_("kind"), max_length=16, default="mobile")
    label = models.CharField(_("label"), max_length=50, blank=True)
    is_primary = models.BooleanField(_("primary"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-is_primary", "id"]
        verbose_name = _("phone")
        verbose_name_plural = _("phones")
        constraints = [
            models.UniqueConstraint(fields=["contact", "number"], name="contact_phone_once"),
        ]

    def __str__(self) -> str:
        return self.display

    @property
    def display(self) -> str:
        try:
            return phone_parse(self.number).display
        except Exception:
            return self.number


class Consent(models.Model):
    """A PDPA consent given or withdrawn, with its purpose and the notice version shown."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=100)
    notice_version = models.CharField(_("notice version"), max_length=20)
    granted = models.BooleanField(_("granted"), default=True)
    channel = models.CharField(_("channel"), max_length=20, blank=True)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-recorded_at"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.purpose} v{self.notice_version}: {'yes' if self.granted else 'no'}"


class ContactMerge(models.Model):
    """Kept forever: which record was merged into which, by whom, and what it held."""

    source = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="+")
    target = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="merges")
    snapshot = models.JSONField(default=dict)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-merged_at"]
        verbose_name = _("merge")
        verbose_name_plural = _("merges")

    def __str__(self) -> str:
        return f"{self.source_id} → {self.target_id}"
