"""SPEC S2 in Chromium with three staff and a citizen: the agent opens the complaint, the
director dispatches it, the agency's officer answers, the citizen follows it on a phone."""

import pytest

from borikan.cases.models import Case
from tests.browser.conftest import browser_login
from tests.factories import ContactFactory, UserFactory

pytestmark = [pytest.mark.browser]


def test_s2_complaint_from_the_call_to_the_citizens_phone(
    asgi_server, chromium_browser, phone_page
):
    UserFactory(username="agent-e2e", first_name="สมหญิง", last_name="รักบริการ")
    UserFactory(username="director-e2e", director=True)
    UserFactory(username="officer-e2e", officer=True)  # of DIT
    citizen = ContactFactory(first_name_th="ดวงใจ", last_name_th="รักษ์ไทย", phone="0812345678")

    def staff_page(username):
        context = chromium_browser.new_context(
            locale="th-TH", viewport={"width": 1280, "height": 900}
        )
        page = context.new_page()
        page.set_default_timeout(10_000)
        browser_login(page, asgi_server, username)
        return page

    # 1. The agent opens the complaint for the caller and reads out the ticket number.
    agent = staff_page("agent-e2e")
    agent.goto(f"{asgi_server}/cases/new/?contact={citizen.pk}")
    agent.select_option("#id_kind", "complaint")
    agent.fill("#id_subject", "ร้านค้าขายไข่ไก่แพงกว่าราคาที่ปิดป้าย")
    agent.fill("#id_description", "ไข่ไก่เบอร์ 2 แผงละ 150 บาท ป้ายแจ้ง 120 บาท")
    agent.click("form.card button[type=submit]")
    agent.wait_for_url(f"{asgi_server}/cases/C*/")
    case = Case.objects.get()
    assert case.number in agent.locator(".messages").inner_text()
    assert case.status == "submitted"

    # 2. The director finds it among the cases to dispatch and sends it to DIT.
    director = staff_page("director-e2e")
    director.goto(f"{asgi_server}/cases/")
    director.click(f"text={case.number}")
    director.select_option("form[data-action=dispatch] select[name=agency]", "DIT")
    director.click("form[data-action=dispatch] button[type=submit]")
    director.wait_for_selector(".messages .success")
    case.refresh_from_db()
    assert (case.status, case.agency.code) == ("dispatched", "DIT")

    # 3. The DIT officer accepts it and answers the citizen.
    officer = staff_page("officer-e2e")
    officer.goto(f"{asgi_server}/cases/")
    officer.click(f"text={case.number}")
    officer.click("form[data-action=accept] button[type=submit]")
    officer.wait_for_selector("form[data-action=answer]")
    officer.fill("form[data-action=answer] textarea", "ตรวจสอบแล้ว ร้านค้าปรับราคาตามป้ายเรียบร้อย")
    officer.click("form[data-action=answer] button[type=submit]")
    officer.wait_for_selector(".messages .success")
    case.refresh_from_db()
    assert case.status == "answered"

    # 4. The citizen follows it on a phone with the number and the last 4 digits.
    phone_page.goto(f"{asgi_server}/track/")
    phone_page.fill("#id_number", case.number)
    phone_page.fill("#id_code", "5678")
    phone_page.click("button[type=submit].primary")
    result = phone_page.locator("#track-result").inner_text()
    assert "ตรวจสอบแล้ว ร้านค้าปรับราคาตามป้ายเรียบร้อย" in result
    assert case.number in result
    # Readable on a phone: nothing wider than the screen.
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390


def test_the_director_ticks_every_case_of_the_page_and_dispatches_them_with_the_keyboard(
    asgi_server, chromium_browser
):
    from borikan.cases.services import case_open

    UserFactory(username="director-bulk", director=True)
    agent = UserFactory(username="agent-bulk")
    citizen = ContactFactory(first_name_th="มานะ", last_name_th="ขยัน", phone="0899999999")
    numbers = [
        case_open(
            by=agent,
            kind="complaint",
            subject=f"ร้านค้าไม่ติดป้ายราคา {i}",
            description="ไม่ติดป้ายราคา",
            origin="phone",
            contact=citizen,
            submit=True,
        ).case.number
        for i in range(3)
    ]
    context = chromium_browser.new_context(locale="th-TH")
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        browser_login(page, asgi_server, "director-bulk")
        page.goto(f"{asgi_server}/cases/")
        choose_all = page.locator("#choose-all")
        choose_all.focus()
        page.keyboard.press("Space")
        assert all(page.locator(f"#choose-{n}").is_checked() for n in numbers)
        page.locator(f"#choose-{numbers[2]}").uncheck()  # all but one: the box says "some"
        assert page.evaluate("document.getElementById('choose-all').indeterminate")
        page.select_option("#bulk-agency", "DIT")
        page.fill("#bulk-note", "เรื่องราคาสินค้า")
        page.click("fieldset.bulk button[type=submit]")
        page.wait_for_selector(".messages .success")
        assert f"{numbers[0]}, {numbers[1]}" in page.locator(".messages").inner_text()
    finally:
        context.close()
    statuses = dict(Case.objects.values_list("number", "status"))
    assert [statuses[n] for n in numbers] == ["dispatched", "dispatched", "submitted"]
