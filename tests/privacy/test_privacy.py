"""The data subject's rights (PDPA): a complete export of one person's data, erasure by
anonymisation that leaves every report total unchanged, the 30-day and 72-hour clocks, the
record of processing activities, retention, and who may do any of it."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db.models import Count
from django.test import Client
from django.utils import timezone

from borikan.api.services import api_token_create
from borikan.cases.models import Case
from borikan.cases.services import case_act, case_open
from borikan.contacts.models import Contact, ContactPhone
from borikan.contacts.selectors import contact_search
from borikan.contacts.services import contact_create
from borikan.core.export import ERASED_TEXT
from borikan.core.models import AuditEntry
from borikan.interactions.models import Interaction
from borikan.interactions.services import interaction_log
from borikan.knowledge.models import Basket
from borikan.notifications.models import Message
from borikan.notifications.services import message_queue
from borikan.privacy.models import DataSubjectRequest
from borikan.privacy.services import dsr_open, retention_apply
from borikan.surveys.models import SurveyResponse
from borikan.surveys.services import response_record
from borikan.telephony.models import Call
from tests.factories import UserFactory, thai_id

pytestmark = pytest.mark.django_db

NAME = ("ประภาพร", "ลบข้อมูล")


@pytest.fixture
def staff():
    return {
        "agent": UserFactory(username="pdpa-agent"),
        "supervisor": UserFactory(username="pdpa-supervisor", supervisor=True),
        "director": UserFactory(username="pdpa-director", director=True),
    }


@pytest.fixture
def person(staff):
    """One citizen known through every channel; and a second one who stays."""
    agent = staff["agent"]
    contact = contact_create(
        by=agent, first_name_th=NAME[0], last_name_th=NAME[1], national_id=thai_id("110170020345"),
        email="prapa@example.com", address="99 ถนนพหลโยธิน", phones=["081-555-1234"],
        consent_purposes=["notify"], notice_version="2", channel="phone",
    )  # fmt: skip
    other = contact_create(by=agent, first_name_th="สมศักดิ์", last_name_th="คงอยู่",
                           phones=["089-111-2222"])  # fmt: skip
    now = timezone.now()
    for who, number in ((contact, "+66815551234"), (other, "+66891112222")):
        Call.objects.create(
            call_id=f"c-{who.pk}", caller=number, from_raw=number, hotline="1203", contact=who,
            started_at=now, answered_at=now, state="ended",
        )  # fmt: skip
    served = interaction_log(staff=agent, channel="phone", service_code="S1",
                             subject="ถามเรื่องราคาปุ๋ยของคุณประภาพร", contact=contact,
                             notes="โทรจากบ้านเลขที่ 99")  # fmt: skip
    interaction_log(staff=agent, channel="counter", service_code="S1", subject="ถามทั่วไป",
                    contact=other)  # fmt: skip
    response_record(channel="phone", source="keypad", score=1, interaction=served,
                    comment="ประทับใจคุณวิภา")  # fmt: skip
    opened = case_open(by=agent, kind="complaint", subject="ร้านของนายสมชายขายแพง",
                       description="ประภาพรซื้อปุ๋ยราคาเกิน", origin="phone", contact=contact,
                       submit=True)  # fmt: skip
    case_act(case=opened.case, action="dispatch", by=staff["director"], agency_code="DIT")
    case_open(by=agent, kind="complaint", subject="อีกเรื่อง", description="ไม่เกี่ยวข้อง",
              origin="phone", contact=other, submit=True)  # fmt: skip
    message_queue(channel="email", recipient="prapa@example.com", subject="ผลเรื่องร้องเรียน",
                  body="เรียนคุณประภาพร", dedupe_key="pdpa-1")  # fmt: skip
    Basket.objects.create(contact=contact, email="prapa@example.com", created_by=agent)
    return contact


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _totals() -> dict:
    """What the reports count: none of it may change with an erasure."""
    return {
        "contacts": Contact.objects.count(),
        "interactions": sorted(
            Interaction.objects.values_list("channel", "service__code", "outcome", "office_id")
        ),
        "cases": sorted(
            Case.objects.values("status", "agency_id", "kind", "service_id")
            .annotate(n=Count("id"))
            .values_list("status", "agency_id", "kind", "service_id", "n")
        ),
        "due": sorted(Case.objects.values_list("due_date", "received_at")),
        "calls": sorted(Call.objects.values_list("state", "started_at", "answered_at")),
        "ratings": sorted(SurveyResponse.objects.values_list("score", "channel", "service_id")),
        "messages": Message.objects.count(),
    }


def test_an_access_request_exports_everything_about_the_person_and_is_audited(staff, person):
    request = dsr_open(by=staff["supervisor"], contact=person, kind="access", channel="อีเมล")
    assert request.due_at == request.received_at + dt.timedelta(days=30)
    response = _client(staff["supervisor"]).get(f"/privacy/requests/{request.pk}/export.json")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)["data"]
    assert data["contacts"][0]["first_name_th"] == NAME[0]
    assert data["contacts"][0]["national_id"] == thai_id("110170020345")
    assert [p["number"] for p in data["phones"]] == ["+66815551234"]
    assert data["consents"][0]["purpose"] == "notify"
    assert [c["caller"] for c in data["calls"]] == ["+66815551234"]
    assert [i["subject"] for i in data["interactions"]] == ["ถามเรื่องราคาปุ๋ยของคุณประภาพร"]
    assert [c["subject"] for c in data["cases"]] == ["ร้านของนายสมชายขายแพง"]
    assert {e["action"] for e in data["case_events"]} >= {"dispatch"}
    recipients = {m["recipient"] for m in data["messages"]}
    assert {"prapa@example.com", "+66815551234"} <= recipients  # incl. the case's receipt
    assert [b["email"] for b in data["baskets"]] == ["prapa@example.com"]
    assert [r["comment"] for r in data["satisfaction"]] == ["ประทับใจคุณวิภา"]
    assert data["appointments"] == []
    flat = json.dumps(data, ensure_ascii=False)
    assert "คงอยู่" not in flat and "+66891112222" not in flat  # nobody else's data
    assert AuditEntry.objects.filter(action="export", contact_id=person.pk).exists()


def test_erasure_blanks_the_person_everywhere_and_leaves_report_totals_unchanged(staff, person):
    before = _totals()
    request = dsr_open(by=staff["supervisor"], contact=person, kind="erasure")
    client = _client(staff["supervisor"])
    unconfirmed = client.post(f"/privacy/requests/{request.pk}/erase/", follow=True)
    assert "ยืนยัน" in unconfirmed.content.decode()
    assert Contact.objects.get(pk=person.pk).first_name_th == NAME[0]  # nothing without the box

    client.post(f"/privacy/requests/{request.pk}/erase/", {"confirm": "yes"})
    assert _totals() == before
    contact = Contact.objects.get(pk=person.pk)
    assert contact.erased_at is not None
    assert (contact.first_name_th, contact.national_id, contact.email, contact.address) == (
        "",
        "",
        "",
        "",
    )
    assert not ContactPhone.objects.filter(contact=contact).exists()
    assert contact_search(user=staff["agent"], query=NAME[0]) == []
    assert contact_search(user=staff["agent"], query="0815551234") == []
    assert Call.objects.get(call_id=f"c-{person.pk}").caller == ""
    assert Call.objects.exclude(call_id=f"c-{person.pk}").get().caller == "+66891112222"
    case = Case.objects.get(contact=contact)
    assert case.subject == ERASED_TEXT and "ประภาพร" not in case.description
    assert all(e.note in ("", ERASED_TEXT) for e in case.events.all())
    assert Interaction.objects.get(contact=contact).notes == ""
    assert SurveyResponse.objects.get().comment == ""
    assert Message.objects.get(dedupe_key="pdpa-1").recipient == ""
    assert not Message.objects.filter(recipient__in=["prapa@example.com", "+66815551234"])
    assert Message.objects.filter(recipient="+66891112222").exists()  # the other citizen's
    assert Basket.objects.get().email == ""
    request.refresh_from_db()
    assert request.status == "done" and request.handled_by == staff["supervisor"]
    again = client.post(f"/privacy/requests/{request.pk}/erase/", {"confirm": "yes"}, follow=True)
    assert "ปิดแล้ว" in again.content.decode()


def test_only_an_erasure_request_erases(staff, person):
    access = dsr_open(by=staff["supervisor"], contact=person, kind="access")
    _token, secret = api_token_create(name="dpo-tool", scopes=["privacy"])
    response = Client().post(
        f"/api/v1/privacy/requests/{access.pk}/erase", HTTP_AUTHORIZATION=f"Bearer {secret}"
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "not_erasure"
    assert Contact.objects.get(pk=person.pk).first_name_th == NAME[0]


def test_the_api_records_a_request_and_exports_with_a_privacy_token(staff, person):
    _t, secret = api_token_create(name="dpo", scopes=["privacy"])
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    created = Client().post(
        "/api/v1/privacy/requests",
        {"contact_id": person.pk, "kind": "access", "channel": "จดหมาย"},
        content_type="application/json",
        **auth,
    )
    assert created.status_code == 201
    body = created.json()
    assert body["overdue"] is False
    received = dt.datetime.fromisoformat(body["received_at"])
    assert dt.datetime.fromisoformat(body["due_at"]) - received == dt.timedelta(days=30)
    export = Client().get(f"/api/v1/privacy/requests/{body['id']}/export", **auth)
    assert export.status_code == 200 and export.json()["data"]["contacts"][0]["id"] == person.pk
    entry = AuditEntry.objects.get(action="export", contact_id=person.pk)
    assert entry.actor is None and entry.actor_repr == "api:dpo"
    missing = Client().post(
        "/api/v1/privacy/requests", {"contact_id": 999999, "kind": "access"},
        content_type="application/json", **auth,
    )  # fmt: skip
    assert missing.status_code == 404
    bad = Client().post(
        "/api/v1/privacy/requests", {"contact_id": person.pk, "kind": "delete-all"},
        content_type="application/json", **auth,
    )  # fmt: skip
    assert bad.status_code == 422


def test_who_may_handle_personal_data_requests(staff, person):
    assert _client(staff["agent"]).get("/privacy/").status_code == 403
    assert _client(staff["director"]).get("/privacy/ropa/").status_code == 403
    assert _client(staff["supervisor"]).get("/privacy/").status_code == 200
    _t, cases_only = api_token_create(name="cases-tool", scopes=["cases"])
    denied = Client().get("/api/v1/privacy/requests", HTTP_AUTHORIZATION=f"Bearer {cases_only}")
    assert denied.status_code == 401
    agent_api = _client(staff["agent"]).get("/api/v1/privacy/requests")
    assert agent_api.status_code == 403


def test_a_request_past_30_days_shows_late(staff, person):
    received = timezone.now() - dt.timedelta(days=31)
    late = dsr_open(by=staff["supervisor"], contact=person, kind="rectification",
                    received_at=received)  # fmt: skip
    assert late.overdue
    html = _client(staff["supervisor"]).get("/privacy/").content.decode()
    assert 'class="overdue"' in html


def test_a_breach_is_recorded_with_its_72_hour_clock(staff):
    client = _client(staff["supervisor"])
    discovered = timezone.localtime() - dt.timedelta(hours=80)
    response = client.post(
        "/privacy/breaches/new/",
        {
            "title": "ส่งอีเมลผลเรื่องผิดคน",
            "description": "ระบบส่งอีเมลถึงผู้ร้องผิดราย 3 ฉบับ",
            "discovered_at": discovered.strftime("%Y-%m-%dT%H:%M"),
            "data_categories": "ชื่อ, เรื่องร้องเรียน",
            "people_affected": "3",
            "risk": "risk",
        },
    )
    assert response.status_code == 302
    html = client.get("/privacy/").content.decode()
    assert "ส่งอีเมลผลเรื่องผิดคน" in html and 'class="overdue"' in html
    from borikan.privacy.models import Breach

    breach = Breach.objects.get()
    assert 7 < breach.hours_late < 9
    client.post(f"/privacy/breaches/{breach.pk}/", {"reported": "1"})
    breach.refresh_from_db()
    assert breach.reported_at is not None and breach.hours_left is None
    future = client.post(
        "/privacy/breaches/new/",
        {"title": "x", "description": "y", "discovered_at": "2999-01-01T10:00",
         "data_categories": "z", "people_affected": "1", "risk": "low"},
    )  # fmt: skip
    assert future.status_code == 200 and Breach.objects.count() == 1


def test_the_record_of_processing_activities_downloads_for_excel(staff):
    response = _client(staff["supervisor"]).get("/privacy/ropa/?format=csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    lines = [line for line in text.splitlines() if line.strip()]
    assert "วัตถุประสงค์" in lines[0] and "Lawful basis" in lines[0]
    assert any("เรื่องร้องเรียน" in line for line in lines[1:])
    assert len(lines) >= 8


def test_retention_removes_personal_data_of_old_records_only(staff, person):
    old = timezone.now() - dt.timedelta(days=800)
    Call.objects.filter(call_id=f"c-{person.pk}").update(started_at=old)
    message = Message.objects.get(dedupe_key="pdpa-1")
    Message.objects.filter(pk=message.pk).update(status="sent", created_at=old)
    case = Case.objects.get(contact=person)
    Case.objects.filter(pk=case.pk).update(status="closed", closed_at=old - dt.timedelta(days=3000))
    result = retention_apply()
    assert result == {"call numbers": 1, "messages": 1, "closed cases": 1}
    assert Call.objects.get(call_id=f"c-{person.pk}").caller == ""
    assert Call.objects.exclude(call_id=f"c-{person.pk}").get().caller == "+66891112222"
    assert Message.objects.get(pk=message.pk).recipient == ""
    assert Case.objects.get(pk=case.pk).subject == ERASED_TEXT
    assert Case.objects.exclude(pk=case.pk).get().subject == "อีกเรื่อง"
    assert retention_apply() == {"call numbers": 0, "messages": 0, "closed cases": 0}


def test_who_viewed_whose_data_is_searchable_by_contact(staff, person):
    _client(staff["agent"]).get(f"/contacts/{person.pk}/")
    html = _client(staff["supervisor"]).get(f"/privacy/audit/?contact={person.pk}").content.decode()
    assert "pdpa-agent" in html or "สมชาย" in html
    assert _client(staff["supervisor"]).get("/privacy/audit/?contact=abc").status_code == 404
    assert DataSubjectRequest.objects.count() == 0
