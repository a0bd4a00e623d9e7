from __future__ import annotations

from borikan.search.highlight import highlight
from borikan.search.text import query_terms


def test_marks_thai_term_inside_unspaced_text():
    assert highlight(text="ข้าวมันไก่อร่อย", terms=["ข้าว"]) == "<mark>ข้าว</mark>มันไก่อร่อย"


def test_never_cuts_a_character_cluster():
    # ข่า is not a whole cluster sequence of ข่าว... but ข้าว's prefix ข้า would leave ว alone
    # only if it were a cluster end; the match must be dropped rather than split a cluster.
    assert highlight(text="ข้าวหอม", terms=["ข้"]) == "ข้าวหอม"


def test_thai_digits_match_arabic_terms():
    assert highlight(text="ราคา ๕๐ บาท", terms=query_terms("50")) == "ราคา <mark>๕๐</mark> บาท"


def test_latin_terms_match_whole_words_any_case():
    html = highlight(text="E-Commerce com", terms=["com", "commerce"])
    assert html == "E-<mark>Commerce</mark> <mark>com</mark>"


def test_escapes_html():
    html = highlight(text="<b>ข้าว</b> & ข่าว", terms=["ข้าว"])
    assert html == "&lt;b&gt;<mark>ข้าว</mark>&lt;/b&gt; &amp; ข่าว"


def test_overlapping_terms_merge():
    html = highlight(text="ข้าวมันไก่", terms=["ข้าวมัน", "มันไก่"])
    assert html == "<mark>ข้าวมันไก่</mark>"


def test_no_terms():
    assert highlight(text="a < b", terms=[]) == "a &lt; b"
