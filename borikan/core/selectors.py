"""Reads of the organisation, scoped to what the acting user may see."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.db import DatabaseError, connection
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from borikan.core.conf import borikan_setting
from borikan.core.errors import NotFoundError
from borikan.core.models import Agency, AuditEntry, Office, Role, User, WorkerHeartbeat


def agency_list(*, include_inactive: bool = False) -> QuerySet[Agency]:
    """The agencies to route to, departments first then their divisions."""
    qs = Agency.objects.select_related("parent")
    return qs if include_inactive else qs.filter(is_active=True)


def officer_get(*, username: str) -> User:
    """The active agency officer with this username (API callers name officers so)."""
    found = User.objects.filter(username=username, role=Role.OFFICER, is_active=True).first()
    if found is None:
        raise NotFoundError(_("No active officer with that username."), code="officer_unknown")
    return found


def office_list(*, kind: str | None = None) -> QuerySet[Office]:
    """Offices that serve citizens, with their provinces."""
    qs = Office.objects.select_related("province").filter(is_active=True)
    return qs.filter(kind=kind) if kind else qs


def office_central_id() -> int | None:
    """The ministry's central service center, where cases that come without a staff member
    (website, API) are received. One plain query: every case opened through the API asks."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM {Office._meta.db_table} WHERE code = %s", [Office.CENTRAL_CODE]
        )
        row = cursor.fetchone()
    return int(row[0]) if row else None


def office_list_visible_to(*, user: User) -> QuerySet[Office]:
    """The offices whose work `user` may see: all for unscoped roles, else their own office."""
    qs = office_list()
    if user.sees_everything or user.role == "officer":
        return qs
    return qs.filter(pk=user.office_id) if user.office_id else qs.none()


def audit_list_visible_to(*, user: User, contact_id: int | None = None) -> QuerySet[AuditEntry]:
    """The audit log; administrators only."""
    if not user.is_administrator:
        return AuditEntry.objects.none()
    qs = AuditEntry.objects.select_related("actor")
    return qs.filter(contact_id=contact_id) if contact_id is not None else qs


def system_health() -> dict[str, Any]:
    """Database and worker status for /healthz."""
    health: dict[str, Any] = {"status": "ok"}
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        health["database"] = {
            "ok": True,
            "vendor": connection.vendor,
            "ms": round((time.perf_counter() - started) * 1000, 2),
        }
    except DatabaseError as exc:
        health["status"] = "error"
        health["database"] = {"ok": False, "vendor": connection.vendor, "error": str(exc)[:200]}
        health["worker"] = {"ok": False, "error": "database unavailable"}
        return health

    from django_tasks_db.models import DBTaskResult

    stale_after = dt.timedelta(seconds=int(borikan_setting("WORKER_STALE_AFTER")))
    cutoff = timezone.now() - stale_after
    alive = WorkerHeartbeat.objects.filter(seen_at__gte=cutoff)
    last = WorkerHeartbeat.objects.order_by("-seen_at").first()
    health["worker"] = {
        "ok": alive.exists(),
        "workers": alive.count(),
        "last_seen": last.seen_at.isoformat() if last else None,
        "queued": DBTaskResult.objects.ready().count(),
    }
    if not health["worker"]["ok"]:
        health["status"] = "degraded"
    return health
