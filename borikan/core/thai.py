"""Thai presentation: Buddhist-era dates, Thai month names, Thai digits."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

BE_OFFSET = 543
MONTHS_LONG = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
MONTHS_SHORT = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)
WEEKDAYS_LONG = ("จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์", "อาทิตย์")
EN_MONTHS_SHORT = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)
EN_MONTHS_LONG = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
EN_WEEKDAYS_LONG = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

_TO_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_TO_ARABIC_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def be_year(year: int) -> int:
    return year + BE_OFFSET


def to_thai_digits(text: str) -> str:
    return text.translate(_TO_THAI_DIGITS)


def to_arabic_digits(text: str) -> str:
    return text.translate(_TO_ARABIC_DIGITS)


def _as_date(value: dt.date | dt.datetime) -> tuple[dt.date, dt.time | None]:
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date(), value.time()
    return value, None


def format_date(
    value: dt.date | dt.datetime,
    *,
    style: str = "short",
    language: str = "th",
    thai_digits: bool = False,
    with_time: bool = False,
    with_weekday: bool = False,
) -> str:
    """`13 เม.ย. 2569` (short) or `13 เมษายน 2569` (long); English uses the Gregorian year."""
    day, time = _as_date(value)
    if language.startswith("th"):
        months = MONTHS_LONG if style == "long" else MONTHS_SHORT
        text = f"{day.day} {months[day.month - 1]} {be_year(day.year)}"
        if with_weekday:
            text = f"วัน{WEEKDAYS_LONG[day.weekday()]}ที่ {text}"
        if with_time and time is not None:
            text += f" {time:%H:%M} น."
        return to_thai_digits(text) if thai_digits else text
    months = EN_MONTHS_LONG if style == "long" else EN_MONTHS_SHORT
    text = f"{day.day} {months[day.month - 1]} {day.year}"
    if with_weekday:
        text = f"{EN_WEEKDAYS_LONG[day.weekday()]} {text}"
    if with_time and time is not None:
        text += f" {time:%H:%M}"
    return text


def month_name(month: int, *, language: str = "th", style: str = "long") -> str:
    if language.startswith("th"):
        return (MONTHS_LONG if style == "long" else MONTHS_SHORT)[month - 1]
    return (EN_MONTHS_LONG if style == "long" else EN_MONTHS_SHORT)[month - 1]
