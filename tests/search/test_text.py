from __future__ import annotations

import random
import subprocess
import sys
import unicodedata

import pytest

from borikan.search.text import (
    MAX_QUERY_CHARS,
    MAX_QUERY_TERMS,
    analyse_query,
    fold_chars,
    index_terms,
    normalize,
    query_terms,
    syllables,
    words,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ราคา๕๐บาท", "ราคา50บาท"),  # Thai digits
        ("๐๘๑-๒๓๔-๕๖๗๘", "081-234-5678"),
        ("น\u0e49\u0e4d\u0e32", "น้ำ"),  # SARA AM typed as NIKHAHIT + SARA AA
        ("น\u0e4d\u0e32", "นำ"),
        ("กรมการค้า E-Commerce SME", "กรมการค้า e-commerce sme"),  # Latin case
        ("ＳＭＥ１２３", "sme123"),  # full-width forms
        ("ภาษา\u200bไทย\u200c\ufeff", "ภาษาไทย"),  # zero-width characters
        ("  สวัสดี \t\n ครับ\u00a0 ", "สวัสดี ครับ"),  # whitespace
        ("ดีีีี", "ดี"),  # repeated vowel
        ("ก่่่า", "ก่า"),  # repeated tone mark
        ("เเปลก", "แปลก"),  # SARA E twice for SARA AE
        ("", ""),
        ("   ", ""),
    ],
)
def test_normalize(raw, expected):
    assert normalize(raw) == expected


def test_normalize_keeps_sara_am_composed():
    # NFKC would decompose it; we must not.
    assert normalize("ทำ") == "ทำ"
    assert "\u0e4d" not in normalize("ทำน้ำ")


@pytest.mark.parametrize("text", ["น\u0e49\u0e4d\u0e32ดีีี ๑๒", "ＡＢＣ ข้าว", "ก่่่า  เเปลก"])
def test_normalize_is_idempotent(text):
    assert normalize(normalize(text)) == normalize(text)


def test_fold_chars_keeps_length_for_thai():
    assert fold_chars("ข้าว๕๐") == "ข้าว50"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ข้าวราคาแพง", ["ข้าว", "ราคาแพง"]),
        ("สวัสดีครับ", ["สวัสดี", "ครับ"]),
        ("ร้องเรียนสินค้าราคาแพง", ["ร้องเรียน", "สินค้า", "ราคาแพง"]),
        # A ministry term from data/domain_words.txt stays whole.
        ("จดทะเบียนพาณิชย์", ["จดทะเบียนพาณิชย์"]),
        ("จดทะเบียนพาณิชย์ออนไลน์", ["จดทะเบียนพาณิชย์", "ออนไลน์"]),
        ("สายด่วน ๑๕๖๙ ร้องเรียน", ["สายด่วน", "1569", "ร้องเรียน"]),
        ("ผู้ประกอบการSMEขายออนไลน์", ["ผู้ประกอบการ", "sme", "ขาย", "ออนไลน์"]),
        ("อีเมล somchai@example.com", ["อีเมล", "somchai", "example", "com"]),
        ('"NEAR(ข้าว)" AND *', ["near", "ข้าว", "and"]),
        ("นกๆ บิน!!", ["นก", "บิน"]),
        ("😀 ... ---", []),
    ],
)
def test_words(text, expected):
    assert words(text) == expected


def test_words_keep_character_clusters_of_unknown_words():
    # Names and transliterations are not in the dictionary; a word must never start with a
    # vowel or tone mark cut from its consonant (nlpo3 alone cuts "เนียร์" into "เนียร", "์").
    for name in ["เนียร์ปชต", "ไอน์ไซด์ฟานซีทเหมียดไหม", "ศุทธิ์ออร์จีฟกรรฐ์ธุช"]:
        assert all(
            not ("\u0e31" <= w[0] <= "\u0e3a" or "\u0e47" <= w[0] <= "\u0e4e") for w in words(name)
        )
        assert "".join(words(name)) == name


def test_syllables():
    assert syllables("ประเทศไทย") == ["ประ", "เทศ", "ไทย"]
    assert syllables("ข้าวมันไก่ 50 บาท") == ["ข้าว", "มัน", "ไก่", "50", "บาท"]
    assert syllables("OTOP น่าน") == ["otop", "น่าน"]


