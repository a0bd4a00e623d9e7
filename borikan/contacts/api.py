"""Contacts API (scope `contacts`): search, create, and one contact with its timeline."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema, Status

from borikan.api.auth import api_actor, api_user, scoped
from borikan.api.schemas import ErrorOut
from borikan.contacts.identifiers import phone_parse, thai_id_normalize
from borikan.contacts.models import ClientLevel, Contact, LawfulBasis
from borikan.contacts.selectors import (
    contact_get_by_phone,
    contact_list_visible_to,
    contact_search,
    contact_timeline,
)
from borikan.contacts.services import contact_create
from borikan.core.errors import NotFoundError
from borikan.core.models import AuditEntry
from borikan.core.services import audit_record

router = Router(tags=["contacts"], auth=scoped("contacts"))


class PhoneOut(Schema):
    number: str
    display: str
    kind: str
    is_primary: bool


class ContactOut(Schema):
    id: int
    kind: str
    display_name: str
    title_th: str
    first_name_th: str
    last_name_th: str
    first_name_en: str
    last_name_en: str
    business_name_th: str
    business_name_en: str
    national_id: str
    juristic_id: str
    passport_no: str
    email: str
    province: str | None = Field(None, alias="province.code")
    level: str
    phones: list[PhoneOut]
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_phones(obj: Contact) -> list[dict[str, Any]]:
        return [
            {"number": p.number, "display": p.display, "kind": p.kind, "is_primary": p.is_primary}
            for p in obj.phones.all()
        ]


class TimelineItemOut(Schema):
    at: dt.datetime
    kind: str
    title: str
    summary: str
    channel: str
    url: str | None


class ContactDetailOut(ContactOut):
    timeline: list[TimelineItemOut]


class ContactIn(Schema):
    kind: Contact.Kind = Contact.Kind.PERSON
    title_th: str = Field("", max_length=50)
    first_name_th: str = Field("", max_length=100)
    last_name_th: str = Field("", max_length=100)
    first_name_en: str = Field("", max_length=100)
    last_name_en: str = Field("", max_length=100)
    business_name_th: str = Field("", max_length=200)
    business_name_en: str = Field("", max_length=200)
    national_id: str = Field("", max_length=20)
    juristic_id: str = Field("", max_length=20)
    passport_no: str = Field("", max_length=30)
    email: str = Field("", max_length=254)
    level: ClientLevel = ClientLevel.UNKNOWN
    lawful_basis: LawfulBasis = LawfulBasis.PUBLIC_TASK
    phones: list[str] = Field(default_factory=list, max_length=5)
    notes: str = Field("", max_length=5000)


@router.get("", response={200: list[ContactOut], 400: ErrorOut, 401: ErrorOut, 422: ErrorOut})
def contacts_find(
    request: HttpRequest,
    phone: str = "",
    q: str = "",
    national_id: str = "",
    limit: Annotated[int, Field(ge=1, le=100)] = 20,
) -> list[Contact]:
    """Find contacts by phone (any Thai format), national or juristic ID, or name."""
    user = api_user(request)
    visible = contact_list_visible_to(user=user)
    if phone:
        phone_parse(phone)  # a malformed number is a 400 with a clear message
        found = contact_get_by_phone(phone=phone)
        return [c for c in [found] if c is not None and visible.filter(pk=c.pk).exists()]
    if national_id:
        digits = thai_id_normalize(national_id)
        return list(visible.filter(national_id=digits)) + list(visible.filter(juristic_id=digits))
    return contact_search(user=user, query=q, limit=limit)


@router.post(
    "", response={201: ContactOut, 400: ErrorOut, 401: ErrorOut, 409: ErrorOut, 422: ErrorOut}
)
def contacts_create(request: HttpRequest, payload: ContactIn) -> Status[Contact]:
    """Create a contact; phones are normalised, IDs checked, duplicates of an ID refused (409)."""
    data = payload.dict()
    phones = data.pop("phones")
    actor, _repr = api_actor(request)
    contact = contact_create(by=actor, phones=phones, channel="api", **data)
    return Status(201, contact)


@router.get("/{contact_id}", response={200: ContactDetailOut, 401: ErrorOut, 404: ErrorOut})
def contacts_get(request: HttpRequest, contact_id: int) -> Contact:
    """One contact with its timeline; the view is written to the audit log (PDPA)."""
    user = api_user(request)
    contact = contact_list_visible_to(user=user).filter(pk=contact_id).first()
    if contact is None:
        raise NotFoundError(_("No such contact, or you may not see it."))
    actor, actor_repr = api_actor(request)
    audit_record(
        actor=actor,
        actor_repr=actor_repr,
        action=AuditEntry.Action.VIEW,
        obj=contact,
        contact_id=contact.pk,
        request=request,
    )
    contact.timeline = contact_timeline(contact=contact, user=user)  # type: ignore[attr-defined]
    return contact
