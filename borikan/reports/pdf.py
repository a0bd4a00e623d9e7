"""The monthly, 6-month and 12-month report as a PDF in Thai, ready to publish (the ITA
transparency assessment asks for service statistics and satisfaction): Laksaman (Debian's
fonts-thai-tlwg, the free Sarabun), Buddhist-era dates, Thai month names. Drawn with reportlab,
pure Python."""

from __future__ import annotations

import datetime as dt
import io
from functools import cache
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from borikan.core.errors import DomainError
from borikan.core.models import User
from borikan.core.thai import be_year, format_date, month_name
from borikan.reports.filters import ReportError, ReportFilters, month_end, month_start
from borikan.reports.tables import Table as ReportTable
from borikan.reports.tables import report_table

PERIODS = (1, 6, 12)
FONT_DIRS = (Path("/usr/share/fonts/truetype/tlwg"), Path("/usr/share/fonts/opentype/tlwg"))
FONT, FONT_BOLD = "Laksaman", "Laksaman-Bold"


class FontMissingError(DomainError):
    code = "font_missing"
    status = 503


@cache
def _fonts() -> tuple[str, str]:
    """Registers Laksaman once; a server without fonts-thai-tlwg gets a clear error."""
    for folder in FONT_DIRS:
        regular, bold = folder / "Laksaman.ttf", folder / "Laksaman-Bold.ttf"
        if regular.exists():
            pdfmetrics.registerFont(TTFont(FONT, str(regular)))
            pdfmetrics.registerFont(TTFont(FONT_BOLD, str(bold if bold.exists() else regular)))
            return FONT, FONT_BOLD
    raise FontMissingError(
        _("The Thai font Laksaman is not installed: install the fonts-thai-tlwg package.")
    )


def period_filters(*, months: int, last: dt.date, base: ReportFilters) -> ReportFilters:
    """The report's range: `months` whole months ending with `last`'s month."""
    if months not in PERIODS:
        raise ReportError(_("A report covers 1, 6 or 12 months."), code="bad_period")
    return base.with_range(month_start(last, back=months - 1), month_end(last))


def period_title(filters: ReportFilters, months: int) -> str:
    """ "ประจำเดือนพฤศจิกายน 2569" or "ระยะ 6 เดือน (มิถุนายน – พฤศจิกายน 2569)"."""
    first, last = filters.date_from, filters.date_to
    end = f"{month_name(last.month)} {be_year(last.year)}"
    if months == 1:
        return f"ประจำเดือน{end}"
    start = month_name(first.month)
    if first.year != last.year:
        start += f" {be_year(first.year)}"
    return f"ระยะ {months} เดือน ({start} – {end})"


REPORT_TITLE = "รายงานผลการให้บริการและความพึงพอใจของผู้รับบริการ"
CENTER = "ศูนย์บริการกระทรวงพาณิชย์"


def _cell(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _table(table: ReportTable, font: str, bold: str, limit: int = 40) -> Table:
    style = ParagraphStyle("cell", fontName=font, fontSize=10, leading=13)
    head = ParagraphStyle("head", parent=style, fontName=bold)
    data: list[list[Any]] = [[Paragraph(str(h), head) for h in table.headers]]
    for i, row in enumerate(table.rows):
        if i >= limit:
            break
        data.append([Paragraph(_cell(v), style) for v in row])
    flow = Table(data, repeatRows=1, hAlign="LEFT")
    flow.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa5b1")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef6")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return flow


def report_pdf(*, user: User, filters: ReportFilters, months: int) -> bytes:
    """The period report as PDF bytes (always in Thai: it is the ministry's publication)."""
    font, bold = _fonts()
    with override("th"):
        return _build(user, filters, months, font, bold)


def _build(user: User, filters: ReportFilters, months: int, font: str, bold: str) -> bytes:
    title_style = ParagraphStyle("title", fontName=bold, fontSize=18, leading=26)
    sub_style = ParagraphStyle("sub", fontName=font, fontSize=13, leading=19)
    h2 = ParagraphStyle("h2", fontName=bold, fontSize=14, leading=22, spaceBefore=8)
    story: list[Any] = [
        Paragraph(REPORT_TITLE, title_style),
        Paragraph(f"{CENTER} {period_title(filters, months)}", sub_style),
        Paragraph(
            f"ข้อมูลวันที่ {format_date(filters.date_from, style='long')} ถึง "
            f"{format_date(filters.date_to, style='long')}",
            sub_style,
        ),
        Spacer(1, 4 * mm),
    ]
    sections = [
        ("standards", "มาตรฐานการให้บริการ"),
        ("satisfaction-channel", "ความพึงพอใจแยกตามช่องทาง"),
        ("volumes-channel", "ปริมาณการให้บริการแยกตามช่องทาง"),
        ("volumes-service", "ปริมาณการให้บริการแยกตามบริการ"),
        ("volumes-agency", "ปริมาณการให้บริการแยกตามหน่วยงาน"),
        ("volumes-province", "ปริมาณการให้บริการแยกตามจังหวัด"),
        ("steps", "ขั้นตอนที่ดำเนินการได้ภายในเวลามาตรฐาน"),
    ]
    if months > 1:
        sections.append(("trend", "แนวโน้มรายเดือน"))
    for name, heading in sections:
        story.append(Paragraph(heading, h2))
        story.append(_table(report_table(name, user=user, filters=filters), font, bold))
    made = format_date(timezone.localtime(), style="long", with_time=True)

    def footer(canvas: Canvas, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(font, 9)
        canvas.drawString(18 * mm, 10 * mm, f"{CENTER} · จัดทำเมื่อ {made}")
        canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, f"หน้า {doc.page}")
        canvas.restoreState()

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        title=f"{REPORT_TITLE} {period_title(filters, months)}",
        author=CENTER,
    )
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
