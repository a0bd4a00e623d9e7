"""The client's basket: chosen by the agent, checked by the client, e-mailed through the outbox
to a real SMTP server on loopback; recorded on the service log and the contact's timeline."""

import pytest
from django.test import Client

from borikan.contacts.selectors import contact_timeline
from borikan.interactions.models import Interaction
from borikan.knowledge.models import BasketStatus
from borikan.knowledge.services import (
    BasketError,
    basket_add,
    basket_confirm,
    basket_open,
    basket_remove,
    basket_send,
    basket_send_link,
)
from borikan.notifications.models import Message
from tests.factories import ContactFactory, UserFactory


@pytest.fixture
def agent(db):
    return UserFactory(username="agent-kb")


@pytest.fixture
def client_contact(db):
    return ContactFactory(first_name_th="มานี", last_name_th="มีนา", email="manee@example.com")


def test_the_client_checks_then_the_basket_is_emailed(
    kb, agent, client_contact, smtp_server, django_capture_on_commit_callbacks
):
    basket = basket_open(by=agent, contact=client_contact)
    assert basket.email == "manee@example.com"
    basket = basket_add(basket=basket, article=kb["trademark"], by=agent)
    basket = basket_add(basket=basket, article=kb["renewal"], by=agent)
    with pytest.raises(BasketError) as error:
        basket_send(basket=basket, by=agent)
    assert error.value.code == "basket_unchecked"
    basket = basket_confirm(basket=basket, item_count=2)
    with django_capture_on_commit_callbacks(execute=True):
        basket = basket_send(basket=basket, by=agent)
    assert basket.status == BasketStatus.SENT

    [envelope] = smtp_server.received
    assert envelope.rcpt_tos == ["manee@example.com"]
    mail = envelope.content.decode("utf-8", "replace")
    assert "การจดทะเบียนเครื่องหมายการค้า" in mail or "=E0=B8" in mail  # Thai, maybe encoded
    message = Message.objects.get(ref_kind="basket", ref_id=str(basket.pk))
    assert message.status == "sent"
    assert "การต่ออายุเครื่องหมายการค้า" in message.body
    assert "<strong>เครื่องหมายการค้า</strong>" in message.html

    timeline = contact_timeline(contact=client_contact, user=agent)
    [item] = [i for i in timeline if i.kind == "basket"]
    assert "การจดทะเบียนเครื่องหมายการค้า" in item.summary


def test_a_changed_basket_must_be_checked_again(kb, agent):
    basket = basket_open(by=agent)
    basket = basket_add(basket=basket, article=kb["trademark"], by=agent)
    basket = basket_confirm(basket=basket, item_count=1)
    basket = basket_add(basket=basket, article=kb["company"], by=agent)
    assert basket.status == BasketStatus.OPEN
    with pytest.raises(BasketError) as error:  # the client saw one article, there are two
        basket_confirm(basket=basket, item_count=1)
    assert (error.value.code, error.value.status) == ("basket_changed", 409)
    basket = basket_confirm(basket=basket, item_count=2)
    basket = basket_remove(basket=basket, article_id=kb["company"].pk, by=agent)
    assert basket.status == BasketStatus.OPEN


def test_staff_only_articles_never_go_to_a_client(kb, agent):
    basket = basket_open(by=agent)
    with pytest.raises(BasketError) as error:
        basket_add(basket=basket, article=kb["script"], by=agent)
    assert error.value.code == "article_not_public"
    assert basket.items.count() == 0


@pytest.mark.parametrize("email", ["", "not-an-address", "a@b", "x@example.com\nBcc: y@z.com"])
def test_a_bad_email_is_refused_and_the_basket_kept(kb, agent, email):
    basket = basket_open(by=agent)
    basket = basket_add(basket=basket, article=kb["trademark"], by=agent)
    basket = basket_confirm(basket=basket, item_count=1)
    with pytest.raises(BasketError) as error:
        basket_send(basket=basket, by=agent, email=email)
    assert error.value.code == "bad_email"
    basket.refresh_from_db()
    assert (basket.status, basket.items.count()) == (BasketStatus.CONFIRMED, 1)
    assert not Message.objects.filter(ref_kind="basket").exists()


