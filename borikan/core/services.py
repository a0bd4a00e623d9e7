"""Writes of the core app: the audit log, special days off."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, models, transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from borikan.core import calendar
from borikan.core.batch import WriteBatch
from borikan.core.errors import DomainError, NotFoundError
from borikan.core.models import AuditEntry, SpecialDayOff, User


def _client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


# `with audit_batch():` entries recorded inside are written together at its end, in one insert:
# for a service that records several in one transaction (a case and its new contact). Inside,
# the entry `audit_record` returns has no id yet.
def _insert_entries(entries: list[AuditEntry]) -> None:
    AuditEntry.objects.bulk_create(entries)


audit_batch: WriteBatch[AuditEntry] = WriteBatch("audit_batch", _insert_entries)


def audit_record(
    *,
    actor: User | None,
    action: str,
    actor_repr: str = "",
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    contact_id: int | None = None,
    changes: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEntry:
    """Appends one entry to the audit log (who did what to which record, or viewed whose data)."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:300]
    authenticated = actor is not None and actor.is_authenticated
    entry = AuditEntry(
        actor=actor if authenticated else None,
        actor_repr=(
            actor_repr
            or (actor.get_username() if actor is not None and authenticated else "anonymous")
        )[:200],
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:300],
        contact_id=contact_id,
        changes=changes or {},
        ip=_client_ip(request),
        path=request.path[:300] if request is not None else "",
    )
    if not audit_batch.add([entry]):
        entry.save(force_insert=True)
    return entry


def changed_fields(form_changed: list[str], instance: models.Model) -> dict[str, Any]:
    """The new values of the changed fields, as strings, for the audit log."""
    return {name: str(getattr(instance, name, ""))[:200] for name in form_changed}


# ---------------------------------------------------------------------------------------------
# Special days off (the working calendar)


def _duplicate_day_off(day: dt.date) -> DomainError:
    return DomainError(
        _("This date is already a special day off."),
        code="duplicate_day_off",
        status=409,
        details={"field": "date", "date": day.isoformat()},
    )


@transaction.atomic
def special_day_off_create(
    *,
    date: dt.date,
    name_th: str,
    name_en: str = "",
    note: str = "",
    worked: bool = False,
    by: User | None,
    actor_repr: str = "",
    request: HttpRequest | None = None,
) -> SpecialDayOff:
    """Adds a cabinet-announced day off; due dates computed afterwards skip it. With `worked`,
    a holiday or weekend day the offices work instead: due dates count it."""
    calendar.check_date(date)
    name_th, name_en, note = name_th.strip(), name_en.strip(), note.strip()
    if not name_th:
        raise DomainError(
            _("Give the day off a Thai name."), code="name_required", details={"field": "name_th"}
        )
    if worked and calendar.rule_day_off(day=date) is None:
        raise DomainError(
            _(
                "This date is already a working day: only a holiday or a weekend day can be "
                "entered as worked."
            ),
            code="already_working_day",
            details={"field": "date", "date": date.isoformat()},
        )
    if SpecialDayOff.objects.filter(date=date).exists():
        raise _duplicate_day_off(date)
    try:
        # A savepoint, so a concurrent insert of the same date leaves the transaction usable.
        with transaction.atomic():
            day_off = SpecialDayOff.objects.create(
                date=date, name_th=name_th, name_en=name_en, note=note, worked=worked, created_by=by
            )
    except IntegrityError:
        raise _duplicate_day_off(date) from None
    audit_record(
        actor=by,
        actor_repr=actor_repr,
        action=AuditEntry.Action.CREATE,
        obj=day_off,
        changes={
            "date": date.isoformat(),
            "name_th": name_th,
            "name_en": name_en,
            "note": note,
            "worked": str(worked),
        },
        request=request,
    )
    calendar.days_off_changed(years=[date.year])
    return day_off


@transaction.atomic
def special_day_off_delete(
    *,
    date: dt.date,
    by: User | None,
    actor_repr: str = "",
    request: HttpRequest | None = None,
) -> None:
    """Removes a special day off (holidays from the `holidays` package cannot be removed)."""
    day_off = SpecialDayOff.objects.select_for_update().filter(date=date).first()
    if day_off is None:
        raise NotFoundError(
            _("There is no special day off on this date."),
            code="day_off_not_found",
            details={"date": date.isoformat()},
        )
    audit_record(
        actor=by,
        actor_repr=actor_repr,
        action=AuditEntry.Action.DELETE,
        obj=day_off,
        changes={"date": date.isoformat()},
        request=request,
    )
    day_off.delete()
    calendar.days_off_changed(years=[date.year])
