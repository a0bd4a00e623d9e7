"""What Borikan keeps of a contact itself, for the data subject's rights (PDPA): the export of
the contact, its phones and consents, and their erasure by anonymisation."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from borikan.contacts.models import Consent, Contact, ContactPhone
from borikan.contacts.registry import Identifiers
from borikan.contacts.services import SEARCH_KIND
from borikan.core.export import export_rows
from borikan.search.services import search_remove

# Every field that identifies the person; erasure blanks them and keeps the rest (kind,
# province, level, dates), which is what statistics count.
PERSONAL_FIELDS = (
    "title_th", "first_name_th", "last_name_th", "first_name_en", "last_name_en",
    "business_name_th", "business_name_en", "national_id", "juristic_id", "passport_no",
    "email", "address", "notes",
)  # fmt: skip


def contacts_export(identifiers: Identifiers) -> dict[str, list[dict[str, Any]]]:
    ids = identifiers.contact_ids
    return {
        "contacts": export_rows(
            Contact.objects.filter(pk__in=ids),
            [
                "id",
                "kind",
                *PERSONAL_FIELDS,
                "nationality",
                "province__name_th",
                "level",
                "preferred_language",
                "lawful_basis",
                "merged_into_id",
                "created_at",
                "updated_at",
            ],
        ),
        "phones": export_rows(
            ContactPhone.objects.filter(contact_id__in=ids),
            ["contact_id", "number", "kind", "label", "is_primary", "created_at"],
        ),
        "consents": export_rows(
            Consent.objects.filter(contact_id__in=ids),
            ["contact_id", "purpose", "notice_version", "granted", "channel", "recorded_at"],
        ),
    }


def contacts_erase(identifiers: Identifiers) -> int:
    """The identifying fields and phones go; the records stay, marked erased, so that what
    points at them (calls, cases, services given) still counts. Consents stay as the record
    of what was agreed."""
    now = timezone.now()
    changed = Contact.objects.filter(pk__in=identifiers.contact_ids).update(
        **dict.fromkeys(PERSONAL_FIELDS, ""), erased_at=now, updated_at=now
    )
    ContactPhone.objects.filter(contact_id__in=identifiers.contact_ids).delete()
    for contact_id in identifiers.contact_ids:
        search_remove(kind=SEARCH_KIND, object_id=contact_id)
    return changed