def test_a_sent_basket_cannot_change(kb, agent):
    basket = basket_open(by=agent, email="c@example.com")
    basket = basket_add(basket=basket, article=kb["trademark"], by=agent)
    basket = basket_confirm(basket=basket, item_count=1)
    basket = basket_send(basket=basket, by=agent)
    for change in (
        lambda: basket_add(basket=basket, article=kb["company"], by=agent),
        lambda: basket_send(basket=basket, by=agent),
    ):
        with pytest.raises(BasketError) as error:
            change()
        assert error.value.code == "basket_sent"
    assert Message.objects.filter(ref_kind="basket").count() == 1


def test_the_sms_link_lets_the_client_check_on_their_phone(kb, agent, sms_outbox):
    basket = basket_open(by=agent)
    basket = basket_add(basket=basket, article=kb["prices"], by=agent)
    with pytest.raises(BasketError):
        basket_send_link(basket=basket, by=agent, phone="02 507 7882")  # a landline
    basket_send_link(basket=basket, by=agent, phone="081-234-5678")
    sms = Message.objects.get(channel="sms", ref_kind="basket")
    assert sms.recipient == "+66812345678"
    link = sms.body.split("http://127.0.0.1:8000")[1].strip()
    assert link.startswith("/b/")

    phone = Client()
    page = phone.get(link)
    assert page.status_code == 200
    assert "ร้องเรียนสินค้าราคาแพงเกินจริง" in page.content.decode()
    confirmed = phone.post(link, {"item_count": "1"})
    assert confirmed.status_code == 200
    basket.refresh_from_db()
    assert basket.status == BasketStatus.CONFIRMED
    assert phone.get("/b/not-the-token/").status_code == 404


def test_the_desktop_basket_is_recorded_on_the_service_logged(kb, client_contact):
    agent = UserFactory(username="desk-agent")
    browser = Client()
    browser.force_login(agent)
    added = browser.post(
        "/kb/basket/add/",
        {"article_id": kb["company"].pk, "contact_id": client_contact.pk},
        HTTP_HX_REQUEST="true",
    )
    assert added.status_code == 200
    assert "ขั้นตอนการจดทะเบียนจัดตั้งบริษัทจำกัด" in added.content.decode()
    basket_id = browser.session["kb_basket"]
    refused = browser.post("/kb/basket/add/", {"article_id": kb["script"].pk})
    assert refused.status_code == 400
    assert 'role="alert"' in refused.content.decode()

    saved = browser.post(
        "/desktop/log/",
        {
            "channel": "counter",
            "service": "S1",
            "subject": "สอบถามการจดทะเบียนบริษัท",
            "outcome": "answered",
            "contact_id": client_contact.pk,
            "basket_id": basket_id,
        },
    )
    assert saved.status_code == 200
    interaction = Interaction.objects.get()
    assert list(interaction.baskets.values_list("pk", flat=True)) == [basket_id]
    assert "kb_basket" not in browser.session  # the next client starts with an empty basket
    listing = browser.get("/desktop/history/").content.decode()
    assert 'title="ขั้นตอนการจดทะเบียนจัดตั้งบริษัทจำกัด"' in listing  # the basket's articles


def test_the_screen_turned_to_the_client_hides_the_staff_menu(kb, agent):
    basket = basket_open(by=agent)
    basket_add(basket=basket, article=kb["trademark"], by=agent)
    browser = Client()
    browser.force_login(agent)
    html = browser.get(f"/kb/baskets/{basket.pk}/client/").content.decode()
    assert "การจดทะเบียนเครื่องหมายการค้า" in html
    assert 'class="mainnav"' not in html and "/logout/" not in html
    assert agent.display_name not in html
