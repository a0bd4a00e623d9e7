"""SPEC S7 in two browsers: a visitor on a ministry website (another origin) picks a topic and
chats; the agent accepts, sends a knowledge-base article; the visitor rates; the chat is on the
contact's timeline."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from borikan.chat.models import Conversation, Status
from borikan.contacts.selectors import contact_timeline
from borikan.knowledge.services import ArticleInput, article_save
from borikan.surveys.models import SurveyResponse
from tests.browser.conftest import browser_login
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser]


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def ministry_site(tmp_path: Path, asgi_server: str) -> Iterator[str]:
    """A ministry website on another origin (localhost, another port) embedding the widget."""
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="th"><head><meta charset="utf-8"><title>กรมพัฒนาธุรกิจการค้า'
        f'</title><script src="{asgi_server}/chat/widget.js" defer></script></head>'
        "<body><h1>เว็บไซต์กรม</h1></body></html>",
        encoding="utf-8",
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(tmp_path)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://localhost:{server.server_address[1]}"
    server.shutdown()


def test_visitor_chats_agent_sends_an_article_visitor_rates_and_it_is_on_the_timeline(
    asgi_server, ministry_site, chromium_browser, settings, tmp_path
):
    settings.CHAT_DAYS = "all"
    settings.CHAT_HOURS = "00:00-23:59:59"
    settings.CHAT_ALLOWED_ORIGINS = [ministry_site]
    agent_user = UserFactory(username="chat.somying", first_name="สมหญิง", last_name="รักบริการ")
    article_save(
        data=ArticleInput(
            agency_code="DBD",
            title="การจดทะเบียนจัดตั้งบริษัทจำกัด",
            body="จองชื่อนิติบุคคล แล้วยื่นจดทะเบียนทางระบบ DBD e-Registration",
            source_links=["https://www.dbd.go.th"],
        ),
        by=None,
    )

    agent_context = chromium_browser.new_context(locale="th-TH")
    visitor_context = chromium_browser.new_context(
        locale="th-TH", viewport={"width": 390, "height": 844}
    )
    try:
        agent = agent_context.new_page()
        agent.set_default_timeout(10_000)
        browser_login(agent, asgi_server, "chat.somying")
        agent.goto(f"{asgi_server}/chat/")
        agent.wait_for_selector("#chat-ws-state.ok")

        visitor = visitor_context.new_page()
        visitor.set_default_timeout(10_000)
        visitor.goto(f"{ministry_site}/index.html")
        visitor.click("#borikan-chat >> button.launcher")
        visitor.fill("#bc-name", "มาลี ใจงาม")
        visitor.fill("#bc-email", "malee@example.com")
        visitor.wait_for_selector("#bc-service option[value=S1]", state="attached")
        visitor.select_option("#bc-service", "S1")
        visitor.select_option("#bc-agency", "DBD")
        visitor.check("#bc-consent")
        visitor.click("#borikan-chat >> button:has-text('เริ่มแชท')")
        visitor.wait_for_selector("#borikan-chat >> .status:has-text('ลำดับที่ 1')")
        visitor.fill("#bc-text", "อยากจดทะเบียนบริษัทค่ะ")
        visitor.press("#bc-text", "Enter")
        visitor.wait_for_selector("#borikan-chat >> .msg.visitor:has-text('อยากจดทะเบียนบริษัทค่ะ')")

        agent.wait_for_selector("#chat-queue li:has-text('มาลี ใจงาม')")
        agent.click("#chat-queue li:has-text('มาลี ใจงาม') button.accept")
        pane = agent.locator(".chat-pane:not([hidden])")
        pane.locator(".chat-log li:has-text('อยากจดทะเบียนบริษัทค่ะ')").wait_for()
        # The welcome script reached the visitor as soon as the agent accepted.
        visitor.wait_for_selector("#borikan-chat >> .msg.script:has-text('ศูนย์บริการกระทรวงพาณิชย์')")
        visitor.wait_for_selector("#borikan-chat >> .status:has-text('สมหญิง')")

        pane.locator(".kb input[name=q]").fill("จดทะเบียนบริษัท")
        pane.locator(".kb button[type=submit]").click()
        pane.locator(".kb-results button.send-article").first.click()
        card = visitor.locator("#borikan-chat >> .msg.article .card")
        card.wait_for()
        assert "การจดทะเบียนจัดตั้งบริษัทจำกัด" in card.inner_text()
        assert card.locator("a").get_attribute("href") == "https://www.dbd.go.th"

        # Closing and reopening the panel keeps the conversation on screen.
        visitor.click("#borikan-chat >> button.x")
        visitor.click("#borikan-chat >> button.launcher")
        assert visitor.locator("#borikan-chat >> .msg.article").count() == 1
        pane.locator(".reply textarea").fill("ส่งรายละเอียดให้แล้วค่ะ")
        pane.locator(".reply textarea").press("Enter")
        visitor.wait_for_selector("#borikan-chat >> .msg.agent:has-text('ส่งรายละเอียดให้แล้วค่ะ')")

        # The agent sends a form; the visitor downloads it from the widget with the chat's token.
        form_pdf = tmp_path / "แบบ บอจ.1.pdf"
        form_pdf.write_bytes(b"%PDF-1.4 company form")
        pane.locator(".file input[type=file]").set_input_files(str(form_pdf))
        pane.locator(".file button").click()
        pane.locator(".chat-log li.agent.file a:has-text('แบบ บอจ.1.pdf')").wait_for()
        button = visitor.locator("#borikan-chat >> .msg.agent.file button.file")
        button.wait_for()
        with visitor.expect_download() as downloading:
            button.click()
        saved = downloading.value
        assert saved.suggested_filename == "แบบ บอจ.1.pdf"
        assert Path(saved.path()).read_bytes() == b"%PDF-1.4 company form"

        pane.locator(".close button").click()
        visitor.wait_for_selector("#borikan-chat >> fieldset.rating")
        visitor.check("#borikan-chat >> input[name=score][value='1']")
        visitor.click("#borikan-chat >> button:has-text('ส่งผลการประเมิน')")
        visitor.wait_for_selector("#borikan-chat >> .thanks")
    finally:
        agent_context.close()
        visitor_context.close()

    conversation = Conversation.objects.get()
    assert conversation.status == Status.CLOSED and conversation.rating == 1
    response = SurveyResponse.objects.get()
    assert (response.channel, response.source, response.score) == ("chat", "chat", 1)
    assert response.interaction == conversation.interaction
    timeline = contact_timeline(contact=conversation.contact, user=agent_user)
    kinds = {item.kind for item in timeline}
    assert {"chat", "interaction"} <= kinds
    chat_item = next(item for item in timeline if item.kind == "chat")
    assert "กรมพัฒนาธุรกิจการค้า" in chat_item.title


def test_with_nobody_online_the_visitor_leaves_a_message_and_sees_the_ticket(
    asgi_server, phone_page, settings
):
    settings.CHAT_DAYS = "all"
    settings.CHAT_HOURS = "00:00-23:59:59"
    page = phone_page
    page.goto(f"{asgi_server}/chat/try/")
    page.click("#borikan-chat >> button.launcher")
    page.fill("#bc-name", "สมศักดิ์ รักดี")
    page.fill("#bc-phone", "081-555-1234")
    page.wait_for_selector("#bc-service option[value=S2]", state="attached")
    page.select_option("#bc-service", "S2")
    page.check("#bc-consent")
    page.click("#borikan-chat >> button:has-text('เริ่มแชท')")
    page.wait_for_selector("#borikan-chat >> h3:has-text('ยังไม่มีเจ้าหน้าที่')")
    page.fill("#bc-offline", "ร้านค้าไม่ติดป้ายราคาสินค้าครับ")
    page.click("#borikan-chat >> button:has-text('ฝากข้อความ')")
    left = page.locator("#borikan-chat >> .left")
    left.wait_for()
    case = Conversation.objects.get().case
    assert case is not None and case.kind == "followup"
    assert case.number in left.inner_text()


def test_the_widget_speaks_english_and_sends_a_file(asgi_server, page, settings, tmp_path):
    settings.CHAT_DAYS = "all"
    settings.CHAT_HOURS = "00:00-23:59:59"
    from tests.chat.conftest import online

    online(UserFactory(username="chat.en"))
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": asgi_server}])
    page.goto(f"{asgi_server}/chat/try/")
    page.click("#borikan-chat >> button.launcher:has-text('Chat with an officer')")
    page.fill("#bc-name", "John Smith")
    page.wait_for_selector("#bc-service option[value=S7]", state="attached")
    assert "International trade" in page.locator("#bc-service").inner_text()
    page.select_option("#bc-service", "S7")
    page.click("#borikan-chat >> button:has-text('Start the chat')")
    page.wait_for_selector("#borikan-chat >> .alert:has-text('personal data notice')")
    page.check("#bc-consent")
    page.click("#borikan-chat >> button:has-text('Start the chat')")
    page.wait_for_selector("#borikan-chat >> .status:has-text('you are number 1')")
    pdf = tmp_path / "invoice.pdf"
    pdf.write_bytes(b"%PDF-1.4 a small invoice")
    page.set_input_files("#bc-file", str(pdf))
    page.wait_for_selector("#borikan-chat >> .msg.file:has-text('invoice.pdf')")
    conversation = Conversation.objects.get()
    assert conversation.language == "en" and conversation.files.get().size == 24
