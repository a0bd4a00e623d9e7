"""The director dispatches several cases at once: from the list page and through the API; each
case goes on its own, and what cannot go is said, case by case."""

import json

import pytest
from django.test import Client

from borikan.cases.models import Case, CaseEvent, Status
from borikan.cases.services import MAX_CASES, CaseError, case_act, case_dispatch_many
from borikan.core.errors import PermissionDeniedError

A = CaseEvent.Action


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_chosen_cases_go_to_one_agency_and_the_rest_say_why(open_case, people):
    first, second, taken, closed_one = (open_case() for _ in range(4))
    case_act(case=taken, action=A.DISPATCH, by=people["director"], agency_code="DBD")
    result = case_dispatch_many(
        numbers=[first.number, second.number.lower(), taken.number, "C2569-999999", first.number],
        by=people["director"],
        agency_code="DIT",
        note="เรื่องราคาสินค้า",
    )
    assert result.done == [first.number, second.number]  # duplicates and case folded
    refused = {number: error.code for number, error in result.refused}
    assert refused == {taken.number: "bad_transition", "C2569-999999": "not_found"}
    for case in (first, second):
        case.refresh_from_db()
        assert (case.status, case.agency.code) == (Status.DISPATCHED, "DIT")
        event = case.events.get(action=A.DISPATCH)
        assert event.actor == people["director"] and event.note == "เรื่องราคาสินค้า"
    taken.refresh_from_db()
    assert taken.agency.code == "DBD"  # untouched
    assert closed_one.status == Status.SUBMITTED


@pytest.mark.parametrize(
    ("numbers", "agency", "code"),
    [
        ([], "DIT", "nothing_chosen"),
        (["  "], "DIT", "nothing_chosen"),
        ([f"C2569-{i:06d}" for i in range(MAX_CASES + 1)], "DIT", "too_many"),
        (None, "NOPE", "agency_required"),
        (None, "", "agency_required"),
    ],
)
def test_a_bad_choice_is_refused_whole_and_nothing_moves(open_case, people, numbers, agency, code):
    case = open_case()
    with pytest.raises(CaseError) as error:
        case_dispatch_many(
            numbers=[case.number] if numbers is None else numbers,
            by=people["director"],
            agency_code=agency,
        )
    assert error.value.code == code
    assert error.value.message_in("th") and error.value.message_in("en")
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED


def test_only_the_director_dispatches_many(open_case, people):
    case = open_case()
    for role in ("agent", "supervisor", "officer"):
        with pytest.raises(PermissionDeniedError):
            case_dispatch_many(numbers=[case.number], by=people[role], agency_code="DIT")
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED


def test_the_director_ticks_cases_on_the_list_and_dispatches_them(open_case, people):
    cases = [open_case() for _ in range(3)]
    director = _client(people["director"])
    page = director.get("/cases/?status=undispatched").content.decode()
    for case in cases:
        assert f'name="numbers" value="{case.number}"' in page
    assert "ส่งเรื่องที่เลือก" in page
    response = director.post(
        "/cases/dispatch/",
        {
            "numbers": [cases[0].number, cases[1].number],
            "agency": "DIT",
            "query": "status=undispatched",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/cases/?status=undispatched"
    after = director.get(response["Location"]).content.decode()
    assert f"{cases[0].number}, {cases[1].number}" in after  # the message names them
    assert Case.objects.filter(status=Status.DISPATCHED).count() == 2
    # Nothing chosen: the list again with a clear message, nothing written.
    again = director.post("/cases/dispatch/", {"agency": "DIT"}, follow=True)
    assert "เลือกอย่างน้อยหนึ่งเรื่อง" in again.content.decode()
    assert Case.objects.filter(status=Status.DISPATCHED).count() == 2


def test_staff_who_do_not_dispatch_see_no_boxes_and_are_refused(open_case, people):
    case = open_case()
    agent = _client(people["agent"])
    assert 'name="numbers"' not in agent.get("/cases/").content.decode()
    response = agent.post("/cases/dispatch/", {"numbers": [case.number], "agency": "DIT"})
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED


def test_the_api_dispatches_many_for_a_signed_in_director(open_case, people):
    cases = [open_case() for _ in range(2)]
    case_act(case=cases[1], action=A.DISPATCH, by=people["director"], agency_code="DBD")
    director = _client(people["director"])
    body = {"numbers": [c.number for c in cases], "agency": "DIT", "note": "ด่วน"}
    response = director.post(
        "/api/v1/cases/dispatch", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["dispatched"] == [cases[0].number]
    [refused] = data["refused"]
    assert refused["number"] == cases[1].number and refused["code"] == "bad_transition"
    assert refused["message"] and refused["message_en"]
    bad = director.post(
        "/api/v1/cases/dispatch",
        json.dumps({"numbers": [], "agency": "DIT"}),
        content_type="application/json",
    )
    assert bad.status_code == 422
    officer = _client(people["officer"])
    forbidden = officer.post(
        "/api/v1/cases/dispatch", json.dumps(body), content_type="application/json"
    )
    assert forbidden.status_code == 403


def test_a_note_too_long_is_refused_with_the_cases_left_as_they_were(open_case, people):
    case = open_case()
    director = _client(people["director"])
    response = director.post(
        "/cases/dispatch/",
        {"numbers": [case.number], "agency": "DIT", "note": "ก" * 5001},
        follow=True,
    )
    html = response.content.decode()
    assert "ข้อความในช่อง" in html and "ไม่เกิน 5000 ตัวอักษร" in html
    assert f"{case.number}: ข้อความ" not in html  # said once for the choice, not per case
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED
