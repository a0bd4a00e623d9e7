import datetime as dt
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import translation

from borikan.core import thai

BANGKOK = zoneinfo.ZoneInfo("Asia/Bangkok")


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_buddhist_era_short_and_long():
    day = dt.date(2026, 4, 13)
    with translation.override("th"):
        assert render("{{ d|thaidate }}", d=day) == "13 เม.ย. 2569"
        assert render('{{ d|thaidate:"long" }}', d=day) == "13 เมษายน 2569"
        assert render('{{ d|thaidate:"long,weekday" }}', d=day) == "วันจันทร์ที่ 13 เมษายน 2569"


def test_english_keeps_the_gregorian_year():
    with translation.override("en"):
        assert render("{{ d|thaidate }}", d=dt.date(2026, 4, 13)) == "13 Apr 2026"


def test_datetime_is_shown_in_bangkok_time():
    # 20:30 UTC on 31 December is already 1 January in Bangkok.
    moment = dt.datetime(2026, 12, 31, 20, 30, tzinfo=dt.UTC)
    with translation.override("th"):
        assert render("{{ d|thaidatetime }}", d=moment) == "1 ม.ค. 2570 03:30 น."


def test_thai_digits_option(settings):
    settings.BORIKAN = {**settings.BORIKAN, "THAI_DIGITS": True}
    with translation.override("th"):
        assert render("{{ d|thaidate }}", d=dt.date(2026, 4, 13)) == "๑๓ เม.ย. ๒๕๖๙"
    assert render("{{ n|thaidigits }}", n=1203) == "๑๒๐๓"


def test_digit_folding_round_trips():
    assert thai.to_arabic_digits("๐๘๑-๒๓๔-๕๖๗๘") == "081-234-5678"
    assert thai.to_thai_digits("2569") == "๒๕๖๙"


@pytest.mark.parametrize("value", [None, ""])
def test_empty_values_render_nothing(value):
    assert render("{{ d|thaidate }}", d=value) == ""
