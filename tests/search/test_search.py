"""The public API end to end, on whichever database the tests run (SQLite or PostgreSQL)."""

from __future__ import annotations

import pytest

from borikan.search.models import SearchDocument
from borikan.search.selectors import SearchHit, search_ids, search_query
from borikan.search.services import search_index, search_remove

pytestmark = pytest.mark.django_db


def test_thai_query_finds_unspaced_thai_document(articles):
    assert search_ids(kind="article", query="ห้างหุ้นส่วน") == ["register"]
    assert search_ids(kind="article", query="สำนักงานพาณิชย์") == ["register"]


def test_rice_is_not_news(articles):
    assert search_ids(kind="article", query="ข้าว") == ["rice-price"]
    assert search_ids(kind="article", query="ข่าว") == ["news"]


def test_word_inside_a_dictionary_compound_is_found(articles):
    # ราคาแพง is one dictionary word; ราคา inside it still matches, as does ราคาข้าว's ราคา.
    assert set(search_ids(kind="article", query="ราคา")) >= {"rice-price", "complaint"}


def test_all_words_must_match_first(articles):
    assert set(search_ids(kind="article", query="จดทะเบียน ออนไลน์")) == {"register", "online"}
    assert search_ids(kind="article", query="จดทะเบียน ห้างหุ้นส่วน") == ["register"]


def test_falls_back_to_syllables_when_words_find_nothing():
    search_index(kind="article", object_id="wind", title="นั่งตากลมเย็นริมแม่น้ำ")
    search_index(kind="article", object_id="other", title="ลมพัดแรง")
    # The dictionary cuts the query and the text differently; syllables still meet.
    assert search_ids(kind="article", query="ลมเย็นริม")[0] == "wind"


def test_falls_back_to_any_term(articles):
    hits = search_query(kind="article", query="ข่าว ไม่มีคำนี้แน่นอนxyz")
    assert hits[0].object_id == "news"
    assert "ข่าว" in hits[0].terms
    assert "xyz" not in hits[0].terms


def test_title_match_ranks_above_body_match():
    search_index(kind="article", object_id="body", title="ประกาศ", body="เรื่องปุ๋ยเคมี")
    search_index(kind="article", object_id="title", title="ปุ๋ยเคมี", body="ประกาศ")
    search_index(kind="article", object_id="tags", title="ประกาศ", tags="ปุ๋ยเคมี")
    hits = search_query(kind="article", query="ปุ๋ยเคมี")
    assert [hit.object_id for hit in hits] == ["title", "tags", "body"]
    assert hits[0].score > hits[1].score > hits[2].score > 0


def test_hit_carries_matched_terms(articles):
    [hit] = search_query(kind="article", query="สายด่วน ๑๕๖๙")
    assert hit == SearchHit(object_id="complaint", score=hit.score, terms=("สายด่วน", "1569"))


def test_thai_digits_match_arabic_digits(articles):
    assert search_ids(kind="article", query="1569") == ["complaint"]
    search_index(kind="article", object_id="arabic", title="เลขที่ 2567")
    assert search_ids(kind="article", query="๒๕๖๗") == ["arabic"]


def test_mixed_thai_and_english(articles):
    assert search_ids(kind="article", query="sme facebook") == ["online"]
    assert search_ids(kind="article", query="ขายผ่านFACEBOOK") == ["online"]
    assert search_ids(kind="article", query="e-commerce") == ["online"]


def test_upsert_replaces():
    search_index(kind="case", object_id=7, title="ร้องเรียนปุ๋ยปลอม")
    search_index(kind="case", object_id=7, title="สอบถามเรื่องแก๊สหุงต้ม")
    assert SearchDocument.objects.filter(kind="case").count() == 1
    assert search_ids(kind="case", query="ปุ๋ยปลอม") == []
    assert search_ids(kind="case", query="แก๊สหุงต้ม") == ["7"]


def test_index_same_text_twice_is_harmless():
    for _ in range(3):
        search_index(kind="case", object_id="x", title="ข้าวมันไก่")
    assert search_ids(kind="case", query="ข้าวมันไก่") == ["x"]


def test_remove_removes():
    search_index(kind="case", object_id=1, title="ปุ๋ยปลอม")
    search_index(kind="case", object_id=2, title="ปุ๋ยปลอมระบาด")
    search_remove(kind="case", object_id=1)
    search_remove(kind="case", object_id="never-indexed")
    assert search_ids(kind="case", query="ปุ๋ยปลอม") == ["2"]


def test_kinds_are_separate():
    search_index(kind="contact", object_id=1, title="สมชาย ใจดี")
    search_index(kind="case", object_id=1, title="สมชาย ร้องเรียน")
    assert search_ids(kind="contact", query="สมชาย") == ["1"]
    assert [h.object_id for h in search_query(kind="case", query="สมชาย")] == ["1"]
    assert search_ids(kind="article", query="สมชาย") == []


