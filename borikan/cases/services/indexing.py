"""Cases in the Thai search index (the case list's search box), and a merged contact's cases."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from borikan.cases.models import (
    Case,
)
from borikan.search.services import SearchText, search_index_many, search_reindex


def cases_repoint_contact(source_id: int, target_id: int) -> None:
    """Merge handler: a merged contact's cases follow it."""
    Case.objects.filter(contact_id=source_id).update(contact_id=target_id)


SEARCH_KIND = "case"
REINDEX_BATCH = 1_000


def _search_text(case: Case) -> SearchText:
    return SearchText(
        object_id=case.pk,
        title=case.subject,
        tags=[case.category, case.origin_ref],
        body=case.description,
        body_syllables=False,
    )


def case_index(*, case: Case) -> None:
    """Put a case's words in the Thai search index (the case list's search box uses them)."""
    search_index_many(kind=SEARCH_KIND, documents=[_search_text(case)])


def cases_reindex(workers: int = 1, progress: Callable[[int], None] | None = None) -> int:
    """Index every case anew (after a change of the search word lists)."""

    def batches() -> Iterator[list[SearchText]]:
        cases = Case.objects.only("id", "subject", "category", "origin_ref", "description")
        last = 0
        while chunk := list(cases.filter(pk__gt=last).order_by("pk")[:REINDEX_BATCH]):
            last = chunk[-1].pk
            yield [_search_text(case) for case in chunk]

    return search_reindex(kind=SEARCH_KIND, batches=batches(), workers=workers, progress=progress)
