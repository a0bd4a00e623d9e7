"""Marking matched terms in the original text, for result lists."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from borikan.search.text import cluster_ends, clusters, fold_chars


def _is_latin_or_digit(char: str) -> bool:
    return char.isalnum() and not ("\u0e01" <= char <= "\u0e4e")


def _spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Where terms occur in text, as merged (start, end) offsets on cluster boundaries."""
    # Fold each Thai character cluster (TCC) on its own, so every offset in the folded text
    # that is a cluster boundary maps back to one in the original: a mark never ends up
    # highlighted apart from its consonant.
    folded = fold_chars(text)
    if len(folded) == len(text):
        # Folding kept every offset (the usual case): the cluster ends map to themselves.
        starts = {end: end for end in (0, *cluster_ends(text))}
    else:
        pieces: list[str] = []
        starts = {0: 0}  # offset in the folded text -> offset in the original, at cluster ends
        folded_end = original_end = 0
        for cluster in clusters(text):
            piece = fold_chars(cluster)
            pieces.append(piece)
            folded_end += len(piece)
            original_end += len(cluster)
            starts[folded_end] = original_end
        folded = "".join(pieces)
    spans: list[tuple[int, int]] = []
    for term in {t for t in terms if t}:
        at = folded.find(term)
        while at >= 0:
            end = at + len(term)
            # Latin words and numbers match whole, so "com" does not light up in "commerce".
            whole = not (
                _is_latin_or_digit(term[0]) and at and _is_latin_or_digit(folded[at - 1])
            ) and not (
                _is_latin_or_digit(term[-1])
                and end < len(folded)
                and _is_latin_or_digit(folded[end])
            )
            if whole and at in starts and end in starts:
                spans.append((starts[at], starts[end]))
            at = folded.find(term, at + 1)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(*, text: str, terms: Iterable[str]) -> SafeString:
    """Text, HTML-escaped, with each occurrence of the (analysed) terms in <mark>."""
    text = unicodedata.normalize("NFC", text)
    parts: list[str] = []
    done = 0
    for start, end in _spans(text, terms):
        parts += [escape(text[done:start]), "<mark>", escape(text[start:end]), "</mark>"]
        done = end
    parts.append(escape(text[done:]))
    # Safe: every piece of the text was escaped above.
    return mark_safe("".join(parts))


SNIPPET_SOURCE_CHARS = 20_000
# Cluster boundaries are found in a margin around the window: a cut into the text may land
# inside a cluster, and boundaries a few characters on are right again.
_MARGIN = 40
_RESYNC = 12


def _first_match(text: str, terms: list[str]) -> int:
    """Where the first term occurs in text (0 if none): a plain find on the folded text."""
    folded = fold_chars(text)
    if len(folded) != len(text):  # folding dropped or split characters: offsets differ
        spans = _spans(text, terms)
        return spans[0][0] if spans else 0
    found = [at for term in terms if (at := folded.find(term)) >= 0]
    return min(found, default=0)


def _boundaries(text: str, lo: int, hi: int) -> list[int]:
    """Cluster boundaries of text between lo and hi (offsets into text)."""
    base = max(0, lo - _MARGIN)
    found = {base + end for end in cluster_ends(text[base : hi + _MARGIN])}
    if base:
        found = {b for b in found if b >= base + _RESYNC}
    else:
        found.add(0)
    return sorted(b for b in found if lo <= b <= hi or b == 0)


def snippet(*, text: str, terms: Iterable[str], width: int = 180) -> SafeString:
    """A short window of text around its first match, marked, cut only between clusters.

    Starts a little before the match (at a space when one is near) and never splits a Thai
    character cluster, so no vowel or tone mark is left without its consonant. Only the window
    is segmented: long articles cost no more than short ones.
    """
    text = " ".join(unicodedata.normalize("NFC", text[:SNIPPET_SOURCE_CHARS]).split())
    terms = [term for term in terms if term]
    if len(text) <= width:
        return highlight(text=text, terms=terms)
    wanted = max(0, _first_match(text, terms) - width // 4)
    around = _boundaries(text, max(0, wanted - _MARGIN), wanted + width)
    start = max((b for b in around if b <= wanted), default=0)
    space = text.rfind(" ", max(0, start - 30), start + 1)
    if space >= 0 and start:
        start = space + 1
    end = max((b for b in around if start < b <= start + width), default=len(text))
    space = text.rfind(" ", start, end)
    if end < len(text) and space > end - 30:
        end = space
    parts = [mark_safe("…") if start else "", highlight(text=text[start:end], terms=terms)]
    if end < len(text):
        parts.append(mark_safe("…"))
    return mark_safe("".join(str(part) for part in parts))
