"""Writes of contacts: create, update, phones, consent, merge."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _

from borikan.contacts.identifiers import phone_parse, thai_id_normalize
from borikan.contacts.models import Consent, Contact, ContactMerge, ContactPhone
from borikan.contacts.registry import merge_handlers
from borikan.core.errors import DomainError
from borikan.core.models import AuditEntry, User
from borikan.core.services import audit_record
from borikan.search.services import search_index, search_remove

SEARCH_KIND = "contact"

# Fields a caller of contact_create / contact_update may set directly.
EDITABLE_FIELDS = (
    "kind", "title_th", "first_name_th", "last_name_th", "first_name_en", "last_name_en",
    "business_name_th", "business_name_en", "national_id", "juristic_id", "passport_no",
    "nationality", "email", "province", "address", "level", "preferred_language",
    "lawful_basis", "notes",
)  # fmt: skip


class ContactError(DomainError):
    code = "contact_invalid"


def _clean_ids(fields: dict[str, Any]) -> dict[str, Any]:
    if fields.get("national_id"):
        fields["national_id"] = thai_id_normalize(fields["national_id"])
    if fields.get("juristic_id"):
        fields["juristic_id"] = thai_id_normalize(fields["juristic_id"], juristic=True)
    if fields.get("passport_no"):
        fields["passport_no"] = fields["passport_no"].strip().upper()
    if fields.get("email"):
        fields["email"] = fields["email"].strip().lower()
    return fields


def _index(contact: Contact) -> None:
    search_index(
        kind=SEARCH_KIND,
        object_id=contact.pk,
        title=" ".join(
            filter(
                None,
                [
                    contact.first_name_th,
                    contact.last_name_th,
                    contact.first_name_en,
                    contact.last_name_en,
                    contact.business_name_th,
                    contact.business_name_en,
                ],
            )
        ),
        tags=" ".join(
            filter(
                None, [contact.national_id, contact.juristic_id, contact.passport_no, contact.email]
            )
        ),
        body=contact.address,
    )


def _validate(contact: Contact) -> None:
    try:
        contact.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise ContactError(
            _("Some fields are not valid."), details={"fields": exc.message_dict}
        ) from exc
    if not (contact.first_name_th or contact.last_name_th or contact.first_name_en
            or contact.business_name_th or contact.business_name_en):  # fmt: skip
        raise ContactError(_("Enter a name (or a business name)."), code="contact_no_name")


def _check_unique_ids(contact: Contact) -> None:
    if not (contact.national_id or contact.juristic_id):
        return
    live = Contact.objects.filter(merged_into__isnull=True).exclude(pk=contact.pk)
    if contact.national_id and live.filter(national_id=contact.national_id).exists():
        raise ContactError(
            _("A contact with this national ID exists: open it instead."),
            code="duplicate_id",
            status=409,
        )
    if contact.juristic_id and live.filter(juristic_id=contact.juristic_id).exists():
        raise ContactError(
            _("A business with this juristic ID exists: open it instead."),
            code="duplicate_id",
            status=409,
        )


@transaction.atomic
def contact_create(
    *,
    by: User | None,
    phones: Iterable[str] = (),
    consent_purposes: Iterable[str] = (),
    notice_version: str = "",
    channel: str = "",
    **fields: Any,
) -> Contact:
    """Creates a contact with its phones (normalised) and any consents given."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ContactError(_("Unknown fields."), details={"fields": sorted(unknown)})
    contact = Contact(created_by=by, **_clean_ids(fields))
    _validate(contact)
    _check_unique_ids(contact)
    try:
        contact.save()
    except IntegrityError as exc:  # a concurrent create with the same ID
        raise ContactError(
            _("A contact with this ID exists."), code="duplicate_id", status=409
        ) from exc
    # A new contact has no phones yet: no look-up, no primary to demote, and the index (which
    # holds no phones) is written once below. The first number given is the primary one.
    rows: dict[str, ContactPhone] = {}
    for raw in phones:
        if raw and raw.strip():
            phone = phone_parse(raw)
            rows.setdefault(
                phone.value,
                ContactPhone(
                    contact=contact, number=phone.value, kind=phone.kind, is_primary=not rows
                ),
            )
    ContactPhone.objects.bulk_create(rows.values())
    for purpose in consent_purposes:
        Consent.objects.create(
            contact=contact,
            purpose=purpose,
            notice_version=notice_version,
            granted=True,
            channel=channel,
            recorded_by=by,
        )
    _index(contact)
    audit_record(actor=by, action=AuditEntry.Action.CREATE, obj=contact, contact_id=contact.pk)
    return contact


