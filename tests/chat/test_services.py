"""Chat services: start, messages stored once, accept with the welcome script, transfer,
close into the service log, rating, transcript, case in one action, offline inquiries."""

from __future__ import annotations

import pytest
from django.core import mail

from borikan.cases.models import Case
from borikan.chat.models import Author, CannedAnswer, Kind, Message, Status
from borikan.chat.services import (
    ChatError,
    article_send,
    canned_send,
    conversation_accept,
    conversation_case_open,
    conversation_close,
    conversation_leave_message,
    conversation_rate,
    conversation_transcript_send,
    conversation_transfer,
    file_post,
    message_post,
)
from borikan.contacts.models import Consent, Contact
from borikan.contacts.selectors import contact_timeline
from borikan.core.errors import DomainError
from borikan.core.models import Agency
from borikan.knowledge.services import ArticleInput, article_save
from borikan.notifications.models import Message as Outbox
from borikan.surveys.models import SurveyResponse
from tests.chat.conftest import MONDAY_10, fresh, online
from tests.factories import ContactFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_start_queues_the_visitor_and_creates_a_contact_with_consent(start, chat_agent):
    started = start()
    conversation = started.conversation
    assert conversation.status == Status.QUEUED
    assert started.token.startswith("bkc_") and started.token not in conversation.token_hash
    contact = conversation.contact
    assert contact.first_name_th == "มาลี" and contact.last_name_th == "ใจงาม"
    assert contact.email == "malee@example.com"
    assert contact.phones.get().number == "+66812345678"
    assert Consent.objects.get(contact=contact).purpose == "chat"


def test_a_returning_visitor_is_matched_by_phone_then_e_mail(start, chat_agent):
    known = ContactFactory(first_name_th="ดวงใจ", phone="0812345678")
    assert start().conversation.contact == known
    by_mail = ContactFactory(first_name_th="สมศรี", email="somsri@example.com")
    assert start(phone="", email="SomSri@example.com").conversation.contact == by_mail
    assert Contact.objects.count() == 2


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"name": "  "}, "required"),
        ({"consent": False}, "consent_required"),
        ({"service_code": "", "agency_code": ""}, "topic_required"),
        ({"service_code": "S99"}, "topic_invalid"),
        ({"agency_code": "NOPE"}, "agency_invalid"),
        ({"phone": "12"}, "phone_invalid"),
        ({"email": "not-an-address"}, "email_invalid"),
        ({"name": "ก" * 201}, "too_long"),
    ],
)
def test_bad_pre_chat_forms_are_refused_and_nothing_is_kept(start, chat_agent, fields, code):
    with pytest.raises(ChatError) as caught:
        start(**fields)
    assert caught.value.code == code
    assert caught.value.message_in("th") != caught.value.message_in("en")
    assert not Contact.objects.exists()


def test_a_client_message_id_makes_a_resend_return_the_stored_message(start, chat_agent):
    conversation = start().conversation
    first = message_post(
        conversation=conversation, author=Author.VISITOR, body="สวัสดีค่ะ", client_id="m-1"
    )
    again = message_post(
        conversation=conversation, author=Author.VISITOR, body="สวัสดีค่ะ", client_id="m-1"
    )
    assert first.created and not again.created
    assert again.message.pk == first.message.pk
    assert Message.objects.filter(conversation=conversation).count() == 1
    assert fresh(conversation).last_seq == 1


def test_accept_sends_the_welcome_script_and_only_one_agent_wins(start, chat_agent):
    conversation = start().conversation
    conversation_accept(conversation=conversation, by=chat_agent)
    other = UserFactory(username="chat.other")
    with pytest.raises(ChatError) as caught:
        conversation_accept(conversation=conversation, by=other)
    assert caught.value.code == "already_taken"
    script = Message.objects.get(conversation=conversation, kind=Kind.SCRIPT)
    assert "ศูนย์บริการกระทรวงพาณิชย์" in script.body and "สมหญิง" in script.body
    assert fresh(conversation).status == Status.ACTIVE


def test_an_administrators_welcome_script_replaces_the_standard_one(start, chat_agent):
    CannedAnswer.objects.create(
        title="ทักทาย", body="สวัสดีค่ะ ดิฉัน%(agent)s ยินดีให้บริการค่ะ", is_welcome=True
    )
    conversation = start().conversation
    conversation_accept(conversation=conversation, by=chat_agent)
    script = Message.objects.get(conversation=conversation, kind=Kind.SCRIPT)
    assert script.body == "สวัสดีค่ะ ดิฉันสมหญิง ยินดีให้บริการค่ะ"


