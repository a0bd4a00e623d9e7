import datetime as dt

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from borikan.core.outbox import TASK_LOST_AFTER
from borikan.notifications import services
from borikan.notifications.delivery import MAX_ATTEMPTS
from borikan.notifications.models import Message
from borikan.notifications.services import message_queue, message_retry, messages_retry_due
from borikan.notifications.sms import SmsError

pytestmark = pytest.mark.django_db

KEY = "case:C2569-000123:received:email"


class BrokenGateway:
    """An SMS gateway that is down."""

    def send(self, *, to: str, body: str) -> None:
        raise SmsError("gateway unreachable")


def make_due(message: Message) -> None:
    """The backoff has passed (rather than waiting minutes in a test)."""
    Message.objects.filter(pk=message.pk).update(
        next_attempt_at=timezone.now() - dt.timedelta(seconds=1)
    )


def test_with_the_database_queue_the_task_is_written_with_the_message(settings):
    """Production's queue is a table of the same database: the delivery task is written in
    the caller's transaction, so the worker finds both rows, or neither if it rolls back."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        message_queue(channel="sms", recipient="+66812345678", subject="", body="b")
        assert DBTaskResult.objects.count() == 1  # no wait for a commit hook
        1 / 0  # noqa: B018
    assert not Message.objects.exists() and not DBTaskResult.objects.exists()
    with transaction.atomic():
        message = message_queue(channel="sms", recipient="+66812345678", subject="", body="b")
    [task] = DBTaskResult.objects.all()
    assert task.args_kwargs["kwargs"] == {"message_id": message.pk}


def test_queued_email_is_sent_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        message = message_queue(
            channel="email",
            recipient="somchai@example.co.th",
            subject="เรื่องของท่านได้รับแล้ว",
            body="เลขที่เรื่อง C2569-000123",
            html="<p>เลขที่เรื่อง <b>C2569-000123</b></p>",
            ref_kind="case",
            ref_id="C2569-000123",
        )
        # Nothing leaves before the caller's transaction commits.
        assert mail.outbox == []
    assert len(callbacks) == 1
    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    assert message.attempts == 1
    assert message.sent_at is not None
    assert message.queued_for is None
    [sent] = mail.outbox
    assert sent.subject == "เรื่องของท่านได้รับแล้ว"
    assert sent.to == ["somchai@example.co.th"]
    assert sent.alternatives[0][1] == "text/html"


def test_queued_sms_goes_to_the_sms_backend(django_capture_on_commit_callbacks, sms_outbox):
    with django_capture_on_commit_callbacks(execute=True):
        message = message_queue(
            channel="sms", recipient="+66 81-234-5678", subject="", body="นัดหมายพรุ่งนี้ 10:00"
        )
    assert message.recipient == "+66812345678"
    assert [(s.to, s.body) for s in sms_outbox] == [("+66812345678", "นัดหมายพรุ่งนี้ 10:00")]
    message.refresh_from_db()
    assert message.status == Message.Status.SENT


def test_nothing_is_sent_when_the_callers_transaction_rolls_back(
    django_capture_on_commit_callbacks,
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        message_queue(channel="email", recipient="a@example.com", subject="s", body="b")
        raise RuntimeError
    assert callbacks == []
    assert Message.objects.count() == 0
    assert mail.outbox == []


def test_same_dedupe_key_twice_is_one_row_and_one_send(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = message_queue(
            channel="email", recipient="a@example.com", subject="s", body="b", dedupe_key=KEY
        )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        second = message_queue(
            channel="email", recipient="a@example.com", subject="s", body="b", dedupe_key=KEY
        )
    assert second == first
    assert callbacks == []
    assert Message.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_key_already_queued_is_settled_by_the_unique_key(django_capture_on_commit_callbacks):
    """No look-up first: the insert fails on the unique key inside a savepoint, the caller's
    transaction goes on, and the message already queued is returned (also when another
    transaction inserted it a moment ago)."""
    existing = Message.objects.create(
        channel="email", recipient="a@example.com", subject="s", body="b", dedupe_key=KEY
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = message_queue(
            channel="email", recipient="a@example.com", subject="s", body="b", dedupe_key=KEY
        )
        assert Message.objects.count() == 1  # the transaction is still usable
    assert again == existing
    assert callbacks == []


def test_a_new_message_is_one_insert_and_its_task_is_queued_after_commit(
    django_capture_on_commit_callbacks, django_assert_num_queries
):
    # The savepoint, the insert, the release: no look-up of the key first.
    with django_capture_on_commit_callbacks() as callbacks, django_assert_num_queries(3):
        message = message_queue(
            channel="email", recipient="a@example.com", subject="s", body="b", dedupe_key=KEY
        )
    assert message is not None and message.queued_for is not None
    assert len(callbacks) == 1


@pytest.mark.parametrize(
    ("channel", "recipient"),
    [
        ("email", "not-an-address"),
        ("email", "a@example.com\nBcc: x@example.com"),
        ("sms", "0812345678"),
        ("sms", "+1 202 555 0100"),
        ("sms", "a@example.com"),
        ("sms", ""),
    ],
)
def test_bad_recipient_is_refused(channel, recipient):
    with pytest.raises(services.NotificationError) as excinfo:
        message_queue(channel=channel, recipient=recipient, subject="s", body="b")
    assert excinfo.value.code == "bad_recipient"
    assert excinfo.value.message_in("en")
    assert Message.objects.count() == 0


def test_unknown_channel_is_refused():
    with pytest.raises(services.NotificationError) as excinfo:
        message_queue(channel="fax", recipient="+6625077882", subject="s", body="b")
    assert excinfo.value.code == "bad_channel"


def test_subject_is_one_line(django_capture_on_commit_callbacks):
    message = message_queue(
        channel="email", recipient="a@example.com", subject="เรื่อง\r\nBcc: x@example.com", body="b"
    )
    assert message.subject == "เรื่อง Bcc: x@example.com"


def test_failed_sms_backs_off_then_fails_after_max_attempts(
    django_capture_on_commit_callbacks, settings, sms_outbox
):
    settings.SMS_BACKEND = "tests.notifications.test_services.BrokenGateway"
    with django_capture_on_commit_callbacks(execute=True):
        message = message_queue(channel="sms", recipient="+66812345678", subject="", body="b")
    waits = []
    for attempt in range(1, MAX_ATTEMPTS):
        message.refresh_from_db()
        assert message.status == Message.Status.PENDING
        assert message.attempts == attempt
        assert message.last_error == "SmsError: gateway unreachable"
        waits.append(round((message.next_attempt_at - timezone.now()).total_seconds() / 60))
        # Not due yet: the sweep leaves it alone.
        assert messages_retry_due() == 0
        make_due(message)
        assert messages_retry_due() == 1
    assert waits == [1, 2, 4, 8, 16, 32, 60]
    message.refresh_from_db()
    assert message.status == Message.Status.FAILED
    assert message.attempts == MAX_ATTEMPTS
    make_due(message)
    assert messages_retry_due() == 0
    assert sms_outbox == []


def test_unexpected_error_fails_at_once(django_capture_on_commit_callbacks, settings):
    settings.DEFAULT_FROM_EMAIL = "bad\nfrom@example.com"  # Django refuses the header
    with django_capture_on_commit_callbacks(execute=True):
        message = message_queue(channel="email", recipient="a@example.com", subject="s", body="b")
    message.refresh_from_db()
    assert message.status == Message.Status.FAILED
    assert message.attempts == 1
    assert "BadHeaderError" in message.last_error


def test_retry_of_a_failed_message_starts_a_new_round(django_capture_on_commit_callbacks, agent):
    message = Message.objects.create(
        channel="sms",
        recipient="+66812345678",
        body="b",
        status=Message.Status.FAILED,
        attempts=MAX_ATTEMPTS,
        last_error="SmsError: gateway unreachable",
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert message_retry(message=message, by=agent)
    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    assert message.attempts == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert not message_retry(message=message, by=agent)


def test_sweep_requeues_a_message_whose_task_was_lost():
    """Committed, but the worker never ran its task (restart, queue emptied)."""
    message = Message.objects.create(
        channel="sms",
        recipient="+66812345678",
        body="b",
        queued_for=timezone.now() - dt.timedelta(minutes=1),
    )
    assert messages_retry_due() == 0  # its task may still be on its way
    Message.objects.filter(pk=message.pk).update(
        queued_for=timezone.now() - TASK_LOST_AFTER - dt.timedelta(seconds=1)
    )
    assert messages_retry_due() == 1
    message.refresh_from_db()
    assert message.status == Message.Status.SENT


def test_an_attachment_goes_only_with_an_email_and_only_when_small():
    pdf = services.Attachment("report.pdf", b"%PDF-1.4 small", "application/pdf")
    with pytest.raises(services.NotificationError) as sms:
        message_queue(channel="sms", recipient="+66812345678", subject="", body="x", attachment=pdf)
    assert sms.value.code == "attachment_invalid"
    huge = services.Attachment("big.pdf", b"0" * (services.ATTACHMENT_MAX_BYTES + 1), "x/y")
    with pytest.raises(services.NotificationError):
        message_queue(channel="email", recipient="a@example.com", subject="s", body="b",
                      attachment=huge)  # fmt: skip
    assert not Message.objects.exists()
    kept = message_queue(channel="email", recipient="a@example.com", subject="s", body="b",
                         attachment=pdf)  # fmt: skip
    kept.refresh_from_db()
    assert (kept.attachment_name, bytes(kept.attachment)) == ("report.pdf", b"%PDF-1.4 small")
