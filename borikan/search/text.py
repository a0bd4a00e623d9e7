"""Thai text analysis: normalisation, words, syllables, and the terms the index stores.

Thai is written without spaces between words, so both the index and the query are segmented
here, in Python, with the same code; the databases only ever see space-separated terms.

Engine: ``nlpo3``, the Rust implementation of PyThaiNLP's ``newmm``, with PyThaiNLP's word list
plus the ministry's terms (data/domain_words.txt). It agrees with ``newmm`` on dictionary words
and is 3-5x faster, which the knowledge base needs (at least 500 articles indexed a second).
On out-of-dictionary text (names, transliterations, typos) it sometimes cuts a vowel or tone
mark from its consonant ("เนียร์" -> "เนียร", "์"); ``_rejoin_marks`` puts such marks back on
the word before, so no term starts with a mark, and index and query still segment alike.
After changing the engine or the word lists, run ``borikan search reindex``.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import nlpo3
from pythainlp.corpus.common import thai_syllables, thai_words

# PyThaiNLP's normalize() runs some 50 regular expressions, most of them one per Thai vowel
# (collapse a repeated vowel); the same rules with one combined expression are 4x faster.
# tests/search/test_text.py checks the two agree on random Thai text.
_pythainlp_rules = importlib.import_module("pythainlp.util.normalize")
_REORDER = [(re.compile(pattern), repl) for pattern, repl in _pythainlp_rules._REORDER_PAIRS]
_NO_REPEAT = re.compile("([" + re.escape(_pythainlp_rules._NOREPEAT_CHARS) + "])(?:[ ]*\\1)+")


def thai_normalize(text: str) -> str:
    """PyThaiNLP's normalize(), the same rules in fewer passes."""
    rules = _pythainlp_rules
    text = rules.remove_spaces_before_marks(rules.remove_dup_spaces(rules.remove_zw(text)))
    for pattern, repl in _REORDER:
        text = pattern.sub(repl, text)
    text = _NO_REPEAT.sub(r"\1", text)
    text = rules._RE_TONEMARKS.sub(rules._last_char, text)
    return str(rules.remove_dangling(text))


# A query longer than this is cut (at a character-cluster boundary) after normalising.
MAX_QUERY_CHARS = 1_000
# More terms than this add nothing but cost to a query.
MAX_QUERY_TERMS = 32
# Each indexed field is cut to this many characters: segmenting costs about 5-10 µs a character.
MAX_INDEX_CHARS = 100_000

_THAI_DIGITS = {0x0E50 + i: str(i) for i in range(10)}
# Invisible characters that users paste from Word and web pages inside words.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
# Full-width ASCII (from Asian input methods) to ASCII; NFKC would do this, but NFKC also
# decomposes SARA AM (ำ -> ํา), which is the opposite of what Thai text needs.
_FULL_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FOLD = str.maketrans({**_THAI_DIGITS, **_INVISIBLE, **_FULL_WIDTH})
_WHITESPACE = re.compile(r"\s+")

_DATA = Path(__file__).parent / "data"

_THAI_FIRST, _THAI_LAST = "\u0e01", "\u0e4e"
_MAIYAMOK = "\u0e46"  # ๆ: "repeat the previous word"; a letter to Unicode, noise to an index
_SCRIPT_RUN = re.compile(f"[{_THAI_FIRST}-{_THAI_LAST}]+|[^{_THAI_FIRST}-{_THAI_LAST}]+")


def _kept(char: str) -> bool:
    category = unicodedata.category(char)
    return char != _MAIYAMOK and (category[0] in "LNM" or category == "Co")


