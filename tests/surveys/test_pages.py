"""The client's rating link (e-mail/SMS, single use), the counter tablet and the staff's send
form, as the client and the staff see them."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from borikan.interactions.services import interaction_log
from borikan.notifications.models import Message
from borikan.surveys.links import survey_token
from borikan.surveys.models import SurveyRequest, SurveyResponse
from borikan.surveys.services import SurveyError, survey_request_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def served():
    counter = UserFactory(username="s-counter", role="counter")
    return interaction_log(
        staff=counter, channel="counter", service_code="S5", subject="ส่งออกทุเรียน"
    )


def _link_path(message: Message) -> str:
    match = re.search(r"https?://[^/]+(/survey/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_an_emailed_link_rates_the_service_once(served):
    survey_request_create(via="email", interaction=served, recipient="client@example.org")
    message = Message.objects.get(channel="email")
    assert message.recipient == "client@example.org"
    assert "1 ประทับใจ" in message.body  # Thai by default
    path = _link_path(message)

    client = Client()
    page = client.get(path)
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('name="score"') == 3 and "ประทับใจ" in html and "ไม่พอใจ" in html
    assert 'name="viewport"' in html  # phone-friendly

    done = client.post(path, {"score": "2", "comment": "  ได้ข้อมูลครบ  "})
    assert done.status_code == 200 and "บันทึกผลการประเมินแล้ว" in done.content.decode()
    response = SurveyResponse.objects.get()
    assert (response.score, response.source, response.channel, response.comment) == (
        2,
        "link",
        "counter",
        "ได้ข้อมูลครบ",
    )
    assert response.interaction == served and response.office_id == served.office_id
    assert response.request is not None

    again = client.post(path, {"score": "3"})
    assert again.status_code == 409
    assert SurveyResponse.objects.get().score == 2
    assert client.get(path).status_code == 409


def test_an_sms_link_needs_a_thai_mobile_number(served, sms_outbox):
    with pytest.raises(SurveyError) as error:
        survey_request_create(via="sms", interaction=served, recipient="12345")
    assert error.value.code == "recipient_invalid"
    assert "081" in error.value.message_in("th")
    survey_request_create(via="sms", interaction=served, recipient="081-234-5678")
    message = Message.objects.get(channel="sms")
    assert message.recipient == "+66812345678" and "/survey/" in message.body


def test_a_changed_or_expired_link_is_refused_in_thai_and_english(served):
    request = survey_request_create(via="email", interaction=served, recipient="a@example.org")
    token = survey_token(request)
    bad = Client().get(f"/survey/{token[:-3]}xyz/")
    assert bad.status_code == 400
    assert "ลิงก์นี้ไม่ถูกต้อง" in bad.content.decode() and "not valid" in bad.content.decode()
    SurveyRequest.objects.filter(pk=request.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    expired = Client().post(f"/survey/{token}/", {"score": "1"})
    assert expired.status_code == 410 and "หมดอายุ" in expired.content.decode()
    assert not SurveyResponse.objects.exists()


def test_a_missing_or_wrong_score_keeps_the_comment_and_saves_nothing(served):
    request = survey_request_create(via="email", interaction=served, recipient="a@example.org")
    page = Client().post(f"/survey/{survey_token(request)}/", {"score": "7", "comment": "ช้า"})
    assert page.status_code == 400
    html = page.content.decode()
    assert "1 ประทับใจ" in html and "impressed" in html and ">ช้า</textarea>" in html
    assert not SurveyResponse.objects.exists()


def test_the_counter_tablet_rates_the_interaction_just_logged(served):
    staff = Client()
    staff.force_login(served.staff)
    url = f"/surveys/counter/{served.pk}/"
    assert staff.get(url).status_code == 200
    assert staff.get(url).status_code == 200  # reopened: the same request
    assert SurveyRequest.objects.filter(via="counter").count() == 1
    done = staff.post(url, {"score": "1"})
    assert done.status_code == 200
    response = SurveyResponse.objects.get()
    assert (response.source, response.channel, response.interaction) == (
        "counter",
        "counter",
        served,
    )
    assert staff.get(url).status_code == 409  # rated: a new client needs a new interaction


def test_staff_of_another_office_cannot_open_the_tablet(served):
    other = Client()
    other.force_login(UserFactory(username="s-prov", provincial=True))
    assert other.get(f"/surveys/counter/{served.pk}/").status_code == 404
    assert Client().get(f"/surveys/counter/{served.pk}/").status_code == 302  # sign in first


def test_staff_send_a_link_from_the_desktop(served):
    staff = Client()
    staff.force_login(served.staff)
    bad = staff.post(f"/surveys/send/{served.pk}/", {"via": "email", "recipient": "nope"})
    assert bad.status_code == 400 and "อีเมล" in bad.content.decode()
    sent = staff.post(f"/surveys/send/{served.pk}/", {"via": "email", "recipient": "c@example.org"})
    assert sent.status_code == 200 and "ส่งลิงก์ประเมินแล้ว" in sent.content.decode()
    assert Message.objects.filter(recipient="c@example.org").count() == 1


def test_the_counter_tablet_shows_the_client_no_staff_menu_and_no_sign_out(served):
    staff = Client()
    staff.force_login(served.staff)
    tablet = staff.get(f"/surveys/counter/{served.pk}/").content.decode()
    desk = staff.get("/desktop/").content.decode()
    for staff_only in ('class="mainnav"', "/contacts/", "/cases/", "/logout/"):
        assert staff_only in desk and staff_only not in tablet, staff_only
    assert served.staff.display_name not in tablet
    assert 'name="language"' in tablet and "ประทับใจ" in tablet  # the client may switch language
