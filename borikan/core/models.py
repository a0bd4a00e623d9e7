"""Organisation (agencies, provinces, offices), users and roles, days off, audit log, workers.

Dependency direction: every other app may point at these models; they point at nothing outside
core.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class BilingualNameMixin(models.Model):
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language, Thai when there is no English one."""
        if (get_language() or "th").startswith("en") and self.name_en:
            return self.name_en
        return self.name_th


class Agency(BilingualNameMixin):
    """A department of the ministry (SPEC §3) or a division inside one."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("Department or office")
        DIVISION = "division", _("Division")
        ENTERPRISE = "enterprise", _("State enterprise")

    code = models.CharField(_("code"), max_length=16, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.DEPARTMENT)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="divisions",
    )
    website = models.URLField(_("website"), blank=True)
    phone = models.CharField(_("phone"), max_length=64, blank=True)
    email = models.EmailField(
        _("e-mail for cases"),
        blank=True,
        help_text=_("Dispatched and overdue cases are announced here (the agency head's desk)."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    # Codes other apps rely on; they are loaded by a data migration and never renamed.
    CENTRAL_ADMINISTRATION = "CAD"
    REGIONAL_ADMINISTRATION = "RCAD"


class Province(BilingualNameMixin):
    code = models.CharField(
        _("code"),
        max_length=8,
        unique=True,
        help_text=_("The province's English abbreviation, e.g. KBI."),
    )
    abbr_th = models.CharField(_("Thai abbreviation"), max_length=8, blank=True)

    class Meta:
        ordering = ["name_th"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")


class Office(BilingualNameMixin):
    """A place that serves citizens: the ministry's central service center or a provincial
    commerce office."""

    class Kind(models.TextChoices):
        CENTRAL = "central", _("Central service center")
        PROVINCIAL = "provincial", _("Provincial commerce office")

    # The ministry's own service center (hotline 1203, counter), loaded by a data migration.
    CENTRAL_CODE = "MOC"

    code = models.CharField(_("code"), max_length=16, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="offices"
    )
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=64, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["kind", "province__name_th"]
        verbose_name = _("office")
        verbose_name_plural = _("offices")


class Role(models.TextChoices):
    AGENT = "agent", _("Call-center and chat agent")
    COUNTER = "counter", _("Counter staff")
    PROVINCIAL = "provincial", _("Provincial office staff")
    OFFICER = "officer", _("Agency officer")
    DIRECTOR = "director", _("Director (dispatcher)")
    SUPERVISOR = "supervisor", _("Supervisor")
    ADMIN = "admin", _("Administrator")


# Roles that must belong to an office, and roles that must belong to an agency.
OFFICE_ROLES = frozenset({Role.AGENT, Role.COUNTER, Role.PROVINCIAL})
AGENCY_ROLES = frozenset({Role.OFFICER, Role.DIRECTOR})


class User(AbstractUser):
    """A member of staff. Citizens are contacts, not users."""

    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.AGENT)
    office = models.ForeignKey(
        Office,
        verbose_name=_("office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    extension = models.CharField(
        _("phone extension"),
        max_length=16,
        blank=True,
        help_text=_("Matched against the phone system's answering number."),
    )

    objects: ClassVar[UserManager[User]] = UserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")

    def clean(self) -> None:
        super().clean()
        if self.role in OFFICE_ROLES and not self.office_id:
            raise ValidationError({"office": _("This role works in an office: choose one.")})
        if self.role in AGENCY_ROLES and not self.agency_id:
            raise ValidationError({"agency": _("This role works in an agency: choose one.")})

    @property
    def is_administrator(self) -> bool:
        return self.is_superuser or self.role == Role.ADMIN

    @property
    def sees_everything(self) -> bool:
        """Director, supervisors and administrators are not scoped to one unit."""
        return self.is_administrator or self.role in {Role.DIRECTOR, Role.SUPERVISOR}

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class SpecialDayOff(BilingualNameMixin):
    """An administrator's entry in the working calendar: a day off announced by the cabinet (not
    in `holidays`), or, when `worked`, a holiday or weekend day the offices work (the package's
    National Labour Day, a compensating Saturday): due dates count it as a working day."""

    date = models.DateField(
        _("date"),
        unique=True,
        error_messages={"unique": _("This date is already a special day off.")},
    )
    note = models.CharField(
        _("note"),
        max_length=300,
        blank=True,
        help_text=_("For example the cabinet resolution that announced it."),
    )
    worked = models.BooleanField(
        _("worked"),
        default=False,
        help_text=_(
            "The offices work on this date although it is a holiday or a weekend: due dates "
            "count it as a working day."
        ),
    )
    created_by = models.ForeignKey(
        User,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("special day off")
        verbose_name_plural = _("special days off")


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit log is append-only.")

    def update(self, **kwargs: Any) -> int:
        raise PermissionError("The audit log is append-only.")


class AuditEntry(models.Model):
    """Append-only: who changed which record, and who viewed which citizen's personal data."""

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("deleted")
        VIEW = "view", _("viewed personal data")
        EXPORT = "export", _("exported")
        LOGIN = "login", _("signed in")

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_repr = models.CharField(_("who (as recorded)"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    object_type = models.CharField(_("record type"), max_length=100)
    object_id = models.CharField(_("record id"), max_length=64, blank=True)
    object_repr = models.CharField(_("record"), max_length=300, blank=True)
    contact_id = models.BigIntegerField(
        _("contact id"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("The citizen whose data this concerns."),
    )
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    path = models.CharField(_("page or endpoint"), max_length=300, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_repr} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit log is append-only.")


class WorkerHeartbeat(models.Model):
    """Written by every running `borikan worker`, read by /healthz."""

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=200)
    pid = models.IntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("worker")
        verbose_name_plural = _("workers")

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid}"


class PeriodicRun(models.Model):
    """When each periodic job last ran (see core/periodic.py); one row per job."""

    name = models.CharField(max_length=64, primary_key=True)
    last_run_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} @ {self.last_run_at:%Y-%m-%d %H:%M}"


class StoredFile(models.Model):
    """An uploaded file kept with a record: typed by its content, stored under its hash.

    Subclasses add the record it belongs to and their own `file` field (its upload path).
    """

    file = models.FileField(max_length=300)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    extension = models.CharField(max_length=10)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name
