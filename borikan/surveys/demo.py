"""Demo service over the last twelve months on every channel, with step timings, ring times,
rating requests and ratings (and older complaints answered on time or late), so the reports'
dashboard has trends to show. Idempotent; a few seconds."""

from __future__ import annotations

import datetime as dt
import random
import secrets
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from borikan.cases.models import Case
from borikan.cases.services import case_act, case_open
from borikan.catalog.selectors import service_get
from borikan.core.models import Agency, User
from borikan.interactions.models import Interaction
from borikan.interactions.services import StepDone, interaction_log
from borikan.surveys.models import SurveyRequest, Via
from borikan.surveys.services import response_record
from borikan.telephony.models import Call

MARK = "demo:reports"
PER_MONTH = 30
MONTHS = 12
# channel, service, staff usernames, agencies, topics
PLAN = [
    ("phone", "S1", ("agent", "agent2"), ("DIT", "DBD", "DIP", "DFT"),
     ("ราคาสินค้า", "จดทะเบียนธุรกิจ", "เครื่องหมายการค้า", "ใบรับรองถิ่นกำเนิด")),
    ("counter", "S5", ("counter", "provincial.cmi", "provincial.kkn"), ("DITP", "DTN"),
     ("ส่งออก", "สิทธิประโยชน์ FTA")),
    ("chat", "S7", ("agent", "agent2"), ("DITP",), ("ส่งออก", "ตลาดต่างประเทศ")),
    ("video", "S3", ("provincial.cmi", "provincial.kkn"), ("DIP", "DBD"),
     ("เครื่องหมายการค้า", "จดทะเบียนธุรกิจ")),
]  # fmt: skip
WEIGHTS = (12, 8, 6, 4)


