"""Signed citizen links (core/links.py): what they carry, and what an altered, expired or
foreign one says."""

from __future__ import annotations

import pytest
from django.core import signing

from borikan.core.links import LinkError, SignedLink

LINK = SignedLink(salt="borikan.test.link", max_age_seconds=60, expired="expired", key="r")


def test_a_token_reads_back_its_id_and_uid_and_matches_links_already_sent():
    token = LINK.token(42, "c0ffee")
    assert LINK.read(token) == (42, "c0ffee")
    # The format of the links sent before this helper existed: still read.
    sent = signing.dumps({"r": 7, "u": "abc"}, salt="borikan.test.link", compress=True)
    assert LINK.read(sent) == (7, "abc")


def test_altered_expired_and_foreign_tokens_are_refused_with_a_reason(monkeypatch):
    token = LINK.token(42, "c0ffee")
    with pytest.raises(LinkError) as altered:
        LINK.read(token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
    assert altered.value.code == "bad_link" and "ไม่ถูกต้อง" in altered.value.message_in("th")
    other = SignedLink(salt="borikan.other", max_age_seconds=60, expired="x", key="r")
    with pytest.raises(LinkError):
        other.read(token)  # another kind of link's salt
    short = SignedLink(salt="borikan.test.link", max_age_seconds=-1, expired="หมดอายุ", key="r")
    with pytest.raises(LinkError) as expired:
        short.read(token)
    assert expired.value.code == "link_expired" and expired.value.message_in("th") == "หมดอายุ"
    not_a_record = signing.dumps([1, 2], salt="borikan.test.link", compress=True)
    with pytest.raises(LinkError) as odd:
        LINK.read(not_a_record)
    assert odd.value.status == 404