def test_tags_may_be_a_list():
    search_index(kind="article", object_id=1, title="ประกาศ", tags=["ปุ๋ย", "เกษตรกร"])
    assert search_ids(kind="article", query="เกษตรกร") == ["1"]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "!!!",
        '"',
        "'",
        '""',
        "''",
        "*",
        "ข้าว*",
        "(",
        ")",
        "ข้าว)",
        ":",
        "title:ข้าว",
        "NEAR",
        "NEAR(ข้าว ข่าว, 2)",
        "AND",
        "OR",
        "NOT",
        "ข้าว AND",
        "ข้าว OR ข่าว",
        "ข้าว NOT ข่าว",
        "-ข้าว",
        "^ข้าว",
        "ข้าว & ข่าว | !ราคา <-> ราคา",
        "ข้าว:*",
        "'ข้าว':A",
        "\\",
        "ข้าว\\' OR 1=1; --",
        '"); DROP TABLE search_searchdocument; --',
        "😀",
        "ข้าว😀ราคา",
        "\x00",
        "ข้าว\u200b",
        "ข้าว" * 2_500,
        "ก" * 10_000,
        "ข้าว " * 2_000,
        "a" * 10_000,
    ],
)
def test_hostile_queries_never_fail(articles, query):
    hits = search_query(kind="article", query=query)
    assert isinstance(hits, list)
    assert SearchDocument.objects.count() == len(articles)


@pytest.mark.parametrize("query", ["", "  ", "!!!", "(*)", "😀", '"', "ๆ"])
def test_empty_or_punctuation_query_gives_nothing(articles, query):
    assert search_query(kind="article", query=query) == []


def test_syntax_words_are_searched_as_words():
    search_index(kind="article", object_id="near", title="near and or not")
    search_index(kind="article", object_id="other", title="something else")
    assert search_ids(kind="article", query="NEAR") == ["near"]
    assert search_ids(kind="article", query="AND OR") == ["near"]
    # Quote characters only separate words; they do not make a phrase or an error.
    assert search_ids(kind="article", query='"near" "not"') == ["near"]


def test_document_text_with_syntax_characters_is_indexed(articles):
    search_index(kind="article", object_id="odd", title='ราคา "พิเศษ" (NEAR*) ^ AND: -ลด-')
    assert search_ids(kind="article", query="พิเศษ") == ["odd"]
    assert "odd" in search_ids(kind="article", query="ลด")


def test_large_document():
    body = "ร้องเรียนราคาสินค้า" * 3_000 + " ปุ๋ยปลอม"
    search_index(kind="article", object_id="big", title="รายงาน", body=body)
    assert search_ids(kind="article", query="ปุ๋ยปลอม") == ["big"]


def test_paging():
    for i in range(5):
        search_index(kind="case", object_id=i, title=f"ปุ๋ยปลอม {'ปุ๋ยปลอม ' * i}")
    first = search_ids(kind="case", query="ปุ๋ยปลอม", limit=2)
    rest = [h.object_id for h in search_query(kind="case", query="ปุ๋ยปลอม", limit=10, offset=2)]
    assert len(first) == 2 and len(rest) == 3
    assert set(first) | set(rest) == {str(i) for i in range(5)}
    # A page past the end is empty: it does not loosen the match into other documents.
    search_index(kind="case", object_id="other", title="ปุ๋ย")
    assert search_query(kind="case", query="ปุ๋ยปลอม", offset=50) == []
    assert search_query(kind="case", query="ปุ๋ยปลอม", limit=0) == []


def test_bad_keys_are_refused():
    with pytest.raises(ValueError):
        search_index(kind="", object_id=1, title="x")
    with pytest.raises(ValueError):
        search_index(kind="case", object_id="x" * 65, title="x")


def test_a_batch_saves_its_rows_at_its_end_the_last_of_an_object_winning():
    from borikan.search.services import search_batch

    with search_batch():
        search_index(kind="case", object_id=1, title="ร้านค้าขายสินค้าเกินราคา")
        search_index(kind="contact", object_id=1, title="อนันต์ ใจดี")
        search_index(kind="contact", object_id=1, title="มาลี ศรีสุข")
        assert not SearchDocument.objects.exists()
    assert search_ids(kind="case", query="เกินราคา") == ["1"]
    assert search_ids(kind="contact", query="มาลี") == ["1"]
    [contact] = SearchDocument.objects.filter(kind="contact")
    assert "อนันต์" not in contact.title


def test_a_failed_batch_indexes_nothing():
    from django.db import transaction

    from borikan.search.services import search_batch

    with pytest.raises(ZeroDivisionError), transaction.atomic(), search_batch():
        search_index(kind="case", object_id=2, title="ร้านค้าขายสินค้าเกินราคา")
        1 / 0  # noqa: B018
    assert not SearchDocument.objects.exists()
