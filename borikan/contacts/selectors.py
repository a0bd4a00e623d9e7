"""Reads of contacts, scoped to the acting user; each view of personal data is audited by views."""

from __future__ import annotations

import re

from django.db.models import Prefetch, QuerySet

from borikan.contacts.identifiers import phone_try_parse
from borikan.contacts.models import Contact, ContactPhone
from borikan.contacts.registry import Identifiers, TimelineItem, timeline_providers
from borikan.core.models import Role, User
from borikan.core.thai import to_arabic_digits
from borikan.search.selectors import search_ids

SEARCH_KIND = "contact"


def contact_identifiers(*, contact: Contact) -> Identifiers:
    """The contact and the records merged into it, with every e-mail and phone they had."""
    ids = [contact.pk, *Contact.objects.filter(merged_into=contact).values_list("pk", flat=True)]
    emails = {e for e in Contact.objects.filter(pk__in=ids).values_list("email", flat=True) if e}
    phones = set(ContactPhone.objects.filter(contact_id__in=ids).values_list("number", flat=True))
    return Identifiers(
        contact_ids=tuple(ids), emails=tuple(sorted(emails)), phones=tuple(sorted(phones))
    )


def contact_list_visible_to(*, user: User) -> QuerySet[Contact]:
    """Live contacts `user` may open. Agency officers reach citizens only through their cases."""
    qs = Contact.objects.filter(merged_into__isnull=True).prefetch_related(
        Prefetch("phones", queryset=ContactPhone.objects.order_by("-is_primary", "id"))
    )
    if user.role == Role.OFFICER and not user.is_administrator:
        return qs.none()
    return qs


def contact_get_by_phone(*, phone: str) -> Contact | None:
    """The live contact who owns this number (normalised first), most recently active first.

    Used by the screen pop, so it is one indexed lookup.
    """
    parsed = phone_try_parse(phone)
    if parsed is None or parsed.is_short_code:
        return None
    # The contact itself through the phone index (no ContactPhone row to build), in one plain
    # query: the screen pop and every case opened by phone ask, and building the joined
    # queryset cost ten times the query itself.
    found = Contact.objects.raw(
        f"SELECT contact.* FROM {Contact._meta.db_table} contact"
        f" JOIN {ContactPhone._meta.db_table} phone ON phone.contact_id = contact.id"
        " WHERE phone.number = %s AND contact.merged_into_id IS NULL"
        " ORDER BY contact.updated_at DESC LIMIT 1",
        [parsed.value],
    )
    return next(iter(found), None)


def contact_search(*, user: User, query: str, limit: int = 20) -> list[Contact]:
    """Finds contacts by phone, by national/juristic ID or passport, or by name (Thai-aware)."""
    query = (query or "").strip()[:200]
    visible = contact_list_visible_to(user=user)
    if not query:
        return list(visible[:limit])
    digits = re.sub(r"[\s\-]", "", to_arabic_digits(query))
    if re.fullmatch(r"\d{13}", digits):
        found = list(visible.filter(national_id=digits)) + list(visible.filter(juristic_id=digits))
        if found:
            return found[:limit]
    phone = phone_try_parse(query)
    if phone is not None and not phone.is_short_code:
        by_phone = list(visible.filter(phones__number=phone.value).distinct()[:limit])
        if by_phone:
            return by_phone
    by_passport = list(visible.filter(passport_no=query.upper())[:limit])
    if by_passport:
        return by_passport
    ids = [int(i) for i in search_ids(kind=SEARCH_KIND, query=query, limit=limit * 2)]
    by_id = visible.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id][:limit]


def contact_duplicates(*, contact: Contact, limit: int = 10) -> list[Contact]:
    """Likely duplicates: another live record with the same phone, e-mail, ID or full name."""
    live = Contact.objects.filter(merged_into__isnull=True).exclude(pk=contact.pk)
    numbers = list(contact.phones.values_list("number", flat=True))
    candidates: dict[int, Contact] = {}
    queries = []
    if numbers:
        queries.append(live.filter(phones__number__in=numbers))
    if contact.email:
        queries.append(live.filter(email=contact.email))
    if contact.national_id:
        queries.append(live.filter(national_id=contact.national_id))
    if contact.passport_no:
        queries.append(live.filter(passport_no=contact.passport_no))
    if contact.first_name_th and contact.last_name_th:
        queries.append(
            live.filter(first_name_th=contact.first_name_th, last_name_th=contact.last_name_th)
        )
    for qs in queries:
        for found in qs.distinct()[:limit]:
            candidates.setdefault(found.pk, found)
    return list(candidates.values())[:limit]


def contact_timeline(*, contact: Contact, user: User, limit: int = 50) -> list[TimelineItem]:
    """Every call, interaction, case, chat, appointment and basket of this contact (and of the
    records merged into it), newest first, as far as `user` may see them."""
    merges = list(contact.merges.select_related("source").defer("snapshot"))
    # The records merged into this one are the sources of its merges (contact_merge marks each
    # source merged into its target, once, and nothing else does): one query for both.
    ids = [contact.pk, *(merge.source_id for merge in merges)]
    items: list[TimelineItem] = []
    for provider in timeline_providers():
        items.extend(provider(ids, user, limit))
    items.extend(
        TimelineItem(at=merge.merged_at, kind="merge", title=str(merge.source)) for merge in merges
    )
    items.sort(key=lambda item: item.at, reverse=True)
    return items[:limit]


def contact_get_by_email(*, email: str) -> Contact | None:
    """The live contact with this e-mail address (compared lower-cased), most recent first."""
    email = (email or "").strip().lower()
    if not email:
        return None
    live = Contact.objects.filter(email=email, merged_into__isnull=True)
    return live.order_by("-updated_at").first()