def test_only_the_answering_agent_writes_and_only_while_open(start, chat_agent):
    conversation = start().conversation
    with pytest.raises(ChatError):
        message_post(conversation=conversation, author=Author.AGENT, body="x", by=chat_agent)
    conversation_accept(conversation=conversation, by=chat_agent)
    intruder = UserFactory(username="chat.intruder")
    with pytest.raises(ChatError) as caught:
        message_post(conversation=conversation, author=Author.AGENT, body="x", by=intruder)
    assert caught.value.code == "not_your_chat"
    with pytest.raises(ChatError) as caught:
        message_post(conversation=conversation, author=Author.VISITOR, body="ก" * 4001)
    assert caught.value.code == "too_long"


def test_canned_answers_and_public_articles_are_sent_as_cards(start, chat_agent):
    conversation = start().conversation
    conversation_accept(conversation=conversation, by=chat_agent)
    canned = CannedAnswer.objects.create(title="เวลาทำการ", body="เปิดทำการ 08:30-16:30 น.")
    posted = canned_send(conversation=conversation, canned_id=canned.pk, by=chat_agent)
    assert posted.message.body == "เปิดทำการ 08:30-16:30 น."
    article = article_save(
        data=ArticleInput(
            agency_code="DBD",
            title="การจดทะเบียนบริษัท",
            body="จองชื่อ แล้วยื่นจดทะเบียนทางระบบ DBD e-Registration",
            source_links=["https://www.dbd.go.th"],
        ),
        by=None,
    )
    card = article_send(conversation=conversation, article_id=article.pk, by=chat_agent).message
    assert card.kind == Kind.ARTICLE
    assert card.data["title"] == "การจดทะเบียนบริษัท"
    assert "e-Registration" in card.data["excerpt"]
    assert card.data["links"] == ["https://www.dbd.go.th"]
    internal = article_save(
        data=ArticleInput(agency_code="DBD", title="สคริปต์ภายใน", audience="internal"), by=None
    )
    with pytest.raises(ChatError) as caught:
        article_send(conversation=conversation, article_id=internal.pk, by=chat_agent)
    assert caught.value.code == "article_unavailable"


def test_files_are_checked_by_content(start, chat_agent):
    conversation = start().conversation
    message = file_post(
        conversation=conversation, name="ใบเสร็จ.pdf", data=b"%PDF-1.4 test", author="visitor"
    )
    assert message.kind == Kind.FILE and message.data["type"] == "application/pdf"
    with pytest.raises(DomainError) as caught:
        file_post(conversation=conversation, name="x.exe", data=b"MZ\x00\x00", author="visitor")
    assert caught.value.code == "file_type"
    with pytest.raises(ChatError) as caught:
        file_post(
            conversation=conversation,
            name="big.txt",
            data=b"a" * (5 * 1024 * 1024 + 1),
            author="visitor",
        )
    assert caught.value.code == "file_too_large"


def test_transfer_to_another_agent_or_to_another_agencys_queue(start, chat_agent):
    conversation = start().conversation
    conversation_accept(conversation=conversation, by=chat_agent)
    offline_agent = UserFactory(username="chat.offline")
    with pytest.raises(ChatError) as caught:
        conversation_transfer(conversation=conversation, by=chat_agent, to_agent=offline_agent)
    assert caught.value.code == "agent_offline"
    colleague = UserFactory(username="chat.colleague", first_name="ธนากร")
    online(colleague)
    conversation_transfer(conversation=conversation, by=chat_agent, to_agent=colleague)
    assert fresh(conversation).agent == colleague
    conversation_transfer(
        conversation=conversation, by=colleague, to_agency=Agency.objects.get(code="DIP")
    )
    moved = fresh(conversation)
    assert moved.status == Status.QUEUED and moved.agent is None and moved.agency.code == "DIP"
    events = list(
        Message.objects.filter(conversation=conversation, kind=Kind.EVENT).values_list(
            "body", flat=True
        )
    )
    assert any("ธนากร" in e for e in events) and any("ทรัพย์สินทางปัญญา" in e for e in events)


