"""The Thai working calendar: due dates in working days, days off, special days off."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.test import Client

from borikan.core import calendar
from borikan.core.calendar import DayKind
from borikan.core.errors import DomainError
from borikan.core.models import AuditEntry, SpecialDayOff
from borikan.core.services import special_day_off_create, special_day_off_delete

D = dt.date


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    # The test database rolls back, the cache would not: start and end clean.
    cache.clear()
    yield
    cache.clear()


def skipped_dates(result):
    return [d.date for d in result.skipped]


@pytest.mark.django_db
def test_fifteen_working_days_after_friday_3_april_2026_is_thursday_30_april():
    result = calendar.working_days_add(start=D(2026, 4, 3), days=15)
    assert result.end == D(2026, 4, 30)
    assert result.end.weekday() == 3  # Thursday
    by_date = {d.date: d for d in result.skipped}
    assert by_date[D(2026, 4, 6)].kind == DayKind.PUBLIC  # Chakri Day
    assert by_date[D(2026, 4, 6)].reason_en == "Chakri Memorial Day"
    for day in (13, 14, 15):
        assert by_date[D(2026, 4, day)].kind == DayKind.PUBLIC
        assert by_date[D(2026, 4, day)].reason == "วันสงกรานต์"
    assert by_date[D(2026, 4, 4)].kind == DayKind.WEEKEND
    assert by_date[D(2026, 4, 4)].reason == "วันเสาร์"
    assert len(result.skipped) == 12  # 8 weekend days and 4 holidays
    assert result.start == D(2026, 4, 3) and result.days == 15


@pytest.mark.django_db
def test_crossing_songkran():
    # Friday before Songkran: the next working day is Thursday after it.
    result = calendar.working_days_add(start=D(2026, 4, 10), days=1)
    assert result.end == D(2026, 4, 16)
    assert skipped_dates(result) == [D(2026, 4, d) for d in (11, 12, 13, 14, 15)]


@pytest.mark.django_db
def test_the_start_day_is_not_counted_and_zero_days_is_the_start():
    assert calendar.working_days_add(start=D(2026, 4, 7), days=1).end == D(2026, 4, 8)
    # Even from a holiday, day 1 is the first working day after it.
    assert calendar.working_days_add(start=D(2026, 4, 13), days=1).end == D(2026, 4, 16)
    zero = calendar.working_days_add(start=D(2026, 4, 13), days=0)
    assert zero.end == D(2026, 4, 13) and zero.skipped == ()


@pytest.mark.django_db
def test_new_year_and_the_bridge_holiday():
    result = calendar.working_days_add(start=D(2025, 12, 30), days=1)
    # 31 Dec New Year's Eve, 1 Jan New Year's Day, 2 Jan bridge holiday, then the weekend.
    assert result.end == D(2026, 1, 5)
    assert skipped_dates(result) == [
        D(2025, 12, 31),
        D(2026, 1, 1),
        D(2026, 1, 2),
        D(2026, 1, 3),
        D(2026, 1, 4),
    ]


@pytest.mark.django_db
def test_substitution_days_are_days_off():
    # 5 December 2026 is a Saturday: Monday 7 December is the substitution day.
    result = calendar.working_days_add(start=D(2026, 12, 4), days=1)
    assert result.end == D(2026, 12, 8)
    by_date = {d.date: d for d in result.skipped}
    # A holiday on a weekend is reported as the holiday, not as a plain weekend.
    assert by_date[D(2026, 12, 5)].kind == DayKind.PUBLIC
    assert by_date[D(2026, 12, 6)].kind == DayKind.WEEKEND
    assert "ชดเชย" in by_date[D(2026, 12, 7)].reason
    assert "(in lieu)" in by_date[D(2026, 12, 7)].reason_en
    # New Year's Eve 2022 fell on a Saturday; its substitution day is in the next year.
    assert not calendar.is_working_day(day=D(2023, 1, 3))
    assert calendar.day_off_on(day=D(2023, 1, 3)).reason_en == "New Year's Eve (in lieu)"


@pytest.mark.django_db
def test_is_working_day():
    assert calendar.is_working_day(day=D(2026, 4, 7))
    assert not calendar.is_working_day(day=D(2026, 4, 13))  # Songkran
    assert not calendar.is_working_day(day=D(2026, 4, 11))  # Saturday
    assert not calendar.is_working_day(day=D(2026, 5, 13))  # Royal Ploughing (government)


@pytest.mark.django_db
def test_between_counts_after_start_up_to_and_including_end_and_is_signed():
    assert calendar.working_days_between(start=D(2026, 4, 3), end=D(2026, 4, 30)).days == 15
    backwards = calendar.working_days_between(start=D(2026, 4, 30), end=D(2026, 4, 3))
    assert backwards.days == -15
    assert calendar.working_days_between(start=D(2026, 4, 7), end=D(2026, 4, 7)).days == 0
    # Friday to Sunday: only the weekend lies in between.
    weekend = calendar.working_days_between(start=D(2026, 4, 17), end=D(2026, 4, 19))
    assert weekend.days == 0 and len(weekend.skipped) == 2
    for start, days in ((D(2026, 1, 1), 250), (D(2025, 12, 24), 7), (D(2026, 7, 27), 4)):
        end = calendar.working_days_add(start=start, days=days).end
        assert calendar.working_days_between(start=start, end=end).days == days


@pytest.mark.django_db
def test_explanation_lists_the_skipped_days_in_thai_and_english():
    result = calendar.working_days_add(start=D(2026, 4, 3), days=15)
    thai = result.explanation("th")
    assert thai.startswith("15 วันทำการนับจากวันศุกร์ที่ 3 เม.ย. 2569")
    assert "วันพฤหัสบดีที่ 30 เม.ย. 2569" in thai
    assert "ข้ามวันหยุด 12 วัน" in thai and "เสาร์–อาทิตย์ 8 วัน" in thai
    for day in ("6 เม.ย. 2569", "13 เม.ย. 2569", "14 เม.ย. 2569", "15 เม.ย. 2569"):
        assert day in thai
    assert "วันสงกรานต์" in thai
    english = result.explanation("en")
    assert english.startswith("15 working days from Friday 3 Apr 2026 end on Thursday 30 Apr 2026")
    assert "6 Apr 2026 Chakri Memorial Day" in english
    assert "13 Apr 2026 Songkran Festival" in english
    one = calendar.working_days_add(start=D(2026, 4, 10), days=1).explanation("en")
    assert one.startswith("1 working day from Friday 10 Apr 2026 end on Thursday 16 Apr 2026")
    assert "skipping 5 days off: 2 weekend days; 13 Apr 2026 Songkran Festival" in one
    between = calendar.working_days_between(start=D(2026, 4, 30), end=D(2026, 4, 3))
    assert "-15" in between.explanation("en") and "-15" in between.explanation("th")


@pytest.mark.django_db
def test_days_off_of_2026_merge_public_and_government_holidays():
    days = calendar.days_off(year=2026)
    by_date = {d.date: d for d in days}
    assert [d.date for d in days] == sorted(by_date)
    assert by_date[D(2026, 5, 13)].kind == DayKind.GOVERNMENT
    assert by_date[D(2026, 5, 13)].reason_en == "Royal Ploughing Ceremony"
    assert by_date[D(2026, 4, 13)].kind == DayKind.PUBLIC
    assert D(2026, 6, 1) in by_date  # Visakha Bucha substitution day
    assert all(d.kind != DayKind.WEEKEND for d in days)
    assert all(d.date.year == 2026 for d in days)


@pytest.mark.django_db
def test_a_special_day_off_shifts_the_due_date_and_removing_it_shifts_it_back(admin_user):
    assert calendar.working_days_add(start=D(2026, 4, 3), days=15).end == D(2026, 4, 30)
    special_day_off_create(
        date=D(2026, 4, 20), name_th="วันหยุดพิเศษ", name_en="Special day off", by=admin_user
    )
    # 15th day moves off 30 April, past Labour Day (1 May) and the weekend, and Coronation Day.
    moved = calendar.working_days_add(start=D(2026, 4, 3), days=15)
    assert moved.end == D(2026, 5, 5)
    special = {d.date: d for d in moved.skipped}[D(2026, 4, 20)]
    assert special.kind == DayKind.SPECIAL and special.reason == "วันหยุดพิเศษ"
    assert "20 Apr 2026 Special day off" in moved.explanation("en")

    special_day_off_delete(date=D(2026, 4, 20), by=admin_user)
    assert calendar.working_days_add(start=D(2026, 4, 3), days=15).end == D(2026, 4, 30)


@pytest.mark.django_db
def test_days_off_are_cached_per_year(django_assert_num_queries):
    calendar.working_days_add(start=D(2026, 4, 3), days=15)
    with django_assert_num_queries(0):
        calendar.working_days_add(start=D(2026, 4, 3), days=15)
        calendar.days_off(year=2026)


@pytest.mark.django_db
def test_special_day_off_on_a_holiday_keeps_both_names(admin_user):
    special_day_off_create(date=D(2026, 4, 13), name_th="หยุดเพิ่ม", by=admin_user)
    day = calendar.day_off_on(day=D(2026, 4, 13))
    assert day.kind == DayKind.SPECIAL
    assert day.reason == "วันสงกรานต์; หยุดเพิ่ม"
    assert day.reason_en == "Songkran Festival; หยุดเพิ่ม"  # no English name: the Thai one


@pytest.mark.django_db
def test_special_days_off_are_audited_and_duplicates_refused(admin_user):
    day_off = special_day_off_create(
        date=D(2026, 6, 5), name_th="หยุดพิเศษ", note="มติ ครม.", by=admin_user
    )
    assert day_off.created_by == admin_user
    entry = AuditEntry.objects.get(object_type="core.specialdayoff", action="create")
    assert entry.actor == admin_user and entry.changes["date"] == "2026-06-05"

    with pytest.raises(DomainError) as excinfo:
        special_day_off_create(date=D(2026, 6, 5), name_th="อีกครั้ง", by=admin_user)
    assert excinfo.value.code == "duplicate_day_off" and excinfo.value.status == 409
    assert excinfo.value.message_in("th") and excinfo.value.message_in("en")
    assert SpecialDayOff.objects.count() == 1

    special_day_off_delete(date=D(2026, 6, 5), by=admin_user)
    assert AuditEntry.objects.filter(object_type="core.specialdayoff", action="delete").exists()
    with pytest.raises(DomainError) as excinfo:
        special_day_off_delete(date=D(2026, 6, 5), by=admin_user)
    assert excinfo.value.status == 404


@pytest.mark.django_db
def test_a_special_day_off_needs_a_thai_name_and_a_covered_date(admin_user):
    with pytest.raises(DomainError) as excinfo:
        special_day_off_create(date=D(2026, 6, 5), name_th="  ", by=admin_user)
    assert excinfo.value.code == "name_required"
    with pytest.raises(DomainError) as excinfo:
        special_day_off_create(date=D(2200, 6, 5), name_th="ไกล", by=admin_user)
    assert excinfo.value.code == "date_out_of_range"
    assert not SpecialDayOff.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"start": D(2026, 4, 3), "days": -1}, "days_out_of_range"),
        ({"start": D(2026, 4, 3), "days": 3651}, "days_out_of_range"),
        ({"start": D(1949, 12, 31), "days": 1}, "date_out_of_range"),
        ({"start": D(2101, 1, 1), "days": 1}, "date_out_of_range"),
        # The start is covered but the end would not be.
        ({"start": D(2100, 12, 1), "days": 100}, "date_out_of_range"),
    ],
)
def test_bad_input_is_a_domain_error(kwargs, code):
    with pytest.raises(DomainError) as excinfo:
        calendar.working_days_add(**kwargs)
    assert excinfo.value.code == code and excinfo.value.status == 400
    assert excinfo.value.message_in("th") and excinfo.value.message_in("en")


@pytest.mark.django_db
def test_the_largest_count_works_and_the_bounds_are_covered():
    result = calendar.working_days_add(start=D(2026, 1, 1), days=calendar.MAX_DAYS)
    assert D(2040, 1, 1) < result.end < D(2042, 1, 1)
    # The holiday data really covers both ends of the accepted range.
    assert any(d.reason_en == "Songkran Festival" for d in calendar.days_off(year=1950))
    assert any(d.reason_en == "Makha Bucha" for d in calendar.days_off(year=2100))
    with pytest.raises(DomainError):
        calendar.days_off(year=2101)
    with pytest.raises(DomainError) as excinfo:
        calendar.working_days_between(start=D(1950, 1, 1), end=D(2100, 1, 1))
    assert excinfo.value.code == "span_out_of_range"


@pytest.mark.django_db
def test_admin_changes_to_special_days_off_reach_the_calendar(admin_user):
    client = Client()
    client.force_login(admin_user)
    assert calendar.working_days_add(start=D(2026, 4, 3), days=15).end == D(2026, 4, 30)
    response = client.post(
        "/admin/core/specialdayoff/add/",
        {"date": "2026-04-20", "name_th": "หยุดพิเศษ", "name_en": "", "note": ""},
    )
    assert response.status_code == 302, response.content[:500]
    assert calendar.working_days_add(start=D(2026, 4, 3), days=15).end == D(2026, 5, 5)

    day_off = SpecialDayOff.objects.get()
    assert day_off.created_by == admin_user
    response = client.post(
        f"/admin/core/specialdayoff/{day_off.pk}/change/",
        {"date": "2027-04-20", "name_th": "หยุดพิเศษ", "name_en": "", "note": ""},
    )
    assert response.status_code == 302
    assert calendar.working_days_add(start=D(2026, 4, 3), days=15).end == D(2026, 4, 30)
    assert not calendar.is_working_day(day=D(2027, 4, 20))

    response = client.post(f"/admin/core/specialdayoff/{day_off.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert calendar.is_working_day(day=D(2027, 4, 20))

    # A duplicate in the admin gets the model's message.
    special_day_off_create(date=D(2026, 4, 20), name_th="หยุด", by=admin_user)
    response = client.post(
        "/admin/core/specialdayoff/add/",
        {"date": "2026-04-20", "name_th": "ซ้ำ", "name_en": "", "note": ""},
    )
    assert response.status_code == 200
    assert SpecialDayOff.objects.count() == 1


@pytest.mark.django_db
def test_labour_day_entered_as_worked_is_counted_and_removing_it_skips_it_again(admin_user):
    # Mon 27 April 2026 + 5 working days skips Labour Day (Fri 1 May), the weekend and
    # Coronation Day (Mon 4 May): Wednesday 6 May.
    assert calendar.working_days_add(start=D(2026, 4, 27), days=5).end == D(2026, 5, 6)
    assert not calendar.is_working_day(day=D(2026, 5, 1))
    special_day_off_create(
        date=D(2026, 5, 1),
        name_th="ราชการเปิดทำการวันแรงงาน",
        name_en="Government offices work on Labour Day",
        worked=True,
        by=admin_user,
    )
    worked = calendar.working_days_add(start=D(2026, 4, 27), days=5)
    assert worked.end == D(2026, 5, 5) and D(2026, 5, 1) not in skipped_dates(worked)
    assert calendar.is_working_day(day=D(2026, 5, 1))
    assert D(2026, 5, 1) not in [d.date for d in calendar.days_off(year=2026)]
    [entry] = calendar.worked_days(year=2026)
    assert entry.date == D(2026, 5, 1) and entry.reason == "ราชการเปิดทำการวันแรงงาน"
    assert entry.overrides.kind == DayKind.PUBLIC and "Labor" in entry.overrides.reason_en
    audit = AuditEntry.objects.get(object_type="core.specialdayoff", action="create")
    assert audit.changes["worked"] == "True"

    special_day_off_delete(date=D(2026, 5, 1), by=admin_user)
    assert calendar.working_days_add(start=D(2026, 4, 27), days=5).end == D(2026, 5, 6)
    assert calendar.worked_days(year=2026) == []


@pytest.mark.django_db
def test_a_worked_saturday_counts_and_an_ordinary_weekday_cannot_be_entered_as_worked(admin_user):
    assert calendar.working_days_add(start=D(2026, 6, 12), days=1).end == D(2026, 6, 15)
    special_day_off_create(date=D(2026, 6, 13), name_th="ทำงานชดเชย", worked=True, by=admin_user)
    assert calendar.working_days_add(start=D(2026, 6, 12), days=1).end == D(2026, 6, 13)
    assert calendar.worked_days(year=2026)[0].overrides.kind == DayKind.WEEKEND

    with pytest.raises(DomainError) as excinfo:  # Wednesday 10 June is worked already
        special_day_off_create(date=D(2026, 6, 10), name_th="ทำงาน", worked=True, by=admin_user)
    assert (excinfo.value.code, excinfo.value.status) == ("already_working_day", 400)
    assert "วันทำการ" in excinfo.value.message_in("th")
    assert "already a working day" in excinfo.value.message_in("en")
    # One entry a date: a worked day is not also a day off.
    with pytest.raises(DomainError) as excinfo:
        special_day_off_create(date=D(2026, 6, 13), name_th="หยุด", by=admin_user)
    assert excinfo.value.code == "duplicate_day_off"
    assert SpecialDayOff.objects.count() == 1
