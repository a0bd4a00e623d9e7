"""What a search backend does: match analysed terms in one kind of document, best first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from borikan.search.models import SearchDocument

# Relative weight of a match in each column; both backends use these ratios.
# Chosen on the knowledge base's labelled queries (docs/knowledge.md): a body match counts.
TITLE_WEIGHT = 1.0
TAGS_WEIGHT = 0.5
BODY_WEIGHT = 0.3


@dataclass(frozen=True, slots=True)
class Match:
    """One matching document: its id, a score (higher is better) and the query terms it has."""

    object_id: str
    score: float
    terms: tuple[str, ...]


class SearchBackend(Protocol):
    def match(
        self,
        *,
        kind: str,
        terms: Sequence[str],
        require_all: bool,
        limit: int,
        offset: int,
        with_terms: bool = True,
    ) -> list[Match]:
        """Documents of kind holding all terms (or any, if not require_all), best first.

        Terms come from search.text: non-empty runs of letters, digits and marks only. Each
        match says which terms it holds; without with_terms, an any-term match says all.
        """
        ...

    def prepare(self, rows: Sequence[SearchDocument]) -> None:
        """Do, ahead of save(), whatever part of writing rows needs no database (called where
        the text is analysed: in the re-index's worker processes)."""
        ...

    def save(self, rows: Sequence[SearchDocument]) -> None:
        """Write analysed rows, replacing what was indexed for the same objects, in the
        caller's transaction; no race between two saves of the same object."""
        ...

    def settle(self) -> None:
        """After many rows were saved at once (a re-index): leave the index as fast to search
        as it can be, at the writer's cost rather than the next searches'."""
        ...

    def frequencies(self, *, kind: str, terms: Sequence[str]) -> dict[str, int]:
        """How many documents hold each term (of kind, or of every kind where cheaper)."""
        ...

    def size(self, *, kind: str) -> int:
        """How many documents of kind there are."""
        ...


def terms_present(terms: Sequence[str], *columns: str) -> tuple[str, ...]:
    """Which of terms occur in the space-joined term columns, in query order."""
    stored = {term for column in columns for term in column.split()}
    return tuple(term for term in terms if term in stored)
