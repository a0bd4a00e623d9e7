"""A citizen on the website, on a phone: from the home page to a filed complaint, its ticket
number, and its status on the tracking page; and a provincial site framing the guides."""

import pytest

from borikan.cases.models import Case

pytestmark = [pytest.mark.browser]


def test_a_citizen_files_a_complaint_from_the_home_page_and_tracks_it(asgi_server, phone_page):
    page = phone_page
    page.goto(f"{asgi_server}/")
    page.wait_for_url(f"{asgi_server}/portal/")
    # Keyboard first: the skip link, then the task links, all reachable with Tab.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.click("#task-complaint")
    page.wait_for_url(f"{asgi_server}/complaint/")
    # The honeypot is out of sight and out of the keyboard order.
    box = page.locator("#id_website").bounding_box()
    assert box is None or box["x"] + box["width"] <= 0
    assert page.get_attribute("#id_website", "tabindex") == "-1"
    page.select_option("#id_kind", "complaint")
    page.fill("#id_subject", "ร้านค้าไม่ติดป้ายแสดงราคา")
    page.fill("#id_description", "ร้านขายของชำในตลาดสดไม่ติดป้ายราคาสินค้า สอบถามแล้วราคาไม่เท่ากัน")
    page.fill("#id_first_name_th", "มานี")
    page.fill("#id_last_name_th", "มีสุข")
    page.fill("#id_phone", "089-765-4321")
    page.check("#id_consent")
    page.click("button[type=submit].primary")
    page.wait_for_selector("#case-received")
    number = page.locator("#case-received .ticket").first.inner_text().strip()
    case = Case.objects.get()
    assert number == case.number
    assert (case.origin, case.subject) == ("web", "ร้านค้าไม่ติดป้ายแสดงราคา")

    # The confirmation leads to tracking with the number filled in.
    page.click("#case-received a.button")
    assert page.input_value("#id_number") == number
    page.fill("#id_code", "4321")
    page.click("button[type=submit].primary")
    result = page.locator("#track-result").inner_text()
    assert number in result and "ร้านค้าไม่ติดป้ายแสดงราคา" in result
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390


def test_a_provincial_website_frames_the_guides(asgi_server, page, tmp_path):
    # A page of "another site" (a file) that frames the embed page: the browser shows it,
    # as it would refuse any other page of Borikan (X-Frame-Options: DENY).
    host = tmp_path / "province.html"
    host.write_text(
        f'<!doctype html><title>จังหวัด</title><iframe id="g" src="{asgi_server}/portal/offices/'
        f'PCO-CMI/embed/?service=S3" width="800" height="900"></iframe>'
        f'<iframe id="x" src="{asgi_server}/portal/offices/PCO-CMI/" width="100" height="100">'
        "</iframe>",
        encoding="utf-8",
    )
    page.goto(host.as_uri())
    frame = page.frame_locator("#g")
    frame.locator("#guide-S3").wait_for()
    assert frame.locator('[data-step="record_and_book"]').inner_text().count("10 นาที") == 1
    denied = page.frame(url=f"{asgi_server}/portal/offices/PCO-CMI/")
    # Chromium leaves a refused frame empty (an error page without our content).
    assert denied is None or "guide-S3" not in (denied.content() or "")