@cache
def _term_run() -> re.Pattern[str]:
    """Runs of the characters SQLite's tokenizer keeps: categories L*, N*, Co and M*.

    Terms are cut exactly where ``unicode61 categories 'L* N* Co M*'`` cuts, so every term we
    store is one token to FTS5 and one lexeme to PostgreSQL. Built once, lazily (~0.2 s).
    """
    ranges: list[str] = []
    start = -1
    # Planes 0-3 and 14 hold every assigned letter, digit and mark; 15-16 are private use.
    for cp in [*range(0x40000), *range(0xE0000, 0xE1001)]:
        keep = cp < 0xE1000 and _kept(chr(cp))
        if keep and start < 0:
            start = cp
        elif not keep and start >= 0:
            ranges.append(f"{re.escape(chr(start))}-{re.escape(chr(cp - 1))}")
            start = -1
    ranges.append("\U000f0000-\U000ffffd\U00100000-\U0010fffd")
    return re.compile("[" + "".join(ranges) + "]+")


# str.translate() looks every character up in _FOLD (70 µs for a 1,600-character article);
# finding the few that fold and replacing only those is a tenth of that.
_FOLD_TEXT = {
    chr(cp): "" if to is None else chr(to) if isinstance(to, int) else to
    for cp, to in _FOLD.items()
}
_FOLDED = re.compile("[" + "".join(map(re.escape, _FOLD_TEXT)) + "]")


def fold_chars(text: str) -> str:
    """NFC, Arabic digits, ASCII for full-width forms, no invisible characters, case-folded."""
    text = unicodedata.normalize("NFC", text)
    return _FOLDED.sub(lambda found: _FOLD_TEXT[found.group()], text).casefold()


def normalize(text: str) -> str:
    """Text in one canonical form: NFC, Arabic digits, case-folded, Thai spelling fixes, spaces."""
    text = fold_chars(text)
    text = _WHITESPACE.sub(" ", text).strip()
    if not text:
        return ""
    # pythainlp: decomposed SARA AM (ํา), doubled vowels and tone marks, marks after a space.
    return thai_normalize(text).strip()


def _is_thai(piece: str) -> bool:
    return _THAI_FIRST <= piece[0] <= _THAI_LAST


def _word_list(name: str) -> frozenset[str]:
    """A word list from data/: one a line, '#' starts a comment line."""
    lines = (_DATA / name).read_text(encoding="utf-8").splitlines()
    return frozenset(
        normalize(line) for line in lines if line.strip() and not line.lstrip().startswith("#")
    )


@cache
def dictionary() -> frozenset[str]:
    """PyThaiNLP's word list and the ministry's own terms (data/domain_words.txt)."""
    return frozenset(thai_words()) | _word_list("domain_words.txt")


def _load_nlpo3(kind: str, entries: frozenset[str]) -> str:
    """Load a word list into nlpo3 (once a process; forked workers inherit it); its name."""
    text = "\n".join(sorted(entries))
    name = f"borikan-{kind}-{hashlib.sha256(text.encode()).hexdigest()[:12]}"
    path = Path(tempfile.gettempdir()) / f"{name}.txt"
    if not path.exists():
        partial = path.with_name(f"{name}.{os.getpid()}.part")
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)  # atomic: a concurrent process never reads half a list
    message, ok = nlpo3.load_dict(str(path), name)
    if not ok and "exist" not in message:
        raise RuntimeError(f"nlpo3 could not load {path}: {message}")
    return name


@cache
def _words_dictionary() -> str:
    return _load_nlpo3("words", dictionary())


@cache
def _syllables_dictionary() -> str:
    return _load_nlpo3("syllables", frozenset(thai_syllables()))


def _is_mark(char: str) -> bool:
    return char == "\u0e31" or "\u0e34" <= char <= "\u0e3a" or "\u0e47" <= char <= "\u0e4e"


def _rejoin_marks(tokens: list[str]) -> list[str]:
    """Tokens with any leading vowel or tone marks moved back onto the token before."""
    joined: list[str] = []
    for token in tokens:
        cut = 0
        while cut < len(token) and _is_mark(token[cut]):
            cut += 1
        if cut and joined:
            joined[-1] += token[:cut]
            token = token[cut:]
        if token:
            joined.append(token)
    return joined


