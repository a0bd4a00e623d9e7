"""Writes to the search index. Other apps call these from their own services, on every save."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from borikan.search.models import SearchDocument
from borikan.search.text import index_terms

_KIND_MAX = SearchDocument._meta.get_field("kind").max_length or 0
_OBJECT_ID_MAX = SearchDocument._meta.get_field("object_id").max_length or 0


def _checked(*, kind: str, object_id: str | int) -> tuple[str, str]:
    object_id = str(object_id)
    if not kind or len(kind) > _KIND_MAX:
        raise ValueError(f"kind must be 1 to {_KIND_MAX} characters: {kind!r}")
    if not object_id or len(object_id) > _OBJECT_ID_MAX:
        raise ValueError(f"object_id must be 1 to {_OBJECT_ID_MAX} characters: {object_id!r}")
    return kind, object_id


def search_index(
    *,
    kind: str,
    object_id: str | int,
    title: str,
    body: str = "",
    tags: str | Iterable[str] = "",
) -> None:
    """Index (or re-index) one object's text under kind, replacing what was indexed before."""
    kind, object_id = _checked(kind=kind, object_id=object_id)
    if not isinstance(tags, str):
        tags = " ".join(tags)
    document = SearchDocument(
        kind=kind,
        object_id=object_id,
        title=index_terms(title),
        tags=index_terms(tags),
        body=index_terms(body),
        updated_at=timezone.now(),
    )
    # One INSERT ... ON CONFLICT DO UPDATE on both databases: no race between two saves of
    # the same object, and it joins the caller's transaction.
    SearchDocument.objects.bulk_create(
        [document],
        update_conflicts=True,
        unique_fields=["kind", "object_id"],
        update_fields=["title", "tags", "body", "updated_at"],
    )


def search_remove(*, kind: str, object_id: str | int) -> None:
    """Take one object out of the index; nothing happens if it was not there."""
    kind, object_id = _checked(kind=kind, object_id=object_id)
    SearchDocument.objects.filter(kind=kind, object_id=object_id).delete()
