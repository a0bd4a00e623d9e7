import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from borikan.notifications.models import Message

pytestmark = pytest.mark.django_db


def test_notifications_retry_queues_due_messages(sms_outbox):
    Message.objects.create(
        channel="sms",
        recipient="+66812345678",
        body="b",
        next_attempt_at=timezone.now() - dt.timedelta(minutes=1),
    )
    out = io.StringIO()
    call_command("notifications_retry", stdout=out)
    assert "1 message(s) queued" in out.getvalue()
    assert len(sms_outbox) == 1
