"""SPEC S5 through the agent's eyes: the subject typed brings up articles, one goes in the
client's basket, the client checks it on the screen turned toward them, and the e-mail reaches
an SMTP server listening on loopback."""

import time

import pytest

from borikan.interactions.models import Interaction
from borikan.knowledge.models import Basket
from borikan.knowledge.services import ArticleInput, article_save
from tests.browser.conftest import browser_login
from tests.factories import ContactFactory, UserFactory

pytestmark = [pytest.mark.browser]


def _articles() -> None:
    for title, body, agency in [
        (
            "การจดทะเบียนเครื่องหมายการค้า",
            "ยื่นคำขอจดทะเบียน**เครื่องหมายการค้า**ที่กรมทรัพย์สินทางปัญญา ค่าธรรมเนียม 1,000 บาท",
            "DIP",
        ),
        ("การต่ออายุเครื่องหมายการค้า", "ต่ออายุได้ทุก 10 ปี", "DIP"),
        ("ขั้นตอนการจดทะเบียนบริษัทจำกัด", "จองชื่อนิติบุคคลแล้วยื่นจดทะเบียน", "DBD"),
    ]:
        article_save(data=ArticleInput(agency_code=agency, title=title, body=body), by=None)


def test_agent_sends_a_basket_the_client_checked(asgi_server, page, smtp_server):
    _articles()
    UserFactory(username="suda", first_name="สุดา", last_name="ใจดี")
    contact = ContactFactory(
        first_name_th="มานี", last_name_th="มีนา", phone="0812223333", email="manee@example.com"
    )
    browser_login(page, asgi_server, "suda")
    page.goto(f"{asgi_server}/desktop/")

    page.keyboard.press("/")
    page.keyboard.type("081-222-3333")
    page.click("[data-pick-contact]:has-text('มานี มีนา')")
    page.keyboard.type("อยากจดแบรนด์ค่ะ")  # focus moved to the subject; suggestions follow it
    # Suggestions change as the agent types; once the subject is typed, the right one leads.
    page.wait_for_selector("#kb-suggest li:first-child:has-text('การจดทะเบียนเครื่องหมายการค้า')")
    first = page.locator("#kb-suggest li").first
    assert "<mark>" in first.inner_html() or "mark" in first.inner_html()
    first.locator("[data-basket-add]").click()
    page.wait_for_selector("#basket .basket-items li:has-text('การจดทะเบียนเครื่องหมายการค้า')")
    assert page.input_value("#basket-email") == "manee@example.com"

    with page.expect_popup() as popup:
        page.click("#basket-show")
    client_view = popup.value
    client_view.wait_for_selector("h2:has-text('การจดทะเบียนเครื่องหมายการค้า')")
    assert "ค่าธรรมเนียม 1,000 บาท" in client_view.inner_text("main")
    client_view.click("button.big")
    client_view.wait_for_selector("#client-confirmed")
    client_view.close()

    page.click("#basket button:has-text('โหลดใหม่')")
    page.wait_for_selector("[data-basket-status=confirmed]")
    page.click("#basket button:has-text('ส่งทางอีเมล')")
    page.wait_for_selector("#basket .success:has-text('manee@example.com')")

    deadline = time.monotonic() + 10
    while not smtp_server.received and time.monotonic() < deadline:
        time.sleep(0.1)
    [envelope] = smtp_server.received
    assert envelope.rcpt_tos == ["manee@example.com"]

    page.keyboard.press("Control+Enter")  # save the service log: the basket goes with it
    page.wait_for_selector("text=อยากจดแบรนด์ค่ะ")
    interaction = Interaction.objects.get()
    assert interaction.contact == contact
    basket = Basket.objects.get()
    assert (basket.interaction, basket.status) == (interaction, "sent")


def test_the_client_view_reads_on_a_phone(asgi_server, phone_page):
    from borikan.knowledge.models import Article
    from borikan.knowledge.services import basket_add, basket_open, basket_send_link
    from borikan.notifications.models import Message

    _articles()
    agent = UserFactory(username="wipa")
    basket = basket_open(by=agent)
    basket = basket_add(basket=basket, article=Article.objects.first(), by=agent)
    basket_send_link(basket=basket, by=agent, phone="0812223333")
    link = Message.objects.get(channel="sms").body.split("127.0.0.1:8000")[1].strip()
    phone_page.goto(f"{asgi_server}{link}")
    button = phone_page.locator("button.big")
    box = button.bounding_box()
    assert box is not None and box["width"] >= 300  # a full-width, thumb-sized button
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # nothing runs off the side of the screen
    button.click()
    phone_page.wait_for_selector("#client-confirmed")
