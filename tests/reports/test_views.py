"""The supervisors' dashboard: figures, charts drawn as SVG on the server, drill-down links."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser(supervisor) -> Client:
    client = Client()
    client.force_login(supervisor)
    return client


def test_dashboard_shows_the_figures_and_svg_charts(world, browser):
    page = browser.get(f"/reports/?{world.filters.query()}")
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("<svg") >= 8
    assert "cdn" not in html.lower() and '<script src="http' not in html
    kpi = lambda name: re.search(rf'id="{name}".*?class="value[^"]*">([^<]*)<', html, re.S).group(1)  # noqa: E731
    assert kpi("kpi-satisfaction") == "66.7%"
    assert kpi("kpi-response-rate") == "60.0%"
    assert kpi("kpi-steps") == "60.0%"
    assert kpi("kpi-rings") == "66.7%"
    assert kpi("kpi-cases") == "50.0%"
    assert kpi("kpi-overdue") == "2"
    assert kpi("kpi-volume") == "4"


def test_every_figure_drills_down_to_its_records(world, browser):
    html = browser.get(f"/reports/?{world.filters.query()}").content.decode()
    links = {unescape(h) for h in re.findall(r'href="(/reports/records/[^"]+)"', html)}
    assert len(links) > 15
    counts = {}
    for link in links:
        page = browser.get(link)
        assert page.status_code == 200, link
        counts[link] = int(re.search(r'id="record-count">(\d+)<', page.content.decode()).group(1))
    by_key = lambda fragment: [n for link, n in counts.items() if fragment in link]  # noqa: E731
    assert by_key("records/cases/?") and set(by_key("state=overdue")) == {2}
    assert set(by_key("state=within")) == {1}
    calls = [n for link, n in counts.items() if "records/calls/" in link and "within=1" in link]
    steps = [n for link, n in counts.items() if "records/steps/" in link and "within=1" in link]
    assert (calls, steps) == ([2], [3])
    assert set(by_key("channel=phone")) >= {2}
    assert 2 in by_key("agency=DITP")


def test_records_pages_and_bad_filters(world, browser):
    q = world.filters.query()
    page = browser.get(f"/reports/records/responses/?{q}&score=3")
    assert page.status_code == 200 and "รอนาน" in page.content.decode()
    assert browser.get(f"/reports/records/steps/?{q}&within=0").status_code == 200
    assert browser.get(f"/reports/records/steps/?{q}&within=maybe").status_code == 400
    assert browser.get(f"/reports/records/nothing/?{q}").status_code == 404
    bad = browser.get("/reports/?from=2026-10-10&to=2026-01-01")
    assert bad.status_code == 400 and "วันที่สิ้นสุดอยู่ก่อนวันที่เริ่มต้น" in bad.content.decode()


def test_front_line_staff_get_their_office_only_and_visitors_sign_in(world):
    assert Client().get("/reports/").status_code == 302
    client = Client()
    client.force_login(world.provincial)
    html = client.get(f"/reports/?{world.filters.query()}").content.decode()
    volume = re.search(r'id="kpi-volume".*?class="value[^"]*">([^<]*)<', html, re.S).group(1)
    assert volume == "1"


def test_every_records_page_holds_its_rows_in_order(world, browser, supervisor, monkeypatch):
    """Pages past the middle are read from the far end: each still shows its own records."""
    from borikan.reports import views
    from borikan.reports.records import records

    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    q = world.filters.query()
    expected = [
        str(i.pk)
        for i in records(user=supervisor, filters=world.filters, kind="interactions", params={})
    ]
    assert len(expected) >= 4
    shown = []
    for number in range(1, len(expected) + 1):
        html = browser.get(f"/reports/records/interactions/?{q}&page={number}").content.decode()
        shown += re.findall(r"<tr>\s*<td>(\d+)</td>", html)
    assert shown == expected
