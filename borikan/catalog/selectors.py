"""Reads of the catalogue for every other app: services, their steps and standard times.

The catalogue is public information, so these reads are not scoped to the acting user.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models import Prefetch, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from borikan.catalog.models import SERVICE_CODE_PATTERN, Channel, Service, Step
from borikan.core.errors import DomainError, NotFoundError, interpolate

_CODE_RE = re.compile(SERVICE_CODE_PATTERN)


class UnknownServiceError(NotFoundError):
    code = "unknown_service"


class UnknownStepError(NotFoundError):
    code = "unknown_step"


class UnknownChannelError(DomainError):
    code = "unknown_channel"
    status = 422


def normalize_service_code(code: str) -> str | None:
    """ "s2 " → "S2"; None for anything that cannot be a service code."""
    normalized = (code or "").strip().upper()
    return normalized if _CODE_RE.fullmatch(normalized) else None


def _with_details(qs: QuerySet[Service]) -> QuerySet[Service]:
    # One query per relation for any number of services, whatever the caller reads.
    return qs.select_related("issuing_agency").prefetch_related(
        Prefetch("steps", queryset=Step.objects.order_by("order", "id")),
        Prefetch("channels", queryset=Channel.objects.order_by("order", "code")),
        "documents",
        "laws",
    )


def channel_list() -> QuerySet[Channel]:
    """The active channels, in display order."""
    return Channel.objects.filter(is_active=True)


def service_list(
    *, channel: str | None = None, include_inactive: bool = False
) -> QuerySet[Service]:
    """Services in catalogue order with steps, channels, documents and laws prefetched;
    only those offered on `channel` (a channel code) when given."""
    qs = Service.objects.all()
    if not include_inactive:
        qs = qs.filter(is_active=True)
    if channel:
        if not Channel.objects.filter(code=channel).exists():
            raise UnknownChannelError(
                interpolate(_("There is no channel with the code “%(code)s”."), code=channel),
                details={
                    "channel": channel,
                    "known": list(Channel.objects.values_list("code", flat=True)),
                },
            )
        qs = qs.filter(channels__code=channel)
    return _with_details(qs.order_by("order", "code"))


def service_get(*, code: str) -> Service:
    """One active service by its code (any case: "s2" finds S2), with its details prefetched."""
    normalized = normalize_service_code(code)
    service = (
        _with_details(Service.objects.filter(code=normalized, is_active=True)).first()
        if normalized
        else None
    )
    if service is None:
        raise UnknownServiceError(
            interpolate(_("There is no service with the code “%(code)s”."), code=code[:20]),
        )
    return service


@dataclass(frozen=True)
class ServiceRef:
    """An active service as other records point at it, with its working-day standard."""

    service: Service
    sla_working_days: int | None


# Every case opened needs the service and its standard; the catalogue changes a few times a
# year. Kept in the shared cache and forgotten by `catalog_changed` on every save or delete of
# a service or step (signals, so admin edits count too); the timeout is a safety net for rows
# changed where no signal is sent (a migration, raw SQL).
_REFS_KEY = "borikan:catalog:refs"
_VERSION_KEY = "borikan:catalog:refs-version"
_REFS_TIMEOUT = 10 * 60
# This process's copy of the references, with the version they were cached under: reading the
# small version from the shared cache tells whether the copy still holds, where reading the
# references themselves unpickled every service on every case opened.
_local: tuple[str, dict[str, ServiceRef]] | None = None


def _service_refs() -> dict[str, ServiceRef]:
    global _local
    version: str | None = cache.get(_VERSION_KEY)
    local = _local
    if version is not None and local is not None and local[0] == version:
        return local[1]
    refs: dict[str, ServiceRef] | None = cache.get(_REFS_KEY) if version is not None else None
    if refs is None or version is None:
        services = list(Service.objects.filter(is_active=True))
        days = dict(
            Step.objects.filter(service__in=services, working_days__gt=0)
            .values("service")
            .annotate(days=Sum("working_days"))
            .values_list("service", "days")
        )
        refs = {s.code: ServiceRef(service=s, sla_working_days=days.get(s.pk)) for s in services}
        version = secrets.token_hex(8)
        cache.set_many({_REFS_KEY: refs, _VERSION_KEY: version}, _REFS_TIMEOUT)
    _local = (version, refs)
    return refs


def catalog_changed() -> None:
    """Forgets the cached service references; called whenever a service or a step changes."""
    cache.delete_many([_REFS_KEY, _VERSION_KEY])
    # Again after commit: another request may have cached the old rows meanwhile.
    transaction.on_commit(lambda: cache.delete_many([_REFS_KEY, _VERSION_KEY]))


def _unknown_service(code: str) -> UnknownServiceError:
    return UnknownServiceError(
        interpolate(_("There is no service with the code “%(code)s”."), code=code[:20]),
    )


def service_ref(*, code: str) -> Service:
    """One active service by its code, without its details: for pointing a record at it."""
    normalized = normalize_service_code(code)
    ref = _service_refs().get(normalized) if normalized else None
    if ref is None:
        raise _unknown_service(code)
    return ref.service


def step_get(*, service_code: str, key: str) -> Step:
    """One step of a service by its stable key, e.g. ("S2", "agency_answers")."""
    service = service_get(code=service_code)
    for step in service.steps.all():
        if step.key == key:
            return step
    raise UnknownStepError(
        interpolate(
            _("Service %(service)s has no step “%(key)s”."), service=service.code, key=key[:40]
        ),
    )


def service_sla_working_days(*, code: str) -> int | None:
    """Working days a service may take to conclude (S2 → 15); None when it has no such step.

    Due dates are computed for every case opened, so this is read from the cached references;
    an unknown or inactive code is a 404."""
    normalized = normalize_service_code(code)
    ref = _service_refs().get(normalized) if normalized else None
    if ref is None:
        raise _unknown_service(code)
    return ref.sla_working_days
