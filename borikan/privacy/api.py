"""PDPA API (scope `privacy`): data subjects' requests, the export of a person's data, erasure,
the record of processing activities and the breach register."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema, Status

from borikan.api.auth import api_user, scoped
from borikan.api.schemas import ErrorOut
from borikan.contacts.models import Contact
from borikan.core.errors import NotFoundError, PermissionDeniedError
from borikan.core.models import User
from borikan.privacy.models import DataSubjectRequest
from borikan.privacy.selectors import breach_list, dsr_list, ropa_rows
from borikan.privacy.services import dsr_erase, dsr_export, dsr_open, may_handle_privacy

router = Router(tags=["privacy"], auth=scoped("privacy"))
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


class RequestIn(Schema):
    contact_id: int
    kind: DataSubjectRequest.Kind
    channel: str = Field("", max_length=30)
    details: str = Field("", max_length=5000)


class RequestOut(Schema):
    id: int
    contact_id: int
    kind: str
    status: str
    channel: str
    received_at: dt.datetime
    due_at: dt.datetime
    handled_at: dt.datetime | None
    outcome: str
    overdue: bool


class BreachOut(Schema):
    id: int
    title: str
    discovered_at: dt.datetime
    risk: str
    people_affected: int
    report_by: dt.datetime
    reported_at: dt.datetime | None
    people_told_at: dt.datetime | None


def _officer(request: HttpRequest) -> User:
    user = api_user(request)
    if not may_handle_privacy(user):
        raise PermissionDeniedError(
            _("Only supervisors and administrators handle personal data requests.")
        )
    return user


def _request(pk: int) -> DataSubjectRequest:
    found = DataSubjectRequest.objects.select_related("contact").filter(pk=pk).first()
    if found is None:
        raise NotFoundError(_("No such request."))
    return found


@router.get("/requests", response={200: list[RequestOut], **ERRORS})
def requests_list(request: HttpRequest) -> Any:
    """Requests of data subjects, open ones first by due date."""
    _officer(request)
    return list(dsr_list()[:500])


@router.post("/requests", response={201: RequestOut, **ERRORS})
def requests_open(request: HttpRequest, payload: RequestIn) -> Any:
    """Record a request; `due_at` is 30 days after receipt."""
    user = _officer(request)
    contact = Contact.objects.filter(pk=payload.contact_id).first()
    if contact is None:
        raise NotFoundError(_("No contact has this number."))
    opened = dsr_open(
        by=user,
        contact=contact,
        kind=payload.kind,
        channel=payload.channel,
        details=payload.details,
    )
    return Status(201, opened)


@router.get("/requests/{pk}/export", response={200: dict[str, Any], **ERRORS})
def requests_export(request: HttpRequest, pk: int) -> Any:
    """Everything Borikan keeps about the person, section by section (audited)."""
    return dsr_export(request=_request(pk), by=_officer(request))


@router.post("/requests/{pk}/erase", response={200: dict[str, int], **ERRORS})
def requests_erase(request: HttpRequest, pk: int) -> Any:
    """Erase the person by anonymisation (erasure requests only); rows changed per app."""
    return dsr_erase(request=_request(pk), by=_officer(request))


@router.get("/ropa", response={200: list[dict[str, str]], **ERRORS})
def ropa(request: HttpRequest) -> Any:
    """The record of processing activities (PDPA section 39)."""
    _officer(request)
    header, *rows = ropa_rows()
    return [dict(zip(header, row, strict=True)) for row in rows]


@router.get("/breaches", response={200: list[BreachOut], **ERRORS})
def breaches(request: HttpRequest) -> Any:
    _officer(request)
    return list(breach_list()[:200])
