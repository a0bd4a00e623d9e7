import pytest

from borikan.notifications.selectors import message_list_for
from borikan.notifications.services import message_queue

pytestmark = pytest.mark.django_db


def test_messages_of_one_case_oldest_first():
    email = message_queue(
        channel="email",
        recipient="a@example.com",
        subject="s",
        body="b",
        ref_kind="case",
        ref_id="C2569-000123",
    )
    sms = message_queue(
        channel="sms",
        recipient="+66812345678",
        subject="",
        body="b",
        ref_kind="case",
        ref_id="C2569-000123",
    )
    message_queue(
        channel="sms",
        recipient="+66812345678",
        subject="",
        body="b",
        ref_kind="case",
        ref_id="C2569-000124",
    )
    message_queue(channel="sms", recipient="+66812345678", subject="", body="b")
    assert list(message_list_for(ref_kind="case", ref_id="C2569-000123")) == [email, sms]
    assert list(message_list_for(ref_kind="appointment", ref_id="C2569-000123")) == []
