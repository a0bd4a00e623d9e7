"""Thai lines of the printed guides: cut between words, within the width, nothing lost."""

import pytest
from reportlab.pdfbase import pdfmetrics

from borikan.portal.pdf import FONT, _fonts, thai_lines

TEXT = (
    "เจ้าหน้าที่ศูนย์บริการฯ ขอทราบข้อมูลชื่อ / นามสกุล / เบอร์ติดต่อ / e-mail ของผู้รับบริการ "
    "และขอนัดหมายวันเวลาที่สะดวก พร้อมระบุประเด็นที่ต้องการหารือให้ชัดเจน"
)


@pytest.fixture(autouse=True)
def fonts():
    _fonts()


@pytest.mark.parametrize("width", [60, 120, 250, 400])
def test_lines_fit_and_keep_every_character(width):
    lines = thai_lines(TEXT, width=width, font=FONT, size=13)
    assert len(lines) > 1
    for line in lines:
        assert pdfmetrics.stringWidth(line, FONT, 13) <= width or len(line) <= 2
    assert "".join(lines).replace(" ", "") == TEXT.replace(" ", "")


def test_lines_break_between_words_not_inside_them():
    from borikan.search.text import thai_line_breaks

    marked = thai_line_breaks(TEXT, mark="|")
    # Offsets (in the text without spaces and marks) where a word ends.
    ends, count = set(), 0
    for char in marked:
        if char in "| ":
            ends.add(count)
        else:
            count += 1
    lines = thai_lines(TEXT, width=250, font=FONT, size=13)
    offset = 0
    for line in lines[:-1]:
        offset += len(line.replace(" ", ""))
        assert offset in ends, line


def test_a_word_wider_than_the_line_is_cut_between_characters_with_their_marks():
    lines = thai_lines("ประชาสัมพันธ์", width=25, font=FONT, size=13)
    assert "".join(lines) == "ประชาสัมพันธ์"
    assert not any(line[0] in "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e4c" for line in lines)
