"""The 15-working-day standard by the Thai working calendar, with pauses."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from borikan.cases.selectors import case_due_explanation, case_queue
from borikan.cases.services import case_act
from borikan.core.services import special_day_off_create

BANGKOK = ZoneInfo("Asia/Bangkok")


def at(y, m, d, hour=10):
    return dt.datetime(y, m, d, hour, tzinfo=BANGKOK)


def test_due_date_crosses_chakri_day_and_songkran(open_case):
    case = open_case(received_at=at(2026, 4, 3))  # a Friday
    assert case.due_date == dt.date(2026, 4, 30)  # Thursday, 15 working days later
    explanation = case_due_explanation(case=case, language="en")
    skipped = {d.date for d in explanation.skipped if d.kind != "weekend"}
    assert {dt.date(2026, 4, 6), dt.date(2026, 4, 13), dt.date(2026, 4, 15)} <= skipped
    assert "Thursday" in explanation.text and "2026" in explanation.text
    assert "ครบกำหนดวันพฤหัสบดีที่ 30 เม.ย. 2569" in case_due_explanation(case=case).text


def test_a_special_day_off_entered_by_an_administrator_moves_the_due_date(people, open_case):
    special_day_off_create(
        date=dt.date(2026, 4, 24), name_th="วันหยุดพิเศษ (มติคณะรัฐมนตรี)", by=people["supervisor"]
    )
    case = open_case(received_at=at(2026, 4, 3))
    # 04-24 is now off, so the 15th working day moves past Labour Day and Coronation Day.
    assert case.due_date == dt.date(2026, 5, 5)
    reasons = [d.reason for d in case_due_explanation(case=case).skipped]
    assert "วันหยุดพิเศษ (มติคณะรัฐมนตรี)" in reasons


def test_waiting_for_the_citizen_pauses_the_clock(open_case, people, monkeypatch):
    from django.utils import timezone

    case = open_case(received_at=at(2026, 6, 1))  # Monday
    base_due = case.due_date
    case_act(case=case, action="dispatch", by=people["director"], agency_code="DIT")
    monkeypatch.setattr(timezone, "now", lambda: at(2026, 6, 3).astimezone(dt.UTC))
    case_act(case=case, action="pause", by=people["officer"], note="ขอสำเนาใบเสร็จรับเงิน")
    monkeypatch.setattr(timezone, "now", lambda: at(2026, 6, 8).astimezone(dt.UTC))
    case_act(case=case, action="resume", by=people["officer"])
    case.refresh_from_db()
    # Paused Wednesday, resumed the next Monday: Thursday, Friday and Monday are added (3).
    assert case.paused_working_days == 3
    assert case.due_date > base_due
    explanation = case_due_explanation(case=case, language="en")
    assert "3 working day(s) the case waited" in explanation.text


def test_overdue_and_due_soon_lists(open_case, people):
    from django.utils import timezone

    old = open_case(received_at=timezone.now() - dt.timedelta(days=60))
    fresh = open_case()
    overdue = case_queue(user=people["director"], due="overdue")
    assert list(overdue) == [old]
    assert fresh not in case_queue(user=people["director"], due="overdue")
    assert case_due_explanation(case=old).left < 0


@pytest.mark.django_db
def test_escalation_tells_the_director_and_the_agency_once(
    open_case, people, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from borikan.cases.tasks import cases_escalate_overdue
    from borikan.notifications.models import Message

    old = open_case(received_at=timezone.now() - dt.timedelta(days=60))
    case_act(case=old, action="dispatch", by=people["director"], agency_code="DIT")
    with django_capture_on_commit_callbacks(execute=True):
        assert cases_escalate_overdue() == 1
    assert cases_escalate_overdue() == 0  # once, until it is dispatched again
    old.refresh_from_db()
    assert old.escalated_at is not None
    assert old.events.filter(action="escalate").exists()
    to = set(
        Message.objects.filter(dedupe_key__contains=":overdue:").values_list("recipient", flat=True)
    )
    assert to == {"dir@moc.example", "complaints@dit.example"}
