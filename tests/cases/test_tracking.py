"""The citizen follows a case: number + last 4 digits of the phone (or a tip-off's code)."""

import pytest
from django.core.cache import cache
from django.test import Client

from borikan.cases.selectors import case_track
from borikan.cases.services import case_act, case_open


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def test_number_and_phone_show_status_dates_and_public_replies_only(open_case, people):
    case = open_case()
    case_act(case=case, action="dispatch", by=people["director"], agency_code="DIT")
    case_act(case=case, action="note", by=people["officer"], note="ภายใน: ร้านนี้เคยถูกปรับ")
    case_act(case=case, action="answer", by=people["officer"], note="ร้านปรับราคาตามป้ายแล้ว")
    found = case_track(number=case.number.lower(), code="5678")
    assert found is not None
    assert found.status == "answered"
    notes = " ".join(e.note for e in found.events)
    assert "ร้านปรับราคาตามป้ายแล้ว" in notes
    assert "ภายใน" not in notes  # internal notes never reach the citizen
    assert case_track(number=case.number, code="081-234-5678") is not None  # the whole number works


def test_unknown_number_and_wrong_phone_get_the_same_answer(open_case):
    case = open_case()
    assert case_track(number=case.number, code="0000") is None
    assert case_track(number="C2569-999999", code="5678") is None
    assert case_track(number=case.number, code="") is None
    client = Client()
    wrong = client.get("/api/v1/track", {"number": case.number, "code": "0000"})
    unknown = client.get("/api/v1/track", {"number": "C2569-999999", "code": "5678"})
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json() == unknown.json()
    assert wrong.json()["error"]["message"] != wrong.json()["error"]["message_en"]


def test_anonymous_tip_off_is_tracked_with_its_secret_code(people):
    opened = case_open(
        by=people["agent"],
        kind="tipoff",
        subject="แจ้งเบาะแส",
        description="รายละเอียด",
        origin="phone",
        anonymous=True,
    )
    assert case_track(number=opened.case.number, code=opened.tracking_code.lower()) is not None
    assert case_track(number=opened.case.number, code="ABCDEFGH") is None
    assert opened.tracking_code not in str(opened.case.__dict__)  # stored hashed only


def test_tracking_api_needs_no_token_and_shows_no_personal_data(open_case):
    case = open_case()
    body = Client().get("/api/v1/track", {"number": case.number, "code": "5678"}).json()
    assert body["number"] == case.number and body["status"] == "submitted"
    flat = str(body)
    assert "ดวงใจ" not in flat and "0812345678" not in flat and "+66" not in flat


def test_guessing_is_rate_limited(open_case):
    case = open_case()
    client = Client()
    statuses = [
        client.get("/api/v1/track", {"number": case.number, "code": f"{n:04d}"}).status_code
        for n in range(25)
    ]
    assert statuses[:20] == [404] * 20
    assert statuses[-1] == 429
    limited = client.get("/api/v1/track", {"number": case.number, "code": "5678"})
    assert limited.status_code == 429  # even the right code waits: no oracle for guessers
    assert limited.json()["error"]["code"] == "too_many_attempts"


def test_tracking_page_shows_the_case(open_case):
    case = open_case()
    client = Client()
    page = client.get(f"/track/?number={case.number}")
    assert page.status_code == 200 and case.number in page.content.decode()
    shown = client.post("/track/", {"number": case.number, "code": "5678"})
    html = shown.content.decode()
    assert 'id="track-result"' in html and "ร้านค้าขายสินค้าเกินราคา" in html
    wrong = client.post("/track/", {"number": case.number, "code": "1111"})
    assert 'id="track-result"' not in wrong.content.decode()
    assert wrong.status_code == 200
