"""Exports: CSV and Excel of every report, streamed; the PDF report in Thai; the monthly e-mail."""

from __future__ import annotations

import csv
import io
import tracemalloc

import pytest
from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader

from borikan.core.models import AuditEntry
from borikan.notifications.models import Message
from borikan.reports.exports import csv_lines, xlsx_file
from borikan.reports.pdf import period_filters, report_pdf
from borikan.reports.tables import report_names
from borikan.reports.tasks import monthly_report_send

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser(supervisor) -> Client:
    client = Client()
    client.force_login(supervisor)
    return client


def read_csv(response) -> list[list[str]]:
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_csv_of_a_report_has_the_exact_figures(world, browser):
    rows = read_csv(browser.get(f"/reports/export/volumes-channel.csv?{world.filters.query()}"))
    assert rows[0][1:] == ["รหัส", "การให้บริการ", "สัดส่วน (%)"]
    assert [r[1:] for r in rows[1:]] == [
        ["phone", "2", "50.0"],
        ["counter", "1", "25.0"],  # ties in Thai label order: เคาน์เตอร์, แชท
        ["chat", "1", "25.0"],
    ]
    standards = read_csv(browser.get(f"/reports/export/standards.csv?{world.filters.query()}"))
    assert standards[1][1:] == ["2", "3", "66.7", "85.0"]


def test_every_report_exports_as_csv_and_excel(world, browser):
    for name in report_names():
        for fmt in ("csv", "xlsx"):
            response = browser.get(f"/reports/export/{name}.{fmt}?{world.filters.query()}")
            assert response.status_code == 200, (name, fmt)
            assert response.streaming
    workbook = load_workbook(
        io.BytesIO(
            b"".join(
                browser.get(
                    f"/reports/export/records-interactions.xlsx?{world.filters.query()}"
                ).streaming_content
            )
        ),
        read_only=True,
    )
    rows = list(workbook.active.iter_rows(values_only=True))
    assert len(rows) == 5 and rows[0][0] == "id"
    assert {row[2] for row in rows[1:]} == {"phone", "counter", "chat"}
    assert AuditEntry.objects.filter(
        action="export", object_type="reports.records-interactions"
    ).exists()


def test_unknown_report_and_typed_formulas(world, browser):
    assert browser.get("/reports/export/nothing.csv").status_code == 404
    lines = b"".join(csv_lines(["a"], [["=HYPERLINK(1)"], ["-5"]])).decode("utf-8-sig")
    assert lines.splitlines()[1:] == ["'=HYPERLINK(1)", "-5"]


def _rows(n):
    for i in range(n):
        yield [
            i,
            "2026-11-01 10:00:00",
            "phone",
            "S1",
            "DIT",
            "MOC",
            "ราคา",
            "สอบถามราคาข้าว",
            "answered",
            "agent",
            5.5,
        ]


def test_exports_run_in_constant_memory():
    """2,000 rows and 6,000 rows take the same memory: nothing holds the rows."""

    def peak(kind: str, n: int) -> int:
        tracemalloc.start()
        if kind == "csv":
            for _chunk in csv_lines(["x"] * 11, _rows(n)):
                pass
        else:
            xlsx_file("t", ["x"] * 11, _rows(n)).close()
        _size, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return top

    for kind in ("csv", "xlsx"):
        small, large = peak(kind, 2_000), peak(kind, 6_000)
        assert large < small * 1.5 + 512 * 1024, (kind, small, large)


def test_pdf_report_in_thai_with_buddhist_era_and_the_satisfaction_rate(world, supervisor):
    filters = period_filters(months=6, last=world.m2, base=world.filters)
    content = report_pdf(user=supervisor, filters=filters, months=6)
    assert content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    flat = " ".join(text.split())
    assert "รายงานผลการให้บริการและความพึงพอใจของผู้รับบริการ" in flat
    assert f"{world.m2.year + 543}" in flat and str(world.m2.year) not in flat.replace(
        str(world.m2.year + 543), ""
    )
    assert "ระยะ 6 เดือน" in flat
    assert "ผู้รับบริการที่พึงพอใจ 2 3 66.7 85.0" in flat  # the standards table's first row
    assert "แนวโน้มรายเดือน" in flat


def test_pdf_of_one_month_by_the_page(world, browser):
    month = world.m2.strftime("%Y-%m")
    response = browser.get(f"/reports/pdf/?months=1&month={month}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(PdfReader(io.BytesIO(response.content)).pages[0].extract_text().split())
    assert "ประจำเดือน" in text and f"{world.m2.year + 543}" in text
    assert "50.0" in text  # October: 1 of 2 clients satisfied
    assert browser.get("/reports/pdf/?months=5&month=2026-01").status_code == 400
    assert browser.get("/reports/pdf/?months=1&month=2026-13").status_code == 400


def test_the_monthly_email_is_queued_once_per_supervisor(
    world, supervisor, settings, django_capture_on_commit_callbacks, mailoutbox
):
    settings.BORIKAN = {**settings.BORIKAN, "REPORT_EMAILS": ["director@example.org"]}
    today = world.m2.replace(day=1)  # the first of last month: reports the month before
    with django_capture_on_commit_callbacks(execute=True):
        assert monthly_report_send(today=today) == 2
    # Delivered by the worker with the month's PDF attached.
    assert len(mailoutbox) == 2
    name, data, content_type = mailoutbox[0].attachments[0]
    assert (name, content_type) == (f"borikan-report-{world.m1:%Y-%m}.pdf", "application/pdf")
    text = " ".join(PdfReader(io.BytesIO(data)).pages[0].extract_text().split())
    assert "ประจำเดือน" in text and f"{world.m1.year + 543}" in text
    assert monthly_report_send(today=today) == 0
    messages = Message.objects.filter(ref_kind="report").order_by("recipient")
    assert [m.recipient for m in messages] == ["director@example.org", "super@example.org"]
    body = messages[0].body
    assert "ผู้รับบริการที่พึงพอใจ: 100.0% (1 / 1)" in body  # the month of m1
    assert f"month={world.m1:%Y-%m}" in body and f"{world.m1.year + 543}" in messages[0].subject
