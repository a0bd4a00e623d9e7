"""The printed service guide: A4, Thai font (Laksaman, the free twin of TH Sarabun), Buddhist-era
date, one guide per page; an office's booklet has every guide with the office's address."""

from __future__ import annotations

import io
import os
import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from borikan.catalog.models import Service, active_language
from borikan.core.models import Office
from borikan.core.thai import format_date
from borikan.portal.selectors import guide_flow
from borikan.search.text import thai_line_breaks

FONT = "Laksaman"
FONT_BOLD = "Laksaman-Bold"
FONT_DIRS = ["/usr/share/fonts/truetype/tlwg", "/usr/share/fonts/truetype/thai"]
BRAND = colors.HexColor("#0b4f8a")


def font_paths() -> tuple[Path, Path] | None:
    """Laksaman regular and bold, from PORTAL_FONT_DIR or Debian's fonts-thai-tlwg."""
    dirs = [os.environ["PORTAL_FONT_DIR"]] if os.environ.get("PORTAL_FONT_DIR") else FONT_DIRS
    for directory in dirs:
        regular, bold = Path(directory, "Laksaman.ttf"), Path(directory, "Laksaman-Bold.ttf")
        if regular.exists() and bold.exists():
            return regular, bold
    return None


@cache
def _fonts() -> None:
    paths = font_paths()
    if paths is None:
        raise RuntimeError("Laksaman is not installed (Debian: fonts-thai-tlwg)")
    pdfmetrics.registerFont(TTFont(FONT, str(paths[0])))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(paths[1])))


def _styles() -> dict[str, ParagraphStyle]:
    # Thai marks sit above and below the line: leading about 1.5 times the size.
    # Shaped with HarfBuzz: tone marks over upper vowels (ที่, ผู้) placed as the font says.
    base = ParagraphStyle("body", fontName=FONT, fontSize=14, leading=21, shaping=1)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=12, leading=18),
        "title": ParagraphStyle(
            "title", parent=base, fontName=FONT_BOLD, fontSize=20, leading=30, textColor=BRAND
        ),
        "h2": ParagraphStyle(
            "h2", parent=base, fontName=FONT_BOLD, fontSize=16, leading=24, spaceBefore=8
        ),
        "footer": ParagraphStyle("footer", parent=base, fontSize=10, leading=14),
        "cell": ParagraphStyle("cell", parent=base, fontSize=13, leading=19),
        "head": ParagraphStyle("head", parent=base, fontName=FONT_BOLD, fontSize=13, leading=19),
    }


_BREAK = "\x00"
_TOKENS = re.compile(r"(\s+|\x00)")
# A Thai character with the marks written above or below it: never split across lines.
_CLUSTER = re.compile(r".[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]*", re.S)


def thai_lines(text: str, *, width: float, font: str, size: float) -> list[str]:
    """`text` cut into lines no wider than `width` points, between words: Thai words as our
    segmenter finds them (reportlab breaks lines only at spaces, and Thai has none between
    words), other words at spaces; a word wider than a line is cut between characters."""

    def fits(line: str) -> bool:
        return pdfmetrics.stringWidth(line.rstrip(), font, size) <= width

    tokens = [t for t in _TOKENS.split(thai_line_breaks(text, mark=_BREAK)) if t and t != _BREAK]
    lines: list[str] = []
    line = ""
    for token in tokens:
        if not line.strip() or fits(line + token):
            line += token if line.strip() or not token.isspace() else ""
            if fits(line):
                continue
        elif not token.isspace():
            lines.append(line.rstrip())
            line = token
            if fits(line):
                continue
        else:
            continue
        # One word wider than the line: cut it between characters (with their marks).
        clusters, line = _CLUSTER.findall(line), ""
        for cluster in clusters:
            if line and not fits(line + cluster):
                lines.append(line.rstrip())
                line = ""
            line += cluster
    if line.strip():
        lines.append(line.rstrip())
    return lines


class ThaiParagraph(Paragraph):
    """A paragraph whose lines are cut between Thai words for the width it is given."""

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        self.raw_text = text or ""
        self.laid_for: float | None = None
        super().__init__(escape(self.raw_text), style)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self.laid_for != availWidth:
            lines = thai_lines(
                self.raw_text,
                width=availWidth - 1,
                font=self.style.fontName,
                size=self.style.fontSize,
            )
            super().__init__("<br/>".join(escape(line) for line in lines), self.style)
            self.laid_for = availWidth
        return super().wrap(availWidth, availHeight)


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return ThaiParagraph(text, style)


