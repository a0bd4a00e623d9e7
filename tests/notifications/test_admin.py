import pytest
from django.test import Client
from django.urls import reverse

from borikan.notifications.delivery import MAX_ATTEMPTS
from borikan.notifications.models import Message

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(admin_user) -> Client:
    client = Client()
    client.force_login(admin_user)
    return client


def failed(**fields) -> Message:
    return Message.objects.create(
        channel="sms",
        recipient="+66812345678",
        body="b",
        status=Message.Status.FAILED,
        attempts=MAX_ATTEMPTS,
        last_error="SmsError: gateway unreachable",
        **fields,
    )


def test_list_filters_by_status_and_channel(admin_client_):
    failed()
    Message.objects.create(channel="email", recipient="a@example.com", subject="เรื่อง", body="b")
    url = reverse("admin:notifications_message_changelist")
    response = admin_client_.get(url, {"status__exact": "failed", "channel__exact": "sms"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1


def test_retry_now_sends_failed_messages_again(
    admin_client_, django_capture_on_commit_callbacks, sms_outbox
):
    message = failed()
    sent = Message.objects.create(
        channel="sms", recipient="+66812345679", body="b", status=Message.Status.SENT
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_.post(
            reverse("admin:notifications_message_changelist"),
            {"action": "retry_now", "_selected_action": [message.pk, sent.pk]},
            follow=True,
        )
    assert response.status_code == 200
    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    assert [s.to for s in sms_outbox] == ["+66812345678"]


def test_agents_cannot_open_the_outbox(agent_client):
    response = agent_client.get(reverse("admin:notifications_message_changelist"))
    assert response.status_code in {302, 403}
