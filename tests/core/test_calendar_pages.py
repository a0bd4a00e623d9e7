"""The working-calendar page: days off of a year, the calculator, special days off."""

import pytest
from django.core.cache import cache
from django.test import Client

from borikan.core.models import SpecialDayOff

URL = "/calendar/"


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def admin_client(admin_user):
    client = Client()
    client.force_login(admin_user)
    return client


@pytest.mark.django_db
def test_the_page_needs_sign_in():
    response = Client().get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


@pytest.mark.django_db
def test_days_off_of_the_year_with_buddhist_era_dates(agent_client):
    response = agent_client.get(URL, {"year": 2026})
    assert response.status_code == 200
    body = response.content.decode()
    assert "วันจันทร์ที่ 13 เมษายน 2569" in body
    assert '<time datetime="2026-04-13">' in body
    assert "วันสงกรานต์" in body
    assert "วันพืชมงคล" in body  # a government holiday
    assert "?year=2025" in body and "?year=2027" in body  # year navigation
    # Not an administrator: no form to add a special day off.
    assert 'name="name_th"' not in body
    # The calculator has labelled inputs.
    assert '<label for="id_start"' in body and '<label for="id_days"' in body


@pytest.mark.django_db
def test_a_year_out_of_range_falls_back_to_this_year(agent_client):
    for year in ("1800", "abc", "99999"):
        response = agent_client.get(URL, {"year": year})
        assert response.status_code == 200
        assert 1950 <= response.context["year"] <= 2100


@pytest.mark.django_db
def test_the_calculator_as_a_normal_get_form(agent_client):
    response = agent_client.get(URL, {"start": "2026-04-03", "days": "15"})
    assert response.status_code == 200
    body = response.content.decode()
    assert response.context["result"].end.isoformat() == "2026-04-30"
    assert "วันพฤหัสบดีที่ 30 เมษายน 2569" in body
    assert "15 วันทำการนับจาก" in body
    assert "วันจันทร์ที่ 13 เม.ย. 2569" in body  # listed among the skipped days
    assert "<html" in body


@pytest.mark.django_db
def test_the_calculator_with_htmx_swaps_only_the_result(agent_client):
    response = agent_client.get(
        URL, {"start": "2026-04-03", "days": "15"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body and "<form" not in body
    assert "วันพฤหัสบดีที่ 30 เมษายน 2569" in body
    assert "HX-Request" in response["Vary"]
    # A history restore needs the whole page.
    response = agent_client.get(
        URL,
        {"start": "2026-04-03", "days": "15"},
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"start": "2026-02-30", "days": "15"}, "start"),
        ({"start": "abc", "days": "15"}, "start"),
        ({"start": "2026-04-03", "days": "-1"}, "days"),
        ({"start": "2026-04-03", "days": "99999"}, "days"),
        ({"start": "2026-04-03", "days": ""}, "days"),
        ({"start": "1900-01-01", "days": "15"}, "start"),  # outside the calendar
        ({"start": "2100-12-01", "days": "100"}, "days"),  # the end would be outside
    ],
)
def test_the_calculator_shows_errors_for_bad_input(agent_client, params, field):
    response = agent_client.get(URL, params)
    assert response.status_code == 200
    assert response.context["result"] is None
    assert response.context["calculator"].errors[field]
    assert 'role="alert"' in response.content.decode()


@pytest.mark.django_db
def test_an_administrator_adds_a_special_day_off_and_the_due_date_moves(admin_client):
    response = admin_client.get(URL, {"year": 2026})
    assert 'name="name_th"' in response.content.decode()
    response = admin_client.post(
        "/calendar/days-off/",
        {"date": "2026-04-20", "name_th": "วันหยุดพิเศษตามมติ ครม.", "name_en": "", "note": ""},
    )
    assert response.status_code == 302
    assert response["Location"] == "/calendar/?year=2026"
    day_off = SpecialDayOff.objects.get()
    assert day_off.name_th == "วันหยุดพิเศษตามมติ ครม."

    response = admin_client.get(URL, {"year": 2026, "start": "2026-04-03", "days": "15"})
    body = response.content.decode()
    assert "วันหยุดพิเศษตามมติ ครม." in body
    assert response.context["result"].end.isoformat() == "2026-05-05"

    response = admin_client.post("/calendar/days-off/2026-04-20/delete/")
    assert response.status_code == 302
    assert not SpecialDayOff.objects.exists()
    response = admin_client.get(URL, {"start": "2026-04-03", "days": "15"})
    assert response.context["result"].end.isoformat() == "2026-04-30"
    assert admin_client.post("/calendar/days-off/2026-04-20/delete/").status_code == 404
    assert admin_client.post("/calendar/days-off/nonsense/delete/").status_code == 404


@pytest.mark.django_db
def test_a_duplicate_special_day_off_is_a_form_error_and_nothing_is_saved(admin_client):
    data = {"date": "2026-04-20", "name_th": "หยุดพิเศษ", "name_en": "", "note": ""}
    assert admin_client.post("/calendar/days-off/", data).status_code == 302
    response = admin_client.post("/calendar/days-off/", {**data, "name_th": "ซ้ำ"})
    assert response.status_code == 200
    errors = response.context["day_off_form"].errors["date"]
    assert errors and errors[0]
    assert errors[0] in response.content.decode()
    assert list(SpecialDayOff.objects.values_list("name_th", flat=True)) == ["หยุดพิเศษ"]


@pytest.mark.django_db
def test_bad_special_day_off_forms(admin_client):
    response = admin_client.post("/calendar/days-off/", {"date": "2026-02-30", "name_th": ""})
    assert response.status_code == 200
    form = response.context["day_off_form"]
    assert form.errors["date"] and form.errors["name_th"]
    response = admin_client.post("/calendar/days-off/", {"date": "2300-01-01", "name_th": "x"})
    assert response.context["day_off_form"].errors["date"]
    assert not SpecialDayOff.objects.exists()


@pytest.mark.django_db
def test_only_administrators_change_days_off(agent_client):
    response = agent_client.post(
        "/calendar/days-off/", {"date": "2026-04-20", "name_th": "หยุดพิเศษ"}
    )
    assert response.status_code == 403
    assert agent_client.post("/calendar/days-off/2026-04-20/delete/").status_code == 403
    assert not SpecialDayOff.objects.exists()


@pytest.mark.django_db
def test_the_page_in_english_uses_gregorian_dates(agent_client):
    agent_client.cookies["django_language"] = "en"
    response = agent_client.get(URL, {"year": 2026, "start": "2026-04-03", "days": "15"})
    body = response.content.decode()
    assert "Monday 13 April 2026" in body
    assert "Songkran Festival" in body
    assert "15 working days from Friday 3 Apr 2026" in body


@pytest.mark.django_db
def test_an_administrator_enters_a_worked_holiday_from_the_page(admin_client):
    response = admin_client.post(
        "/calendar/days-off/",
        {"date": "2026-05-01", "name_th": "ราชการเปิดทำการวันแรงงาน", "worked": "on"},
    )
    assert response.status_code == 302 and response["Location"] == "/calendar/?year=2026"
    page = admin_client.get("/calendar/?year=2026").content.decode()
    assert "วันหยุดและวันเสาร์–อาทิตย์ที่เปิดทำการ" in page
    assert "ราชการเปิดทำการวันแรงงาน" in page and "วันแรงงานแห่งชาติ" in page
    refused = admin_client.post(
        "/calendar/days-off/", {"date": "2026-05-06", "name_th": "วันพุธ", "worked": "on"}
    )
    assert refused.status_code == 200 and "เป็นวันทำการอยู่แล้ว" in refused.content.decode()