def _steps(service_code: str, start: dt.datetime, rng: random.Random) -> list[StepDone]:
    """Timed steps of the service, about four in five within their standard."""
    done = []
    steps = [s for s in service_get(code=service_code).ordered_steps if s.max_seconds][:3]
    for step in steps:
        limit = step.max_seconds or 300
        seconds = rng.randint(max(limit // 4, 1), limit) if rng.random() < 0.8 else int(limit * 1.4)
        end = start + dt.timedelta(seconds=seconds)
        done.append(StepDone(key=step.key, started_at=start, ended_at=end))
        start = end
    return done


def _score(rng: random.Random, month_index: int) -> int:
    # Satisfaction improves through the year: more dissatisfied clients in the early months.
    dissatisfied = 0.22 - 0.015 * month_index
    roll = rng.random()
    return 3 if roll < dissatisfied else (1 if roll < 0.55 else 2)


def _moment(first: dt.date, rng: random.Random, now: dt.datetime) -> dt.datetime | None:
    day = first + dt.timedelta(days=rng.randint(0, 27))
    moment = dt.datetime(
        day.year,
        day.month,
        day.day,
        rng.randint(8, 15),
        rng.randint(0, 59),
        tzinfo=ZoneInfo(settings.TIME_ZONE),
    )
    if day.weekday() >= 5:
        moment -= dt.timedelta(days=2)
    return moment if moment < now - dt.timedelta(hours=12) else None


@transaction.atomic
def load() -> dict[str, int]:
    if Interaction.objects.filter(notes=MARK).exists():
        return {"rated interactions created": 0}
    staff = {u.username: u for u in User.objects.all()}
    if "agent" not in staff:
        return {"rated interactions created": 0}
    agencies = {a.code: a for a in Agency.objects.all()}
    rng = random.Random(2569_85)
    now = timezone.now()
    today = timezone.localdate()
    created = rated = 0
    for back in range(MONTHS - 1, -1, -1):
        index = today.year * 12 + today.month - 1 - back
        first = dt.date(index // 12, index % 12 + 1, 1)
        for n in range(PER_MONTH):
            channel, service, people, codes, topics = rng.choices(PLAN, weights=WEIGHTS)[0]
            start = _moment(first, rng, now)
            user = staff.get(people[n % len(people)])
            if start is None or user is None:
                continue
            call_id = ""
            if channel == "phone":
                call_id = f"demo-r-{first:%Y%m}-{n}"
                ring = rng.choice((4, 6, 9, 12, 14, 15, 18, 24))
                Call.objects.create(
                    call_id=call_id,
                    caller=f"+6681{rng.randint(1_000_000, 9_999_999)}",
                    hotline="1203",
                    state=Call.State.ENDED,
                    agent=user,
                    started_at=start - dt.timedelta(seconds=ring),
                    answered_at=start,
                    ended_at=start + dt.timedelta(minutes=12),
                )
            steps = _steps(service, start, rng)
            interaction = interaction_log(
                staff=user,
                channel=channel,
                service_code=service,
                subject=f"{rng.choice(topics)} (ตัวอย่าง)",
                category=rng.choice(topics),
                agency=agencies.get(rng.choice(codes)),
                notes=MARK,
                call_id=call_id,
                started_at=start,
                ended_at=steps[-1].ended_at if steps else start + dt.timedelta(minutes=10),
                steps=steps,
            )
            created += 1
            asked = start + dt.timedelta(minutes=20)
            request = None
            if channel in ("counter", "video"):
                request = SurveyRequest.objects.create(
                    uid=secrets.token_urlsafe(16),
                    via=Via.COUNTER if channel == "counter" else Via.EMAIL,
                    recipient="" if channel == "counter" else "client@demo.borikan.local",
                    channel=channel,
                    interaction=interaction,
                    service_id=interaction.service_id,
                    agency_id=interaction.agency_id,
                    office_id=interaction.office_id,
                    staff_id=interaction.staff_id,
                    created_at=asked,
                    expires_at=asked + dt.timedelta(days=30),
                )
            if rng.random() < 0.7:
                source = {"phone": "keypad", "counter": "counter", "chat": "chat"}.get(
                    channel, "link"
                )
                response_record(
                    channel=channel,
                    source=source,
                    score=_score(rng, MONTHS - 1 - back),
                    comment=rng.choice(["", "", "", "เจ้าหน้าที่สุภาพ ให้ข้อมูลครบ", "รอสายนาน"]),
                    interaction=interaction,
                    request=request,
                    call=interaction.call,
                    responded_at=asked + dt.timedelta(minutes=rng.randint(1, 90)),
                )
                rated += 1
    cases = _older_cases(rng, today, staff)
    return {"rated interactions created": created, "ratings": rated, "older cases": cases}


def _older_cases(rng: random.Random, today: dt.date, staff: dict[str, User]) -> int:
    """Two to four complaints a month for the months before the cases demo's six weeks,
    answered on time or a little late, so the 15-working-day trend has history."""
    agent, director = staff.get("agent"), staff.get("director")
    officer = staff.get("officer.dit")
    if agent is None or director is None or officer is None:
        return 0
    made = 0
    for back in range(MONTHS - 1, 1, -1):
        index = today.year * 12 + today.month - 1 - back
        first = dt.date(index // 12, index % 12 + 1, 1)
        for n in range(rng.randint(2, 4)):
            received = dt.datetime(
                first.year, first.month, 3 + n * 6, 10, tzinfo=ZoneInfo(settings.TIME_ZONE)
            )
            opened = case_open(
                by=agent,
                kind="complaint",
                subject=f"ร้องเรียนราคาสินค้า (ตัวอย่าง {first:%m}/{n + 1})",
                description="ร้านค้าจำหน่ายสินค้าเกินราคาที่ปิดป้าย",
                origin="phone",
                phone=f"08{rng.randint(10_000_000, 99_999_999)}",
                contact_fields={"first_name_th": "ผู้ร้อง", "last_name_th": f"ตัวอย่าง{made}"},
                submit=True,
                received_at=received,
            )
            case = opened.case
            case_act(case=case, action="dispatch", by=director, agency_code="DIT")
            case_act(case=case, action="accept", by=officer)
            case_act(case=case, action="answer", by=officer, note="ดำเนินการตามกฎหมายแล้ว")
            case.refresh_from_db()
            late = made % 4 == 3  # one in four a little late
            days = rng.randint(1, 4) if late else -rng.randint(1, 8)
            answered = dt.datetime.combine(
                case.due_date + dt.timedelta(days=days),
                dt.time(14, 0),
                tzinfo=ZoneInfo(settings.TIME_ZONE),
            )
            # Demo history: the answer is dated back to when it was given.
            Case.objects.filter(pk=case.pk).update(answered_at=answered, updated_at=answered)
            made += 1
    return made