def _segment(text: str, dictionary_name: str) -> list[str]:
    return _rejoin_marks(nlpo3.segment(text, dictionary_name))


@cache
def colloquial_words() -> frozenset[str]:
    """Words a query can do without: politeness, filler, question words (data/colloquial.txt)."""
    return _word_list("colloquial.txt")


def _words_of_normalized(text: str) -> list[str]:
    tokens: list[str] = []
    for chunk in _term_run().findall(text):
        for piece in _SCRIPT_RUN.findall(chunk):
            if _is_thai(piece):
                tokens.extend(_segment(piece, _words_dictionary()))
            else:
                tokens.append(piece)  # Latin words and numbers are kept whole
    return tokens


@lru_cache(maxsize=65_536)
def _word_syllables(word: str) -> tuple[str, ...]:
    # pythainlp's "dict" syllable engine, applied to one word: newmm over the syllable list.
    # Offline (no model file); words repeat a lot, hence the cache.
    if not _is_thai(word):
        return (word,)
    return tuple(_segment(word, _syllables_dictionary()))


@lru_cache(maxsize=65_536)
def _inner_words(word: str) -> tuple[str, ...]:
    """Dictionary words made of two or more of a compound word's syllables, but not all.

    The dictionary holds compounds (ราคาแพง, "expensive"); without this, the query ราคา
    ("price") would find that text only through the looser syllable match.
    """
    parts = _word_syllables(word)
    known = dictionary()
    found = (
        "".join(parts[start:end])
        for start in range(len(parts))
        for end in range(start + 2, len(parts) + 1)
        if end - start < len(parts)
    )
    return tuple(dict.fromkeys(inner for inner in found if inner in known))


def words(text: str) -> list[str]:
    """Normalised words of text; spaces and punctuation dropped."""
    return _words_of_normalized(normalize(text))


def syllables(text: str) -> list[str]:
    """Normalised Thai syllables of text; Latin words and numbers kept whole."""
    return [syl for word in words(text) for syl in _word_syllables(word)]


def index_terms(text: str, *, syllables: bool = True) -> str:
    """The space-joined terms stored in the index: each word, the dictionary words inside it,
    and (unless not syllables) its syllables.

    The syllables let a query that the dictionary segments differently still find the text.
    """
    terms: list[str] = []
    for word in _words_of_normalized(normalize(text[:MAX_INDEX_CHARS])):
        terms.append(word)
        parts = _word_syllables(word)
        if len(parts) > 1:
            terms.extend(_inner_words(word))
            if syllables:
                terms.extend(parts)
    return " ".join(terms)


@dataclass(frozen=True, slots=True)
class QueryTerms:
    """A query, analysed: its words, the dictionary words inside them, and their syllables."""

    words: tuple[str, ...]
    syllables: tuple[str, ...]
    inner: tuple[str, ...] = ()


# PyThaiNLP's character clusters (TCC): its tcc() matches the pattern on text[p:], a copy of
# the rest of the text at every cluster (a snippet's window took 140 µs); matching at p
# finds the same clusters (the pattern has no ^ and its $ is the end of the text either way).
# tests/search/test_text.py checks the two agree.
_CLUSTER: re.Pattern[str] = importlib.import_module("pythainlp.tokenize.tcc")._PAT_TCC


def clusters(text: str) -> Iterator[str]:
    """Text's Thai character clusters (and any other character on its own), in order."""
    at, size = 0, len(text)
    while at < size:
        found = _CLUSTER.match(text, at)
        end = found.end() if found and found.end() > at else at + 1
        yield text[at:end]
        at = end


def cluster_ends(text: str) -> set[int]:
    """Where text's character clusters end (offsets), as PyThaiNLP's tcc_pos() says."""
    ends: set[int] = set()
    at, size = 0, len(text)
    while at < size:
        found = _CLUSTER.match(text, at)
        at = found.end() if found and found.end() > at else at + 1
        ends.add(at)
    return ends


