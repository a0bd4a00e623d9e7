import pytest

from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("reference_data")]


def test_staff_member_signs_in_with_the_keyboard_and_switches_language(live_server, page):
    UserFactory(username="somying", first_name="สมหญิง", last_name="รักบริการ")
    page.goto(f"{live_server.url}/")
    # The site's root is the public website; staff sign in from its link.
    assert page.url.endswith("/portal/")
    page.click("a[href='/login/']")
    page.wait_for_url(f"{live_server.url}/login/")
    assert page.locator("html").get_attribute("lang") == "th"

    page.keyboard.type("somying")
    page.keyboard.press("Tab")
    page.keyboard.type("pass-1203-word")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")
    assert "สมหญิง รักบริการ" in page.locator("h1").inner_text()
    assert "2569" in page.locator("main").inner_text()  # Buddhist-era year on the home page

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Welcome" in page.locator("h1").inner_text()


def test_wrong_password_shows_an_error_and_keeps_the_username(live_server, page):
    UserFactory(username="counter9")
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "counter9")
    page.fill("#id_password", "wrong")
    page.press("#id_password", "Enter")
    page.wait_for_selector("[role=alert]")
    assert page.input_value("#id_username") == "counter9"


def test_login_page_fits_a_phone(live_server, phone_page):
    phone_page.goto(f"{live_server.url}/login/")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
