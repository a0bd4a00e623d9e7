"""A small known world for the reports: two months of interactions on four channels, their step
timings, ratings, calls with ring times and cases, so each test computes a figure by hand and
compares it exactly. Dates are relative to today (two and one months ago), so nothing expires."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from borikan.cases.models import Case
from borikan.catalog.selectors import service_get
from borikan.core.models import Agency, Office
from borikan.interactions.services import StepDone, interaction_log
from borikan.reports.filters import ReportFilters, month_end, month_start
from borikan.surveys.services import response_record, survey_request_create
from borikan.telephony.models import Call
from tests.factories import UserFactory

BKK = ZoneInfo("Asia/Bangkok")


def at(day: dt.date, hour: int = 10, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=BKK)


@dataclass
class World:
    m1: dt.date  # first day of the month two months ago
    m2: dt.date  # first day of last month
    filters: ReportFilters  # both months
    agent: object
    provincial: object
    interactions: list
    calls: list
    cases: dict


def _steps(start: dt.datetime, *spans: tuple[str, int]) -> list[StepDone]:
    done = []
    for key, seconds in spans:
        end = start + dt.timedelta(seconds=seconds)
        done.append(StepDone(key=key, started_at=start, ended_at=end))
        start = end
    return done


def _call(call_id: str, rang: dt.datetime, ring: int | None, agent) -> Call:
    return Call.objects.create(
        call_id=call_id,
        caller="+66812345678",
        hotline="1203",
        state=Call.State.ENDED,
        agent=agent if ring is not None else None,
        started_at=rang,
        answered_at=rang + dt.timedelta(seconds=ring) if ring is not None else None,
        ended_at=rang + dt.timedelta(minutes=5),
    )


def _case(number: str, received: dt.datetime, due: dt.date, status: str, **fields) -> Case:
    return Case.objects.create(
        number=number,
        kind="complaint",
        status=status,
        service=service_get(code="S2"),
        subject=f"เรื่อง {number}",
        description="รายละเอียด",
        origin="phone",
        office=Office.objects.get(code="MOC"),
        agency=Agency.objects.get(code="DIT"),
        received_at=received,
        due_date=due,
        **fields,
    )


@pytest.fixture
def world(db) -> World:
    today = timezone.localdate()
    m1, m2 = month_start(today, back=2), month_start(today, back=1)
    agent = UserFactory(username="r-agent", email="agent@example.org")
    provincial = UserFactory(username="r-prov", provincial=True)
    agencies = {a.code: a for a in Agency.objects.all()}

    c1 = _call("c1", at(m1 + dt.timedelta(days=9)), 10, agent)  # within 3 rings (15 s)
    c2 = _call("c2", at(m2 + dt.timedelta(days=4)), 15, agent)  # exactly 15 s: within
    c3 = _call("c3", at(m2 + dt.timedelta(days=5)), None, agent)  # missed
    c4 = _call("c4", at(m2 + dt.timedelta(days=6)), 16, agent)  # one second late

    def log(staff, channel, service, agency, topic, start, steps=(), call=None):
        return interaction_log(
            staff=staff,
            channel=channel,
            service_code=service,
            subject=f"{topic} {channel}",
            category=topic,
            agency=agencies[agency],
            call_id=call.call_id if call else "",
            started_at=start,
            ended_at=start + dt.timedelta(minutes=30),
            steps=steps,
        )

    s1 = at(m1 + dt.timedelta(days=9))
    i1 = log(
        agent, "phone", "S1", "DIT", "ราคา", s1, _steps(s1, ("greet", 200), ("inform", 400)), c1
    )
    s2 = at(m2 + dt.timedelta(days=4))
    i2 = log(agent, "phone", "S1", "DBD", "จดทะเบียน", s2, _steps(s2, ("greet", 100)), c2)
    s3 = at(m2 + dt.timedelta(days=19))
    i3 = log(provincial, "counter", "S5", "DITP", "ส่งออก", s3,
             _steps(s3, ("greet", 30), ("assess_needs", 1500)))  # fmt: skip
    s4 = at(m2 + dt.timedelta(days=20))
    i4 = log(agent, "chat", "S7", "DITP", "ส่งออก", s4)

    # Requests: a link for i3 (answered) and an SMS for i2 (never answered); phone calls
    # logged (i1, i2) and the chat (i4) were offered their ratings without a request row.
    link = survey_request_create(via="email", interaction=i3, recipient="client@example.org")
    sms = survey_request_create(via="sms", interaction=i2, recipient="081-234-5678")
    link.created_at = s3 + dt.timedelta(hours=1)
    link.save()
    sms.created_at = s2 + dt.timedelta(hours=1)
    sms.save()
    response_record(channel="phone", source="keypad", score=1, interaction=i1, call=c1,
                    responded_at=s1 + dt.timedelta(minutes=31))  # fmt: skip
    response_record(channel="counter", source="link", score=3, interaction=i3, request=link,
                    comment="รอนาน", responded_at=s3 + dt.timedelta(hours=2))  # fmt: skip
    response_record(channel="chat", source="chat", score=2, interaction=i4,
                    responded_at=s4 + dt.timedelta(minutes=31))  # fmt: skip

    # Cases: within (answered 23:30 Bangkok on its due date), late, overdue, waiting, an old
    # overdue one received before the range, and a merged one that is not counted.
    due1 = m1 + dt.timedelta(days=21)
    cases = {
        "within": _case("C1", at(m1), due1, "answered", answered_at=at(due1, 23, 30)),
        "late": _case(
            "C2",
            at(m2),
            m2 + dt.timedelta(days=21),
            "closed",
            answered_at=at(m2 + dt.timedelta(days=22)),
            closed_at=at(m2 + dt.timedelta(days=23)),
        ),
        "overdue": _case(
            "C3", at(m2 + dt.timedelta(days=9)), m2 + dt.timedelta(days=25), "in_progress"
        ),
        "waiting": _case(
            "C4", at(m2 + dt.timedelta(days=14)), today + dt.timedelta(days=30), "waiting"
        ),
        "old": _case(
            "C5",
            at(month_start(today, back=4)),
            month_start(today, back=4) + dt.timedelta(days=21),
            "dispatched",
        ),
        "merged": _case("C6", at(m2 + dt.timedelta(days=2)), m2 + dt.timedelta(days=23), "merged"),
    }
    return World(
        m1=m1,
        m2=m2,
        filters=ReportFilters(date_from=m1, date_to=month_end(m2)),
        agent=agent,
        provincial=provincial,
        interactions=[i1, i2, i3, i4],
        calls=[c1, c2, c3, c4],
        cases=cases,
    )


@pytest.fixture
def supervisor(db):
    return UserFactory(username="r-super", supervisor=True, email="super@example.org")