def _facts(service: Service, styles: dict[str, ParagraphStyle]) -> Table:
    channels = ", ".join(c.name for c in service.channels.all())
    if service.channel_note:
        channels = f"{channels} — {service.channel_note}" if channels else service.channel_note
    documents = "\n".join(f"• {d.title}" for d in service.documents.all()) or _("None stated")
    laws = "\n".join(f"• {law.title}" for law in service.laws.all()) or _("None stated")
    rows = [
        (_("Channels"), channels or _("Not stated")),
        (_("Required documents"), documents),
        (_("Fee"), service.fee or _("Not stated")),
        (_("Relevant laws"), laws),
        (_("Issued by"), service.issuing_unit or _("Not stated")),
    ]
    data = [
        [_p(label, styles["head"]), [_p(line, styles["cell"]) for line in value.split("\n")]]
        for label, value in rows
    ]
    table = Table(data, colWidths=[45 * mm, 125 * mm])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#d8dde6")),
            ]
        )
    )
    return table


def _steps(service: Service, styles: dict[str, ParagraphStyle]) -> Table:
    header = [
        _p(_("No."), styles["head"]),
        _p(_("Step"), styles["head"]),
        _p(_("Standard time"), styles["head"]),
        _p(_("Responsible"), styles["head"]),
    ]
    rows = [header]
    for step in guide_flow(service=service):
        title = step.title + (f" ({_('Only when')}: {step.condition})" if step.condition else "")
        rows.append(
            [
                _p(str(step.number), styles["cell"]),
                _p(title, styles["cell"]),
                _p(step.duration or "–", styles["cell"]),
                _p(step.who, styles["cell"]),
            ]
        )
    table = Table(rows, colWidths=[14 * mm, 90 * mm, 36 * mm, 30 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2f7")),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#8a93a3")),
            ]
        )
    )
    return table


def _guide(
    service: Service, styles: dict[str, ParagraphStyle], office: Office | None
) -> list[Flowable]:
    story: list[Flowable] = [
        _p(f"{service.code} {service.name}", styles["title"]),
    ]
    if office is not None:
        contact = " · ".join(part for part in (office.address, office.phone) if part)
        story.append(_p(office.name + (f" — {contact}" if contact else ""), styles["small"]))
    if service.summary:
        story.append(_p(service.summary, styles["body"]))
    story.append(Spacer(1, 4 * mm))
    story.append(_p(_("Steps and standard times"), styles["h2"]))
    if service.start:
        story.append(_p(f"{_('Starts when')}: {service.start}", styles["body"]))
    story.append(_steps(service, styles))
    total = service.standard_total
    if total.is_set:
        story.append(
            _p(
                f"{_('Total standard time')}: {total.text(language=active_language())}",
                styles["body"],
            )
        )
    story.append(Spacer(1, 3 * mm))
    story.append(KeepTogether([_p(_("Service guide"), styles["h2"]), _facts(service, styles)]))
    if service.source:
        story.append(_p(f"{_('Source')}: {service.source}", styles["small"]))
    return story


def guides_pdf(*, services: Sequence[Service], office: Office | None = None) -> bytes:
    """A PDF of the guides of `services` in the active language (each from a new page)."""
    _fonts()
    styles = _styles()
    language = active_language()
    printed = format_date(timezone.localdate(), style="long", language=language)
    title = office.name if office is not None else _("Service guides")

    def footer(canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        line = Paragraph(
            escape(f"{_('Ministry of Commerce service center')} · 1203 · {_('Printed')} {printed}"),
            styles["footer"],
        )
        line.wrapOn(canvas, 150 * mm, 10 * mm)
        line.drawOn(canvas, 20 * mm, 8 * mm)
        canvas.setFont(FONT, 10)
        canvas.drawRightString(190 * mm, 9 * mm, str(doc.page))
        canvas.restoreState()

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=title,
        author=_("Ministry of Commerce service center"),
        lang="th" if language == "th" else "en",
    )
    story: list[Flowable] = []
    for index, service in enumerate(services):
        if index:
            story.append(PageBreak())
        story.extend(_guide(service, styles, office))
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
