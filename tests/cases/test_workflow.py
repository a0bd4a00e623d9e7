"""SPEC S2 from receipt to close, with who may do what."""

import re

import pytest

from borikan.cases.models import Case, CaseEvent, Status, TicketCounter
from borikan.cases.numbering import year_be
from borikan.cases.selectors import CaseNotFoundError, case_get_visible, case_queue
from borikan.cases.services import CaseConflictError, CaseError, case_act, case_merge, case_open
from borikan.core.errors import PermissionDeniedError

A = CaseEvent.Action


def test_ticket_numbers_are_readable_and_per_buddhist_year(open_case):
    first, second = open_case(), open_case()
    year = year_be()
    assert first.number == f"C{year}-000001"
    assert second.number == f"C{year}-000002"
    assert TicketCounter.objects.get(year_be=year).last == 2


def test_year_is_counted_in_bangkok_time():
    import datetime as dt

    new_year_in_bangkok = dt.datetime(2026, 12, 31, 17, 30, tzinfo=dt.UTC)  # 00:30 on 1 Jan
    assert year_be(new_year_in_bangkok) == 2570
    assert year_be(dt.datetime(2026, 12, 31, 16, 59, tzinfo=dt.UTC)) == 2569


def test_the_whole_s2_path_records_every_step(open_case, people):
    case = open_case()
    assert case.status == Status.SUBMITTED  # the agent submitted it to the director at once
    case_act(case=case, action="dispatch", by=people["director"], agency_code="DIT")
    case.refresh_from_db()
    assert (case.status, case.agency.code) == (Status.DISPATCHED, "DIT")
    case_act(case=case, action="accept", by=people["officer"])
    case_act(case=case, action="note", by=people["officer"], note="โทรสอบถามร้านค้าแล้ว")
    case_act(case=case, action="answer", by=people["officer"], note="ตรวจสอบแล้ว ร้านปรับราคาแล้ว")
    case_act(case=case, action="close", by=people["agent"])
    case.refresh_from_db()
    assert case.status == Status.CLOSED
    assert case.officer == people["officer"]
    events = list(case.events.values_list("action", "to_status", "actor_repr", "public"))
    assert [e[0] for e in events] == [
        A.RECEIVED,
        A.SUBMIT,
        A.DISPATCH,
        A.ACCEPT,
        A.NOTE,
        A.ANSWER,
        A.CLOSE,
    ]
    note = case.events.get(action=A.NOTE)
    assert note.public is False  # internal notes stay apart from public replies
    assert case.events.get(action=A.ANSWER).public is True
    assert case.answered_at and case.closed_at


def test_only_the_director_dispatches(open_case, people):
    case = open_case()
    for who in ("agent", "officer", "supervisor"):
        with pytest.raises(PermissionDeniedError):
            case_act(case=case, action="dispatch", by=people[who], agency_code="DIT")
    assert Case.objects.get(pk=case.pk).status == Status.SUBMITTED


def test_dispatch_needs_a_known_agency(open_case, people):
    case = open_case()
    with pytest.raises(CaseError) as error:
        case_act(case=case, action="dispatch", by=people["director"], agency_code="NOPE")
    assert error.value.details == {"field": "agency"}


def test_officers_of_another_agency_neither_see_nor_act(open_case, people):
    case = open_case()
    case_act(case=case, action="dispatch", by=people["director"], agency_code="DIT")
    with pytest.raises(CaseNotFoundError):
        case_get_visible(user=people["other_officer"], number=case.number)
    with pytest.raises(PermissionDeniedError):
        case_act(case=case, action="accept", by=people["other_officer"])
    assert case_queue(user=people["other_officer"]).count() == 0
    assert case_queue(user=people["officer"]).count() == 1


def test_not_ours_goes_back_to_the_director(open_case, people):
    case = open_case()
    case_act(case=case, action="dispatch", by=people["director"], agency_code="DIT")
    case_act(case=case, action="not_ours", by=people["officer"], note="เป็นเรื่องของกรมพัฒนาธุรกิจการค้า")
    case.refresh_from_db()
    assert (case.status, case.agency) == (Status.SUBMITTED, None)
    assert case_queue(user=people["director"], status="undispatched").filter(pk=case.pk).exists()


def test_dispatching_a_closed_case_is_refused_clearly(open_case, people):
    case = open_case()
    case_act(case=case, action="dispatch", by=people["director"], agency_code="DIT")
    case_act(case=case, action="answer", by=people["officer"], note="ตอบแล้ว")
    case_act(case=case, action="close", by=people["agent"])
    with pytest.raises(CaseError) as error:
        case_act(case=case, action="dispatch", by=people["director"], agency_code="DBD")
    assert error.value.status == 409
    assert error.value.code == "bad_transition"
    thai, english = error.value.message_in("th"), error.value.message_in("en")
    assert re.search("[\u0e00-\u0e7f]", thai) and "Closed" not in thai  # Thai first
    assert "Closed" in english and "Dispatch to the agency" in english
    assert Case.objects.get(pk=case.pk).agency.code == "DIT"


