import io
import json

import pytest
from django.core.management import call_command
from django.test import Client

from borikan.api.services import api_token_create
from borikan.telephony.models import BlockedNumber, Call, CallEvent
from borikan.telephony.services import cti_token_create
from tests.factories import ContactFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cti_url():
    _token, secret = cti_token_create(name="pbx")
    return f"/api/v1/cti/{secret}"


def post(url, **data):
    return Client().post(url, json.dumps(data), content_type="application/json")


def test_command_prints_a_working_token():
    out = io.StringIO()
    call_command("cti_token", "create", "asterisk", stdout=out, stderr=io.StringIO())
    secret = out.getvalue().strip()
    response = post(f"/api/v1/cti/{secret}", event="newCall", callId="c0", **{"from": "0812345678"})
    assert response.status_code == 200
    assert response.json() == {}


def test_a_returning_callers_call_from_ring_to_hangup(cti_url):
    agent = UserFactory(username="a1", extension="1001")
    contact = ContactFactory(phone="081-234-5678")
    assert (
        post(
            cti_url,
            event="newCall",
            callId="c1",
            direction="in",
            to="1203",
            user=["a1"],
            **{"from": "0812345678"},
        ).json()
        == {}
    )
    call = Call.objects.get(call_id="c1")
    assert (call.state, call.caller, call.hotline, call.contact) == (
        "ringing",
        "+66812345678",
        "1203",
        contact,
    )
    assert post(cti_url, event="answer", callId="c1", answeringNumber="1001").json() == {}
    call.refresh_from_db()
    assert call.state == "answered" and call.agent == agent
    assert call.ring_seconds is not None and call.ring_seconds >= 0
    assert post(cti_url, event="hangup", callId="c1", cause="normalClearing").json() == {}
    call.refresh_from_db()
    assert call.state == "ended" and not call.is_missed and call.talk_seconds >= 0


def test_form_encoded_events_with_user_list(cti_url):
    response = Client().post(
        cti_url,
        {
            "event": "newCall",
            "callId": "f1",
            "from": "021234567",
            "to": "1203",
            "direction": "in",
            "user[]": ["a1", "a2"],
        },
    )
    assert response.status_code == 200
    assert Call.objects.get(call_id="f1").ringing_users == ["a1", "a2"]


def test_missed_call_goes_to_the_callback_list(cti_url, agent_client):
    post(cti_url, event="newCall", callId="m1", **{"from": "0898765432"})
    post(cti_url, event="hangup", callId="m1", cause="cancel")
    call = Call.objects.get(call_id="m1")
    assert call.is_missed
    body = agent_client.get("/api/v1/calls?missed=true").json()
    assert [c["call_id"] for c in body] == ["m1"]
    assert body[0]["missed"] is True
    page = agent_client.get("/calls/").content.decode()
    assert "+66898765432" in page


def test_anonymous_caller_is_logged_without_a_number(cti_url):
    assert post(cti_url, event="newCall", callId="an", **{"from": "anonymous"}).json() == {}
    call = Call.objects.get(call_id="an")
    assert call.caller == "" and call.from_raw == "anonymous" and call.contact is None


def test_blocked_number_is_rejected(cti_url):
    BlockedNumber.objects.create(number="+66811112222", reason="robocalls")
    response = post(cti_url, event="newCall", callId="b1", **{"from": "081-111-2222"})
    assert response.json() == {"action": "reject", "reason": "busy"}
    assert Call.objects.get(call_id="b1").cause == "blocked"


def test_repeated_and_out_of_order_events_lose_nothing(cti_url):
    # hangup before newCall, answer twice, newCall repeated
    assert (
        post(
            cti_url, event="hangup", callId="o1", cause="noAnswer", **{"from": "0812345678"}
        ).status_code
        == 200
    )
    assert post(cti_url, event="newCall", callId="o1", **{"from": "0812345678"}).json() == {}
    assert post(cti_url, event="answer", callId="o1").json() == {}
    call = Call.objects.get(call_id="o1")
    assert call.state == "ended" and call.answered_at is None  # answer after hangup ignored
    outcomes = list(CallEvent.objects.filter(call=call).values_list("event", "outcome"))
    assert outcomes == [
        ("hangup", "created_late"),
        ("newCall", "duplicate"),
        ("answer", "ignored_ended"),
    ]

    post(cti_url, event="newCall", callId="o2", **{"from": "0812345678"})
    post(cti_url, event="answer", callId="o2", answeringNumber="1")
    post(cti_url, event="answer", callId="o2", answeringNumber="2")
    call = Call.objects.get(call_id="o2")
    assert call.answering_number == "1"
    assert CallEvent.objects.filter(call=call, outcome="ignored_duplicate").count() == 1


