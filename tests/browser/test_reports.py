"""The supervisors' dashboard in Chromium with the demo data: charts drawn, a bar drills down
to its records, and the client's rating page on a phone. A screenshot of the dashboard is kept
(`REPORTS_SCREENSHOT` names where; a temporary file otherwise)."""

from __future__ import annotations

import os
import struct

import pytest

from borikan.core import demo as core_demo
from borikan.interactions.models import Interaction
from borikan.surveys import demo as surveys_demo
from borikan.surveys.links import survey_token
from borikan.surveys.models import SurveyResponse
from borikan.surveys.services import survey_request_create
from tests.browser.conftest import browser_login

pytestmark = [pytest.mark.browser]


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_dashboard_with_demo_data_shows_charts(asgi_server, page, tmp_path):
    core_demo.load()
    counts = surveys_demo.load()
    assert counts["ratings"] > 100
    browser_login(page, asgi_server, "supervisor", password="borikan-demo")
    page.goto(f"{asgi_server}/reports/")
    page.wait_for_selector("#chart-trend-standards svg polyline")
    assert page.locator("#chart-volume-channel svg rect").count() == 4
    assert page.locator("#chart-trend-volume svg circle").count() == 6
    assert page.locator("#chart-trend-standards svg line.target").count() == 1
    satisfaction = page.locator("#kpi-satisfaction .value").inner_text()
    assert satisfaction.endswith("%") and 60 < float(satisfaction[:-1]) < 100

    path = os.environ.get("REPORTS_SCREENSHOT") or str(tmp_path / "dashboard.png")
    shot = page.screenshot(path=path, full_page=True)
    width, height = png_size(shot)
    assert width >= 1200 and height > 1500
    assert len(shot) > 100_000  # charts and text, not an empty page

    # A bar is a link to its records: the phone channel's interactions.
    phone_bar = page.locator("#chart-volume-channel svg a").first
    phone_bar.click()
    page.wait_for_selector("#records")
    shown = int(page.locator("#record-count").inner_text())
    assert shown > 0 and page.url.count("channel=") == 1


def test_a_client_rates_on_a_phone(asgi_server, phone_page):
    core_demo.load()
    surveys_demo.load()
    interaction = Interaction.objects.filter(channel="video").order_by("-started_at").first()
    SurveyResponse.objects.filter(interaction=interaction).delete()
    request = survey_request_create(via="email", interaction=interaction, recipient="c@example.org")
    phone_page.goto(f"{asgi_server}/survey/{survey_token(request)}/")
    phone_page.get_by_text("ประทับใจ", exact=False).first.click()
    phone_page.fill("#comment", "ได้คำแนะนำชัดเจน")
    phone_page.get_by_role("button", name="ส่งผลการประเมิน").click()
    phone_page.wait_for_selector("#thanks")
    response = SurveyResponse.objects.get(request=request)
    assert (response.score, response.comment, response.source) == (1, "ได้คำแนะนำชัดเจน", "link")
    # Nothing sticks out sideways on a 390-pixel phone.
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