@transaction.atomic
def contact_update(*, contact: Contact, by: User | None, **fields: Any) -> Contact:
    """Changes the given fields; the audit log keeps which."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ContactError(_("Unknown fields."), details={"fields": sorted(unknown)})
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if contact.is_merged:
        raise ContactError(
            _("This contact was merged into another; edit that one."), code="contact_merged"
        )
    fields = _clean_ids(fields)
    changed = {k: v for k, v in fields.items() if getattr(contact, k) != v}
    for name, value in changed.items():
        setattr(contact, name, value)
    _validate(contact)
    _check_unique_ids(contact)
    contact.save()
    _index(contact)
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=contact,
        contact_id=contact.pk,
        changes={k: str(v)[:200] for k, v in changed.items()},
    )
    return contact


@transaction.atomic
def contact_add_phone(
    *, contact: Contact, raw: str, by: User | None, primary: bool = False, label: str = ""
) -> ContactPhone:
    """Adds a phone in E.164 (or a hotline short code); a number already there is returned."""
    phone = phone_parse(raw)
    existing = contact.phones.filter(number=phone.value).first()
    if existing is not None:
        return existing
    if primary:
        contact.phones.update(is_primary=False)
    row = ContactPhone.objects.create(
        contact=contact,
        number=phone.value,
        kind=phone.kind,
        is_primary=primary or not contact.phones.exists(),
        label=label,
    )
    _index(contact)
    return row


@transaction.atomic
def contact_record_consent(
    *,
    contact: Contact,
    purpose: str,
    notice_version: str,
    granted: bool,
    channel: str,
    by: User | None,
) -> Consent:
    """Records consent given or withdrawn; the latest record per purpose is what counts."""
    return Consent.objects.create(
        contact=contact,
        purpose=purpose,
        notice_version=notice_version,
        granted=granted,
        channel=channel,
        recorded_by=by,
    )


@transaction.atomic
def contact_merge(*, source: Contact, target: Contact, by: User | None) -> Contact:
    """Merges `source` into `target`: phones, consents and every app's records move to the
    target; the source stays, marked merged, so nothing of its history is lost."""
    if source.pk == target.pk:
        raise ContactError(_("A contact cannot be merged into itself."), code="merge_self")
    source, target = (
        Contact.objects.select_for_update().get(pk=source.pk),
        Contact.objects.select_for_update().get(pk=target.pk),
    )
    if source.is_merged or target.is_merged:
        raise ContactError(_("One of these contacts was already merged."), code="merge_again")
    snapshot = model_to_dict(source, exclude=["merged_into"])
    snapshot["phones"] = list(source.phones.values_list("number", flat=True))
    # Fill the target's blanks from the source; the target's own values win.
    for name in EDITABLE_FIELDS:
        if name in {"kind", "lawful_basis", "preferred_language"}:
            continue
        if not getattr(target, name) and getattr(source, name):
            setattr(target, name, getattr(source, name))
    for phone in source.phones.all():
        if not target.phones.filter(number=phone.number).exists():
            phone.contact = target
            phone.is_primary = False
            phone.save(update_fields=["contact", "is_primary"])
    Consent.objects.filter(contact=source).update(contact=target)
    source.merged_into = target
    source.save(update_fields=["merged_into", "updated_at"])
    target.save()
    for handler in merge_handlers():
        handler(source.pk, target.pk)
    ContactMerge.objects.create(source=source, target=target, snapshot=snapshot, merged_by=by)
    search_remove(kind=SEARCH_KIND, object_id=source.pk)
    _index(target)
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=target,
        contact_id=target.pk,
        changes={"merged_from": str(source.pk)},
    )
    return target


def contacts_reindex(workers: int = 1, progress: Callable[[int], None] | None = None) -> int:
    """Index every live contact anew (after a change of the search word lists)."""
    done, last = 0, 0
    live = Contact.objects.filter(merged_into__isnull=True).order_by("pk")
    while batch := list(live.filter(pk__gt=last)[:REINDEX_BATCH]):
        with transaction.atomic():
            for contact in batch:
                _index(contact)
        last, done = batch[-1].pk, done + len(batch)
        if progress is not None:
            progress(done)
    return done


REINDEX_BATCH = 1_000