def test_index_terms_hold_words_inner_words_and_syllables():
    terms = index_terms("ห้างหุ้นส่วนจำกัด ๕ แห่ง").split()
    assert terms[0] == "ห้างหุ้นส่วนจำกัด"
    assert {"หุ้นส่วน", "จำกัด", "ห้าง", "หุ้น", "ส่วน"} <= set(terms)
    assert "5" in terms
    assert "" not in terms


def test_index_terms_drop_punctuation_and_spaces():
    assert index_terms("(ข่าว) - ข่าว, ข่าว!") == "ข่าว ข่าว ข่าว"
    assert index_terms("...") == ""


def test_rice_and_news_stay_apart():
    assert words("ข้าว") != words("ข่าว")
    assert "ข่าว" not in index_terms("ข้าวหอมมะลิ").split()


def test_query_terms():
    assert query_terms("ร้องเรียน ราคา ไข่ไก่ ๑๐ บาท") == ["ร้องเรียน", "ราคา", "ไข่ไก่", "10", "บาท"]
    assert query_terms("ข้าว ข้าว ข้าว") == ["ข้าว"]
    assert query_terms("") == []
    assert query_terms('"*()^:-') == []


def test_analyse_query_gives_syllables_for_the_fallback():
    analysed = analyse_query("ตากลม")
    assert analysed.words == ("ตากลม",)
    assert analysed.syllables == ("ตา", "กลม")


def test_long_queries_are_capped():
    analysed = analyse_query("ข้าว" * 5_000)
    assert 0 < len(analysed.words) <= MAX_QUERY_TERMS
    assert sum(len(w) for w in words("ข้าว" * 5_000)[:1]) <= MAX_QUERY_CHARS
    many = " ".join(f"w{i}" for i in range(500))
    assert len(query_terms(many)) == MAX_QUERY_TERMS


def test_analysis_never_touches_the_network():
    # A fresh interpreter with sockets disabled: the dictionaries must all be local.
    code = (
        "import socket\n"
        "def refuse(*a, **k): raise RuntimeError('network access')\n"
        "socket.socket.connect = socket.socket.connect_ex = refuse\n"
        "socket.getaddrinfo = socket.create_connection = refuse\n"
        "import borikan\n"
        "from borikan.search.text import index_terms, query_terms\n"
        "from borikan.search.highlight import _spans\n"
        "assert index_terms('ร้องเรียนราคาสินค้า SME')\n"
        "assert query_terms('ข้าวมันไก่')\n"
        "assert _spans('ข้าวมันไก่', ['ข้าว'])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr


def test_our_normalize_is_pythainlps_in_fewer_passes():
    import random

    from pythainlp.util import normalize as pythainlp_normalize

    from borikan.search.text import thai_normalize

    alphabet = [chr(c) for c in range(0x0E01, 0x0E5C)] + [" ", " ", "\n", "a", "\u200b"]
    rng = random.Random(1203)
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert thai_normalize(text) == pythainlp_normalize(text), repr(text)


def _random_text(rng: random.Random, size: int) -> str:
    # Thai letters, vowels and marks in any order (clusters of every shape, and broken ones),
    # Thai and Arabic digits, full-width and invisible characters, Latin, spaces, newlines.
    alphabet = [chr(cp) for cp in range(0x0E01, 0x0E5C)] + list(
        "abcXYZ 09\n\u00ad\u200b\ufeff\uff21\uff41\uff10"
    )
    return "".join(rng.choice(alphabet) for _ in range(size))


def test_character_clusters_are_pythainlps():
    # cluster_ends() and clusters() match PyThaiNLP's pattern in place instead of on a copy
    # of the rest of the text: the same clusters, on random text and on real words.
    from pythainlp.tokenize.tcc import tcc, tcc_pos

    from borikan.search.text import cluster_ends, clusters

    rng = random.Random(29)
    texts = [_random_text(rng, rng.randint(0, 60)) for _ in range(3_000)]
    texts += ["เกี่ยวกับการจดทะเบียนเครื่องหมายการค้าในต่างประเทศ", "ก็", "เอเจนต์ส่งของ", ""]
    for text in texts:
        assert cluster_ends(text) == tcc_pos(text)
        assert list(clusters(text)) == list(tcc(text))


def test_fold_chars_replaces_only_what_folds():
    from borikan.search.text import _FOLD

    rng = random.Random(30)
    for _ in range(3_000):
        text = _random_text(rng, rng.randint(0, 60))
        assert fold_chars(text) == unicodedata.normalize("NFC", text).translate(_FOLD).casefold()