def cut_clusters(text: str, limit: int) -> str:
    """Text cut to at most limit characters, never inside a Thai character cluster."""
    if len(text) <= limit:
        return text
    ends = [end for end in cluster_ends(text[: limit + 1]) if end <= limit]
    return text[: max(ends, default=limit)]


def _unique(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))[:MAX_QUERY_TERMS]


def analyse_query(query: str, *, drop_colloquial: bool = False) -> QueryTerms:
    """The words and syllables of a user's query, deduplicated and capped.

    With drop_colloquial, politeness and question words go, unless nothing else is left.
    """
    found = _words_of_normalized(cut_clusters(normalize(query), MAX_QUERY_CHARS))
    if drop_colloquial:
        dropped = colloquial_words()
        kept = [word for word in found if word not in dropped]
        found = kept or found
    return QueryTerms(
        words=_unique(found),
        syllables=_unique([syl for word in found for syl in _word_syllables(word)]),
        inner=_unique([inner for word in found for inner in _inner_words(word)]),
    )


def query_terms(query: str) -> list[str]:
    """The word terms of a user's query (what a document must contain, all of them)."""
    return list(analyse_query(query).words)


# Fuzzy terms: the consonants of Thai text only, folded where they sound alike, in trigrams.
# Missing or wrong tone marks and vowels, and most misspelt consonants, leave most trigrams
# of a word intact, so a misspelt query still shares most of its terms with the right text.
_SOUND_ALIKE = {
    "ข": "ค", "ฃ": "ค", "ฅ": "ค", "ฆ": "ค",
    "ฉ": "ช", "ฌ": "ช",
    "ซ": "ส", "ศ": "ส", "ษ": "ส",
    "ญ": "ย",
    "ฎ": "ด", "ฏ": "ต",
    "ฐ": "ท", "ฑ": "ท", "ฒ": "ท", "ถ": "ท", "ธ": "ท",
    "ณ": "น",
    "ผ": "พ", "ภ": "พ",
    "ฝ": "ฟ",
    "ฬ": "ล",
    "ฮ": "ห",
}  # fmt: skip
_SKELETON = str.maketrans(_SOUND_ALIKE)
_THAI_CONSONANT_FIRST, _THAI_CONSONANT_LAST = "\u0e01", "\u0e2e"
GRAM = 3


def _grams(skeleton: str) -> list[str]:
    if len(skeleton) <= GRAM:
        return [skeleton] if len(skeleton) > 1 else []
    return [skeleton[i : i + GRAM] for i in range(len(skeleton) - GRAM + 1)]


def fuzzy_terms(text: str, *, limit: int = MAX_INDEX_CHARS) -> list[str]:
    """The trigrams of text's consonant skeleton (Thai) and of its Latin words and numbers."""
    grams: list[str] = []
    for chunk in _term_run().findall(normalize(text[:limit])):
        for piece in _SCRIPT_RUN.findall(chunk):
            if _is_thai(piece):
                piece = "".join(
                    char for char in piece if _THAI_CONSONANT_FIRST <= char <= _THAI_CONSONANT_LAST
                ).translate(_SKELETON)
            grams.extend(_grams(piece))
    return grams


_THAI_RUN = re.compile(r"[\u0e00-\u0e7f]+")
ZERO_WIDTH_SPACE = "\u200b"


def thai_line_breaks(text: str, *, mark: str = ZERO_WIDTH_SPACE) -> str:
    """`text` with `mark` between its Thai words, where a line may break (Thai writes no
    spaces between words; PDF and SVG writers break lines only at spaces). Nothing else of the
    text changes."""

    def cut(match: re.Match[str]) -> str:
        run = match.group(0)
        pieces = _segment(run, _words_dictionary())
        return mark.join(pieces) if "".join(pieces) == run else run

    return _THAI_RUN.sub(cut, text)
