"""Writes to the search index. Other apps call these from their own services, on every save."""

from __future__ import annotations

import multiprocessing
import re
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from borikan.core.batch import WriteBatch
from borikan.core.errors import DomainError, interpolate
from borikan.search.backends import get_backend
from borikan.search.models import SearchDocument, Synonym
from borikan.search.text import MAX_INDEX_CHARS, fuzzy_terms, index_terms, normalize

# Fuzzy terms are made from the title and tags only: short text, where a typo matters most.
FUZZY_SUFFIX = "fuzzy"
# A kind is one FTS token: lowercase ASCII letters only (article, articlefuzzy, contact).
_KIND = re.compile(r"[a-z]+")
SYNONYMS_CACHE_KEY = "search:synonyms"

_KIND_MAX = SearchDocument._meta.get_field("kind").max_length or 0
_OBJECT_ID_MAX = SearchDocument._meta.get_field("object_id").max_length or 0


def _checked(*, kind: str, object_id: str | int) -> tuple[str, str]:
    object_id = str(object_id)
    if not _KIND.fullmatch(kind) or len(kind) > _KIND_MAX:
        raise ValueError(f"kind must be 1 to {_KIND_MAX} lowercase letters: {kind!r}")
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
    fuzzy: bool = False,
) -> None:
    """Index (or re-index) one object's text under kind, replacing what was indexed before.

    With fuzzy, the title and tags are also indexed as sound-alike trigrams (kind + "fuzzy"),
    which search_ranked uses to find text despite typos.
    """
    search_index_many(
        kind=kind,
        documents=[SearchText(object_id=object_id, title=title, body=body, tags=tags)],
        fuzzy=fuzzy,
    )


@dataclass(frozen=True, slots=True)
class SearchText:
    object_id: str | int
    title: str
    body: str = ""
    tags: str | Iterable[str] = ""
    # Long bodies (articles) can leave out syllables: words and the words inside compounds
    # find them, and the index is a third of the size.
    body_syllables: bool = True


def _tags_text(tags: str | Iterable[str]) -> str:
    return tags if isinstance(tags, str) else " ".join(tags)


def search_documents(
    *, kind: str, documents: Iterable[SearchText], fuzzy: bool = False
) -> list[SearchDocument]:
    """The index rows for documents, analysed but not saved (the costly part: run it anywhere)."""
    now = timezone.now()
    rows: list[SearchDocument] = []
    for doc in documents:
        kind, object_id = _checked(kind=kind, object_id=doc.object_id)
        tags = _tags_text(doc.tags)
        rows.append(
            SearchDocument(
                kind=kind,
                object_id=object_id,
                title=index_terms(doc.title),
                tags=index_terms(tags),
                body=index_terms(doc.body, syllables=doc.body_syllables),
                updated_at=now,
            )
        )
        if fuzzy:
            rows.append(
                SearchDocument(
                    kind=kind + FUZZY_SUFFIX,
                    object_id=object_id,
                    title=" ".join(fuzzy_terms(doc.title, limit=MAX_INDEX_CHARS // 100)),
                    tags=" ".join(fuzzy_terms(tags, limit=MAX_INDEX_CHARS // 100)),
                    updated_at=now,
                )
            )
    get_backend().prepare(rows)
    return rows


def _save_latest(rows: list[SearchDocument]) -> None:
    # The last row saved for an object wins, as it would have row by row (one statement may not
    # write the same key twice).
    latest = {(row.kind, row.object_id): row for row in rows}
    get_backend().save(list(latest.values()))


# `with search_batch():` rows saved inside are written together at its end, in one statement:
# for a service that indexes several objects in one transaction (a case and its new contact),
# which must not search for them inside the block.
search_batch: WriteBatch[SearchDocument] = WriteBatch("search_batch", _save_latest)


def search_save(rows: list[SearchDocument]) -> None:
    """Write analysed rows, replacing what was indexed for the same objects."""
    if not search_batch.add(rows):
        get_backend().save(rows)


def search_index_many(*, kind: str, documents: Iterable[SearchText], fuzzy: bool = False) -> None:
    """Index (or re-index) many objects of kind at once."""
    search_save(search_documents(kind=kind, documents=documents, fuzzy=fuzzy))


def search_remove(*, kind: str, object_id: str | int) -> None:
    """Take one object out of the index; nothing happens if it was not there."""
    kind, object_id = _checked(kind=kind, object_id=object_id)
    SearchDocument.objects.filter(
        kind__in=[kind, kind + FUZZY_SUFFIX], object_id=object_id
    ).delete()


def search_clear(*, kind: str) -> int:
    """Take every object of kind out of the index (before a full re-index); how many went."""
    deleted, _by_model = SearchDocument.objects.filter(
        kind__in=[kind, kind + FUZZY_SUFFIX]
    ).delete()
    return deleted


class SynonymError(DomainError):
    code = "synonym_invalid"


@transaction.atomic
def synonym_save(
    *, phrase: str, replacement: str, note: str = "", pk: int | None = None
) -> Synonym:
    """Create or change a synonym; its phrase must say something and be new."""
    normalized = normalize(phrase)
    if not normalized or not normalize(replacement):
        raise SynonymError(_("Both the phrase and what to search for are needed."))
    others = Synonym.objects.filter(normalized=normalized)
    clash = (others.exclude(pk=pk) if pk is not None else others).first()
    if clash is not None:
        raise SynonymError(
            interpolate(_("This phrase already has a synonym: %(existing)s"), existing=clash)
        )
    synonym = Synonym.objects.get(pk=pk) if pk else Synonym()
    synonym.phrase, synonym.replacement, synonym.note = phrase.strip(), replacement.strip(), note
    synonym.normalized = normalized
    synonym.save()
    transaction.on_commit(lambda: cache.delete(SYNONYMS_CACHE_KEY))
    return synonym


@transaction.atomic
def synonym_delete(*, pk: int) -> None:
    Synonym.objects.filter(pk=pk).delete()
    transaction.on_commit(lambda: cache.delete(SYNONYMS_CACHE_KEY))


def _analysed(kind: str, documents: list[SearchText], fuzzy: bool) -> list[SearchDocument]:
    return search_documents(kind=kind, documents=documents, fuzzy=fuzzy)


def search_reindex(
    *,
    kind: str,
    batches: Iterable[list[SearchText]],
    fuzzy: bool = False,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Index every object of kind anew from batches of text; objects not given drop out.

    Segmenting Thai is the costly part and runs in `workers` processes; rows are written here,
    batch by batch, so searches keep working while it runs. Returns how many were indexed.
    """
    started = timezone.now()
    done = 0

    def save(rows: list[SearchDocument]) -> None:
        nonlocal done
        with transaction.atomic():
            search_save(rows)
        done += sum(1 for row in rows if row.kind == kind)
        if progress is not None:
            progress(done)

    if workers <= 1:
        for batch in batches:
            save(_analysed(kind, batch, fuzzy))
    else:
        index_terms("ก")  # load the dictionaries once, before the workers fork
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            pending: deque[Future[list[SearchDocument]]] = deque()
            for batch in batches:
                pending.append(pool.submit(_analysed, kind, batch, fuzzy))
                if len(pending) >= workers * 2:
                    save(pending.popleft().result())
            while pending:
                save(pending.popleft().result())
    SearchDocument.objects.filter(
        kind__in=[kind, kind + FUZZY_SUFFIX], updated_at__lt=started
    ).delete()
    get_backend().settle()
    return done
