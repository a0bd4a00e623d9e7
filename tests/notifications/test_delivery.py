import datetime as dt
import email
import threading
import time
from email.header import decode_header, make_header
from email.policy import default as default_policy

import pytest
from django.db import connection
from django.utils import timezone

from borikan.notifications.delivery import backoff, message_attempt
from borikan.notifications.models import Message
from borikan.notifications.services import message_queue, messages_retry_due
from borikan.notifications.sms import MemoryBackend
from borikan.notifications.tasks import message_deliver

pytestmark = pytest.mark.django_db

SUBJECT = "แจ้งรับเรื่องร้องเรียนเลขที่ C2569-000123"
BODY = "เรียน คุณสมชาย ใจดี\n\nกรมการค้าภายในได้รับเรื่องของท่านแล้ว"


def parsed(envelope) -> email.message.EmailMessage:
    return email.message_from_bytes(envelope.content, policy=default_policy)


def subject_of(envelope) -> str:
    """The Subject as sent: RFC 2047 encoded words in UTF-8, decoded. (Django 5.2 folds a long
    non-ASCII subject onto a continuation line, which Python's newer parser reads with one
    leading space; mail clients show it without.)"""
    raw = email.message_from_bytes(envelope.content)["Subject"]
    assert "=?utf-8?" in raw
    return str(make_header(decode_header(raw)))


def test_backoff_doubles_up_to_an_hour():
    assert [backoff(n).total_seconds() / 60 for n in range(1, 9)] == [1, 2, 4, 8, 16, 32, 60, 60]


def test_real_smtp_receives_thai_subject_and_both_parts(
    smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = message_queue(
            channel="email",
            recipient="somchai@example.co.th",
            subject=SUBJECT,
            body=BODY,
            html="<p>เรียน คุณสมชาย ใจดี</p>",
            dedupe_key="case:C2569-000123:received:email",
        )
    message.refresh_from_db()
    assert message.status == Message.Status.SENT, message.last_error
    [envelope] = smtp_server.received
    assert envelope.rcpt_tos == ["somchai@example.co.th"]
    assert envelope.mail_from == "noreply@localhost"
    received = parsed(envelope)
    assert subject_of(envelope) == SUBJECT
    plain = received.get_body(preferencelist=("plain",)).get_content()
    assert plain.replace("\r\n", "\n").strip() == BODY
    assert "คุณสมชาย" in received.get_body(preferencelist=("html",)).get_content()


def test_smtp_down_backs_off_then_the_sweep_sends_once(
    smtp_server_later, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = message_queue(
            channel="email", recipient="somchai@example.co.th", subject=SUBJECT, body=BODY
        )
    message.refresh_from_db()
    assert message.status == Message.Status.PENDING
    assert message.attempts == 1
    assert "ConnectionRefusedError" in message.last_error
    wait = message.next_attempt_at - timezone.now()
    assert dt.timedelta(seconds=50) < wait <= dt.timedelta(minutes=1)
    assert messages_retry_due() == 0  # not due yet

    smtp_server_later.start()
    Message.objects.filter(pk=message.pk).update(
        next_attempt_at=timezone.now() - dt.timedelta(seconds=1)
    )
    assert messages_retry_due() == 1
    assert messages_retry_due() == 0
    assert message_attempt(message_id=message.pk).status == "skipped"
    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    assert message.attempts == 2
    assert message.last_error == ""
    assert len(smtp_server_later.received) == 1
    assert subject_of(smtp_server_later.received[0]) == SUBJECT


def test_with_the_database_queue_the_retry_is_a_deferred_task(
    smtp_settings, settings, django_capture_on_commit_callbacks
):
    """Production's queue can defer: the retry waits in the database, surviving restarts."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        message = message_queue(
            channel="email", recipient="somchai@example.co.th", subject=SUBJECT, body=BODY
        )
    [first] = DBTaskResult.objects.all()
    assert first.args_kwargs["kwargs"] == {"message_id": message.pk}
    assert message_deliver.call(message_id=message.pk) == "retry"  # as the worker runs it
    message.refresh_from_db()
    [retry] = DBTaskResult.objects.exclude(pk=first.pk)
    assert retry.run_after == message.next_attempt_at == message.queued_for
    assert message.status == Message.Status.PENDING
    # When due, the sweep leaves it to that task.
    Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    assert messages_retry_due() == 0


def test_a_second_claim_while_sending_does_not_send_again(settings, sms_outbox):
    """A second worker holding a task for the same message, mid-send of the first."""
    settings.SMS_BACKEND = "tests.notifications.test_delivery.ReentrantGateway"
    message = Message.objects.create(channel="sms", recipient="+66812345678", body="b")
    ReentrantGateway.message_id = message.pk
    ReentrantGateway.inner = []
    assert message_attempt(message_id=message.pk).status == "sent"
    assert ReentrantGateway.inner == ["skipped"]
    assert len(sms_outbox) == 1


class ReentrantGateway(MemoryBackend):
    message_id = 0
    inner: list = []

    def send(self, *, to: str, body: str) -> None:
        ReentrantGateway.inner.append(message_attempt(message_id=self.message_id).status)
        super().send(to=to, body=body)


class SlowGateway(MemoryBackend):
    def send(self, *, to: str, body: str) -> None:
        time.sleep(0.2)
        super().send(to=to, body=body)


@pytest.mark.django_db(transaction=True)
def test_two_workers_claiming_at_once_send_once(settings, sms_outbox):
    settings.SMS_BACKEND = "tests.notifications.test_delivery.SlowGateway"
    message = Message.objects.create(channel="sms", recipient="+66812345678", body="b")
    start = threading.Barrier(2)
    outcomes = []

    def worker():
        try:
            start.wait()
            outcomes.append(message_attempt(message_id=message.pk).status)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["sent", "skipped"]
    assert len(sms_outbox) == 1
    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    assert message.attempts == 1


def test_a_calendar_invitation_goes_as_text_calendar_with_its_method():
    from django.core import mail

    lines = ["BEGIN:VCALENDAR", "METHOD:CANCEL", "BEGIN:VEVENT", "UID:x@borikan", "END:VEVENT"]
    ics = "\r\n".join([*lines, "END:VCALENDAR", ""])
    message = Message.objects.create(
        channel="email", recipient="somsri@example.com", subject="s", body="b", calendar=ics
    )
    assert message_attempt(message_id=message.pk).status == "sent"
    sent = email.message_from_bytes(mail.outbox[0].message().as_bytes(), policy=default_policy)
    [part] = [p for p in sent.walk() if p.get_content_type() == "text/calendar"]
    assert part.get_param("method") == "CANCEL"
    assert part.get_filename() == "invite.ics"
    assert "UID:x@borikan" in part.get_content()