def test_unknown_token_is_401(cti_url):
    response = post("/api/v1/cti/cti_nope", event="newCall", callId="x")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"


@pytest.mark.parametrize(
    "body",
    [
        {"event": "ring", "callId": "x"},
        {"event": "newCall"},
        {"event": "hangup", "callId": "x", "cause": "exploded"},
        {"event": "newCall", "callId": "x", "direction": "sideways"},
        ["not", "an", "object"],
    ],
)
def test_invalid_events_are_422_with_details(cti_url, body):
    response = Client().post(cti_url, json.dumps(body), content_type="application/json")
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_event" and error["message_en"]
    assert not Call.objects.exists()


def test_non_utf8_and_oversized_bodies(cti_url):
    response = Client().post(
        cti_url, b'{"event": "newCall", "callId": "\xff\xfe"}', content_type="application/json"
    )
    assert response.status_code == 422
    response = Client().post(
        cti_url,
        json.dumps({"event": "newCall", "callId": "x", "queue": "q" * 20000}),
        content_type="application/json",
    )
    assert response.status_code == 413


def test_caller_lookup_for_the_pbx_display():
    ContactFactory(first_name_th="สมชาย", last_name_th="ขายดี", phone="0812345678")
    _t, secret = api_token_create(name="pbx-lookup", scopes=["cti"])
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    response = Client().get("/api/v1/cti/lookup?number=%2B66812345678", **auth)
    assert response.json() == {"number": "+66812345678", "name": "สมชาย ขายดี"}
    response = Client().get("/api/v1/cti/lookup?number=081-234-5678&format=text", **auth)
    assert response.content.decode() == "สมชาย ขายดี"
    assert Client().get("/api/v1/cti/lookup?number=0899999999&format=text", **auth).content == b""
    assert Client().get("/api/v1/cti/lookup?number=0812345678").status_code == 401


def test_the_answered_card_shows_the_whole_history_in_a_fixed_number_of_queries(
    cti_url, django_assert_max_num_queries
):
    """The card of a returning caller: open cases, and the recent calls, services logged, cases
    and merged records of the contact, read with a handful of queries and no per-row ones."""
    from django.template.loader import render_to_string

    from borikan.cases.services import case_act, case_open
    from borikan.contacts.services import contact_merge
    from borikan.interactions.services import interaction_log
    from borikan.telephony.selectors import caller_card

    agent = UserFactory(username="a-card", extension="1001", first_name="วิภา", last_name="ขยัน")
    director = UserFactory(username="d-card", director=True)
    contact = ContactFactory(first_name_th="ประยูร", phone="081-234-5678")
    duplicate = ContactFactory(first_name_th="ประยูร", last_name_th="ซ้ำ", phone="089-999-0000")
    case = case_open(
        by=agent, kind="complaint", subject="ไข่ไก่แพง", description="d", origin="phone",
        contact=duplicate, submit=True,
    )  # fmt: skip
    case_act(case=case.case, action="dispatch", by=director, agency_code="DIT")
    interaction_log(
        staff=agent, channel="phone", service_code="S1", subject="ถามราคาปุ๋ย", contact=contact
    )
    post(cti_url, event="newCall", callId="old", **{"from": "0812345678"})
    post(cti_url, event="answer", callId="old", answeringNumber="1001")
    post(cti_url, event="hangup", callId="old", cause="normalClearing")
    contact_merge(source=duplicate, target=contact, by=agent)
    post(cti_url, event="newCall", callId="now", **{"from": "0812345678"})
    post(cti_url, event="answer", callId="now", answeringNumber="1001")
    call = Call.objects.select_related("contact", "agent").get(call_id="now")

    # The merges, then one query per timeline provider (calls, services, cases, baskets,
    # consultations, chats), and the open cases with their agency.
    with django_assert_max_num_queries(8):
        html = render_to_string("telephony/_card.html", caller_card(call=call))
    assert case.case.number in html and "DIT" in html  # open, dispatched to DIT
    assert "ไข่ไก่แพง" in html and "ถามราคาปุ๋ย" in html
    assert "วิภา ขยัน" in html  # who answered the earlier call
    assert "ประยูร ซ้ำ" in html  # the record merged into this one
