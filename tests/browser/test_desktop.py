"""SPEC S1 through the agent's eyes: the phone rings, the card pops, the service is logged."""

import json
import urllib.request

import pytest

from borikan.interactions.models import Interaction
from borikan.telephony.services import cti_token_create
from tests.browser.conftest import browser_login
from tests.factories import ContactFactory, UserFactory

pytestmark = [pytest.mark.browser]


def cti(base_url: str, secret: str, **event) -> dict:
    request = urllib.request.Request(
        f"{base_url}/api/v1/cti/{secret}",
        data=json.dumps(event).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())


def test_returning_caller_pops_and_inquiry_is_logged_with_a_transfer(asgi_server, page):
    UserFactory(username="somying", first_name="สมหญิง", last_name="รักบริการ", extension="1001")
    contact = ContactFactory(first_name_th="ดวงใจ", last_name_th="รักษ์ไทย", phone="0812345678")
    _token, secret = cti_token_create(name="pbx")

    browser_login(page, asgi_server, "somying")
    page.goto(f"{asgi_server}/desktop/")
    page.wait_for_selector("#ws-state.ok")

    assert (
        cti(
            asgi_server,
            secret,
            event="newCall",
            callId="e2e-1",
            to="1203",
            **{"from": "081-234-5678"},
        )
        == {}
    )
    page.wait_for_selector('#ringing [data-call-id="e2e-1"]')
    assert cti(asgi_server, secret, event="answer", callId="e2e-1", answeringNumber="1001") == {}
    page.wait_for_selector(".caller-card h2:has-text('ดวงใจ รักษ์ไทย')")
    assert page.locator('#ringing [data-call-id="e2e-1"]').count() == 0
    assert "ศูนย์บริการกระทรวงพาณิชย์" in page.locator(".caller-card").inner_text()
    # Focus is already in the subject: the agent just types.
    page.keyboard.type("ขอทราบขั้นตอนจดทะเบียนเครื่องหมายการค้า")
    page.select_option("#id_agency", "DIP")
    page.fill("#id_transfer_extension", "2145")
    page.select_option("#id_outcome", "transferred")
    page.keyboard.press("Alt+n")  # greeting done, now informing
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("text=ขอทราบขั้นตอนจดทะเบียนเครื่องหมายการค้า")

    interaction = Interaction.objects.get()
    assert interaction.contact == contact
    assert interaction.call.call_id == "e2e-1"
    assert (interaction.agency.code, interaction.transfer_extension, interaction.outcome) == (
        "DIP",
        "2145",
        "transferred",
    )
    timings = list(interaction.step_timings.values_list("step_key", "within_standard"))
    assert timings == [("greet", True), ("inform", True)]  # seconds, against 5-minute standards

    page.goto(f"{asgi_server}/contacts/{contact.pk}/")
    timeline = page.locator("ol.timeline").inner_text()
    assert "ขอทราบขั้นตอนจดทะเบียนเครื่องหมายการค้า" in timeline
    assert "2145" in timeline


def test_new_caller_gets_a_prefilled_form_and_is_saved(asgi_server, page):
    UserFactory(username="thanakorn", extension="1002")
    _token, secret = cti_token_create(name="pbx2")
    browser_login(page, asgi_server, "thanakorn")
    page.goto(f"{asgi_server}/desktop/")
    page.wait_for_selector("#ws-state.ok")

    cti(asgi_server, secret, event="newCall", callId="e2e-2", **{"from": "0891112222"})
    cti(asgi_server, secret, event="answer", callId="e2e-2", answeringNumber="1002")
    page.wait_for_selector(".caller-card form.new-contact")
    assert page.input_value("#nc-phone") == "089 111 2222"
    page.keyboard.type("ปรีชา")  # focus is on the first name
    page.fill("#nc-last", "ค้าขาย")
    page.click(".new-contact button[type=submit]")
    page.wait_for_selector(".caller-card h2:has-text('ปรีชา ค้าขาย')")
    assert page.input_value("#id_contact_id") != ""


def test_counter_walk_in_is_found_by_keyboard_and_logged(asgi_server, page):
    """SPEC S1 at a counter, no phone system: "/" to search, pick the client, log, save."""
    from borikan.core.models import Role

    UserFactory(username="counter1", role=Role.COUNTER)
    contact = ContactFactory(first_name_th="มานพ", last_name_th="ขายดี", phone="0823334444")
    browser_login(page, asgi_server, "counter1")
    page.goto(f"{asgi_server}/desktop/")
    assert page.input_value("#id_channel") == "counter"

    page.keyboard.press("/")
    page.keyboard.type("082-333-4444")
    page.click("[data-pick-contact]:has-text('มานพ ขายดี')")
    page.keyboard.type("สอบถามการจดทะเบียนพาณิชย์")  # the pick moved focus to the subject
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("text=สอบถามการจดทะเบียนพาณิชย์")

    interaction = Interaction.objects.get()
    assert (interaction.contact, interaction.channel) == (contact, "counter")
    assert interaction.call is None
    assert interaction.step_timings.count() >= 1