def test_close_logs_the_chat_on_the_contacts_timeline_and_the_visitor_rates_it(start, chat_agent):
    conversation = start().conversation
    message_post(conversation=conversation, author=Author.VISITOR, body="จดทะเบียนบริษัทอย่างไร")
    conversation_accept(conversation=conversation, by=chat_agent)
    with pytest.raises(ChatError) as caught:
        conversation_rate(conversation=conversation, score=1)
    assert caught.value.code == "nothing_to_rate"
    conversation_close(conversation=conversation, by=chat_agent)
    closed = fresh(conversation)
    interaction = closed.interaction
    assert interaction.channel == "chat" and interaction.staff == chat_agent
    assert interaction.contact == closed.contact
    assert "จดทะเบียนบริษัทอย่างไร" in interaction.subject
    assert conversation_rate(conversation=closed, score="1", comment="ดีมาก") == 1
    response = SurveyResponse.objects.get()
    assert (response.channel, response.source, response.score) == ("chat", "chat", 1)
    assert response.interaction == interaction and response.staff == chat_agent
    with pytest.raises(DomainError) as caught:
        conversation_rate(conversation=closed, score=2)
    assert caught.value.code == "already_rated"
    timeline = contact_timeline(contact=closed.contact, user=chat_agent)
    assert {"chat", "interaction"} <= {item.kind for item in timeline}


def test_a_bad_rating_is_refused(start, chat_agent):
    conversation = start().conversation
    conversation_accept(conversation=conversation, by=chat_agent)
    conversation_close(conversation=conversation, by=None)
    assert fresh(conversation).closed_by == "visitor"
    with pytest.raises(DomainError) as caught:
        conversation_rate(conversation=conversation, score=5)
    assert caught.value.code == "score_invalid"


def test_the_transcript_is_e_mailed_through_the_outbox(
    start, chat_agent, django_capture_on_commit_callbacks
):
    conversation = start().conversation
    message_post(conversation=conversation, author=Author.VISITOR, body="ขอเอกสารค่ะ")
    with django_capture_on_commit_callbacks(execute=True):
        sent_to = conversation_transcript_send(conversation=conversation)
    assert sent_to == "malee@example.com"
    queued = Outbox.objects.get(ref_kind="chat")
    assert queued.recipient == "malee@example.com" and "ขอเอกสารค่ะ" in queued.body
    # The test settings run tasks at once: the worker's delivery has sent it.
    assert mail.outbox and "ขอเอกสารค่ะ" in mail.outbox[-1].body
    no_mail = start(email="", phone="0899999999").conversation
    with pytest.raises(ChatError) as caught:
        conversation_transcript_send(conversation=no_mail)
    assert caught.value.code == "email_required"


def test_a_case_is_opened_from_the_chat_in_one_action(start, chat_agent):
    conversation = start().conversation
    conversation_accept(conversation=conversation, by=chat_agent)
    message_post(conversation=conversation, author=Author.VISITOR, body="ร้านค้าขายของเกินราคา")
    case = conversation_case_open(conversation=conversation, by=chat_agent, kind="complaint")
    assert case.origin == "chat" and case.origin_ref == conversation.public_id
    assert case.contact == fresh(conversation).contact
    assert "ร้านค้าขายของเกินราคา" in case.description
    told = Message.objects.filter(conversation=conversation, kind=Kind.EVENT).last()
    assert case.number in told.body
    with pytest.raises(ChatError):
        conversation_case_open(conversation=conversation, by=chat_agent)


def test_with_no_agent_online_the_visitor_leaves_a_message_that_becomes_an_inquiry(start):
    conversation = start().conversation
    assert conversation.status == Status.OFFLINE
    left = conversation_leave_message(conversation=conversation, body="ขอให้ติดต่อกลับค่ะ")
    case = Case.objects.get()
    assert left.case == case and case.kind == "followup" and case.origin == "chat"
    assert case.number.startswith("C") and case.description == "ขอให้ติดต่อกลับค่ะ"
    with pytest.raises(ChatError) as caught:
        conversation_leave_message(conversation=conversation, body="อีกครั้ง")
    assert caught.value.code == "already_left"


def test_outside_the_hours_or_on_a_holiday_the_chat_is_offline(start, chat_agent):
    assert start(now=MONDAY_10.replace(hour=20)).conversation.status == Status.OFFLINE
    tuesday = MONDAY_10.replace(month=12, day=1)
    assert start(now=tuesday).conversation.status == Status.QUEUED
    # 10 December 2026, Constitution Day, a Thursday: a public holiday.
    constitution_day = MONDAY_10.replace(month=12, day=10)
    assert start(now=constitution_day).conversation.status == Status.OFFLINE
    saturday = MONDAY_10.replace(month=12, day=5)
    assert start(now=saturday).conversation.status == Status.OFFLINE
