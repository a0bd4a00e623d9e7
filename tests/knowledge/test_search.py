"""Thai search over articles, as agents and citizens type: on SQLite and on PostgreSQL."""

import pytest

from borikan.knowledge.selectors import article_search
from borikan.search.services import synonym_save


def refs(kb, query, public_only=False):
    names = {article.pk: name for name, article in kb.items()}
    return [names[h.article.pk] for h in article_search(query=query, public_only=public_only)]


def test_the_words_of_a_title_find_it_first(kb):
    assert refs(kb, "จดทะเบียนเครื่องหมายการค้า")[0] == "trademark"
    assert refs(kb, "ต่ออายุเครื่องหมายการค้า")[0] == "renewal"
    assert refs(kb, "จดทะเบียนบริษัท")[0] == "company"


def test_a_synonym_from_the_list_finds_the_official_words(kb):
    # จดแบรนด์ ("register a brand") is how people say จดทะเบียนเครื่องหมายการค้า.
    assert refs(kb, "จดแบรนด์")[0] == "trademark"
    assert refs(kb, "ของแพง")[0] == "prices"
    assert refs(kb, "เปิดบริษัท")[0] == "company"


def test_an_administrator_adds_a_synonym_and_search_follows_at_once(
    kb, django_capture_on_commit_callbacks
):
    assert "renewal" not in refs(kb, "ยืดเวลาแบรนด์")[:1]
    with django_capture_on_commit_callbacks(execute=True):
        synonym_save(phrase="ยืดเวลา", replacement="ต่ออายุ")
    assert refs(kb, "ยืดเวลาแบรนด์")[0] == "renewal"


def test_colloquial_words_do_not_get_in_the_way(kb):
    assert refs(kb, "อยากทราบว่าจดทะเบียนบริษัทต้องทำยังไงบ้างครับ")[0] == "company"
    assert refs(kb, "ขอถามหน่อยค่ะ ร้องเรียนของแพงได้ที่ไหนคะ")[0] == "prices"


def test_missing_tone_marks_and_vowels_still_find_the_article(kb):
    # Substring search finds nothing for these; the sound-alike trigrams find the articles.
    assert {"trademark", "renewal"} <= set(refs(kb, "เครืองหมายการคา")[:3])
    assert "company" in refs(kb, "จดทะเบียนบริษท")[:2]
    assert "company" in refs(kb, "ทะเบีญนบริสัท")[:2]


def test_mixed_thai_and_english(kb):
    assert refs(kb, "จด trademark")[0] == "trademark"
    assert refs(kb, "e-Registration")[0] == "company"


def test_staff_only_articles_are_hidden_from_the_public(kb):
    assert "script" in refs(kb, "สคริปต์รับสาย")
    assert "script" not in refs(kb, "สคริปต์รับสาย", public_only=True)


def test_snippets_mark_the_words_and_never_split_a_character_cluster(make_article):
    body = ("ข้อความนำ " * 60) + "ต้องยื่นคำขอต่ออายุภายในเก้าสิบวัน" + (" ข้อความท้าย" * 60)
    article = make_article("เรื่องยาว", body)
    [hit] = [h for h in article_search(query="ต่ออายุ", public_only=True) if h.article == article]
    text = str(hit.snippet)
    assert "<mark>ต่ออายุ</mark>" in text
    assert len(text) < 400
    plain = text.replace("<mark>", "").replace("</mark>", "").strip("…")
    assert (
        plain[0]
        not in "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c"
    )


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "ก" * 10_000,
        "ราคา " * 2_000,
        '" * ( ) : NEAR AND OR NOT ^ -',
        'NEAR("จด" "แบรนด์", 2) OR *',
        "<script>alert('x')</script>",
        "'; DROP TABLE knowledge_article; --",
        "😀🇹🇭 จดทะเบียน 😀",
        "จดทะเบียน\x00บริษัท",
        "ＤＢＤ　จดทะเบียน",
        "Привет мир 你好 จดทะเบียน",
        "\u0e48\u0e49\u0e4a",  # tone marks alone
    ],
)
def test_bad_queries_give_results_or_nothing_never_an_error(kb, query):
    hits = article_search(query=query, public_only=True)
    assert len(hits) <= 10
    if "จดทะเบียน" in query:
        assert hits, "the Thai word in the query should still find something"