def test_reopen_returns_an_answered_case_to_the_agency(open_case, people):
    case = open_case()
    case_act(case=case, action="dispatch", by=people["director"], agency_code="DIT")
    case_act(case=case, action="answer", by=people["officer"], note="ตอบแล้ว")
    case_act(case=case, action="reopen", by=people["agent"], note="ผู้ร้องแจ้งว่ายังไม่ได้รับการแก้ไข")
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS and case.answered_at is None


def test_notes_are_required_where_they_matter(open_case, people):
    case = open_case()
    case_act(case=case, action="dispatch", by=people["director"], agency_code="DIT")
    with pytest.raises(CaseError) as error:
        case_act(case=case, action="answer", by=people["officer"], note="   ")
    assert error.value.details == {"field": "note"}


def test_concurrent_edits_are_detected_by_version(open_case, people):
    case = open_case()
    seen_version = case.version
    case_act(case=case, action="note", by=people["agent"], note="บันทึกแรก")
    with pytest.raises(CaseConflictError) as error:
        case_act(
            case=case,
            action="dispatch",
            by=people["director"],
            agency_code="DIT",
            expected_version=seen_version,
        )
    assert error.value.status == 409
    assert Case.objects.get(pk=case.pk).status == Status.SUBMITTED


def test_duplicates_merge_and_keep_their_history(open_case, people):
    kept, duplicate = open_case(), open_case(subject="เรื่องเดิมแจ้งซ้ำ")
    case_merge(case=duplicate, into=kept, by=people["director"])
    duplicate.refresh_from_db()
    assert duplicate.status == Status.MERGED and duplicate.merged_into == kept
    assert duplicate.events.filter(action=A.MERGE).exists()
    assert kept.events.filter(action=A.NOTE, note__contains=duplicate.number).exists()
    with pytest.raises(CaseError):
        case_merge(case=kept, into=kept, by=people["director"])


def test_anonymous_is_for_tip_offs_only(people):
    with pytest.raises(CaseError) as error:
        case_open(
            by=people["agent"],
            kind="complaint",
            subject="x",
            description="y",
            origin="phone",
            anonymous=True,
        )
    assert error.value.details == {"field": "anonymous"}
    opened = case_open(
        by=people["agent"],
        kind="tipoff",
        subject="แจ้งเบาะแสโกดังกักตุนสินค้า",
        description="มีการกักตุนน้ำมันปาล์ม",
        origin="phone",
        anonymous=True,
    )
    assert opened.case.contact is None and len(opened.tracking_code) == 8


def test_a_complaint_needs_a_way_to_answer(people):
    with pytest.raises(CaseError) as error:
        case_open(
            by=people["agent"], kind="complaint", subject="x", description="y", origin="phone"
        )
    assert error.value.code == "contact_required"


def test_a_new_citizen_is_found_or_created_from_the_phone(people, citizen):
    opened = case_open(
        by=people["agent"],
        kind="complaint",
        subject="s",
        description="d",
        origin="web",
        phone="๐๘๑-๒๓๔-๕๖๗๘",
    )
    assert opened.case.contact == citizen  # Thai digits, same number: the same person
    other = case_open(
        by=None,
        actor_repr="web",
        kind="grievance",
        subject="s",
        description="d",
        origin="web",
        phone="089 999 1234",
        contact_fields={"first_name_th": "สมปอง", "last_name_th": "ขยัน"},
    )
    assert other.case.contact.display_name == "สมปอง ขยัน"
    assert other.case.tracking_phone_last4 == "1234"


def test_a_1_mb_description_is_refused_and_nothing_is_kept(open_case, people):
    before = TicketCounter.objects.filter(year_be=year_be()).values_list("last", flat=True).first()
    with pytest.raises(CaseError) as error:
        open_case(description="ก" * 1_000_000)
    assert error.value.code == "too_long"
    assert error.value.details["max_length"] == 10_000
    after = TicketCounter.objects.filter(year_be=year_be()).values_list("last", flat=True).first()
    assert before == after  # no number was used up
    assert Case.objects.count() == 0


def test_referrals_keep_their_origin_reference(open_case):
    case = open_case(origin="1111", origin_ref="1111-2569-004512")
    assert (case.origin, case.origin_ref) == ("1111", "1111-2569-004512")
    assert case.get_origin_display()


@pytest.mark.parametrize("submit", [True, False], ids=["submitted at once", "received only"])
def test_opening_records_what_the_workflow_would(open_case, people, citizen, submit):
    """Written in one go, a case opened and submitted at once is what opening it and then
    submitting it gave: the status, the version, and both events with their statuses."""
    case = open_case(submit=submit)
    case.refresh_from_db()
    events = list(
        case.events.values_list("action", "from_status", "to_status", "actor", "public", "note")
    )
    received = (A.RECEIVED, "", Status.RECEIVED, people["agent"].pk, True, "")
    if submit:
        assert (case.status, case.version) == (Status.SUBMITTED, 2)
        assert events == [
            received,
            (A.SUBMIT, Status.RECEIVED, Status.SUBMITTED, people["agent"].pk, True, ""),
        ]
    else:
        assert (case.status, case.version) == (Status.RECEIVED, 1)
        assert events == [received]
    assert case.office_id == people["agent"].office_id
    assert case.tracking_phone_last4 == "5678"  # the contact's primary phone
    assert case.notify_phone == "+66812345678"
    assert case.events.order_by("created_at", "id").first().action == A.RECEIVED
