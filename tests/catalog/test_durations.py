import pytest

from borikan.catalog.durations import Standard, format_seconds_range


@pytest.mark.parametrize(
    ("low", "high", "th", "en"),
    [
        (300, 300, "5 นาที", "5 minutes"),
        (60, 60, "1 นาที", "1 minute"),
        (300, 1200, "5–20 นาที", "5–20 minutes"),
        (600, 8400, "10–140 นาที", "10–140 minutes"),
        (30, 30, "30 วินาที", "30 seconds"),
        (20, 45, "20–45 วินาที", "20–45 seconds"),
        (90, 90, "1 นาที 30 วินาที", "1 minute 30 seconds"),
        (30, 120, "30 วินาที – 2 นาที", "30 seconds – 2 minutes"),
    ],
)
def test_times_read_the_way_the_guides_write_them(low, high, th, en):
    assert format_seconds_range(low, high, language="th") == th
    assert format_seconds_range(low, high, language="en") == en


def test_working_days_and_totals():
    assert Standard(working_days=15).text(language="th") == "15 วันทำการ"
    assert Standard(working_days=1).text(language="en") == "1 working day"
    total = Standard(min_seconds=2400, max_seconds=2400, working_days=15)
    assert total.text(language="th") == "40 นาที + 15 วันทำการ"
    assert Standard().text(language="en") == "–"
    assert not Standard().is_set
