"""The working-calendar API under /api/v1/calendar/."""

import pytest
from django.core.cache import cache
from django.test import Client

from borikan.api.services import api_token_create
from borikan.core.models import AuditEntry, SpecialDayOff

BASE = "/api/v1/calendar"


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


def assert_error(response, status, code):
    assert response.status_code == status, response.content[:500]
    error = response.json()["error"]
    assert error["code"] == code
    assert error["message"].strip() and error["message_en"].strip()
    return error


@pytest.mark.django_db
def test_working_days_is_public_and_explains_the_skipped_days():
    response = Client().get(f"{BASE}/working-days", {"start": "2026-04-03", "days": 15})
    assert response.status_code == 200
    body = response.json()
    assert body["start"] == "2026-04-03" and body["days"] == 15
    assert body["end"] == "2026-04-30"
    skipped = {d["date"]: d for d in body["skipped"]}
    assert skipped["2026-04-06"] == {
        "date": "2026-04-06",
        "kind": "public",
        "reason": "วันพระบาทสมเด็จพระพุทธยอดฟ้าจุฬาโลกมหาราช และวันที่ระลึกมหาจักรีบรมราชวงศ์",
        "reason_en": "Chakri Memorial Day",
    }
    assert skipped["2026-04-04"]["kind"] == "weekend"
    assert [d for d in skipped if d.startswith("2026-04-1")] == [
        "2026-04-11",
        "2026-04-12",
        "2026-04-13",
        "2026-04-14",
        "2026-04-15",
        "2026-04-18",
        "2026-04-19",
    ]
    assert "15 วันทำการ" in body["explanation"] and "13 เม.ย. 2569" in body["explanation"]
    assert "Songkran Festival" in body["explanation_en"]


@pytest.mark.django_db
def test_between_and_holidays():
    response = Client().get(
        f"{BASE}/working-days/between", {"start": "2026-04-03", "end": "2026-04-30"}
    )
    assert response.status_code == 200
    assert response.json()["days"] == 15
    response = Client().get(
        f"{BASE}/working-days/between", {"start": "2026-04-30", "end": "2026-04-03"}
    )
    assert response.json()["days"] == -15

    response = Client().get(f"{BASE}/holidays", {"year": 2026})
    assert response.status_code == 200
    body = response.json()
    assert body["year"] == 2026
    days = {d["date"]: d for d in body["days_off"]}
    assert days["2026-05-13"]["kind"] == "government"
    assert days["2026-04-13"] == {
        "date": "2026-04-13",
        "kind": "public",
        "name": "วันสงกรานต์",
        "name_en": "Songkran Festival",
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "params", "status", "code"),
    [
        ("/working-days", {"start": "2026-02-30", "days": 15}, 422, "validation_error"),
        ("/working-days", {"start": "abc", "days": 15}, 422, "validation_error"),
        ("/working-days", {"start": "2026-04-03", "days": "abc"}, 422, "validation_error"),
        ("/working-days", {"days": 15}, 422, "validation_error"),
        ("/working-days", {"start": "2026-04-03"}, 422, "validation_error"),
        ("/working-days", {}, 422, "validation_error"),
        ("/working-days", {"start": "2026-04-03", "days": -1}, 400, "days_out_of_range"),
        ("/working-days", {"start": "2026-04-03", "days": 3651}, 400, "days_out_of_range"),
        ("/working-days", {"start": "2026-04-03", "days": 10**30}, 400, "days_out_of_range"),
        ("/working-days", {"start": "1900-01-01", "days": 15}, 400, "date_out_of_range"),
        ("/working-days", {"start": "9999-12-31", "days": 15}, 400, "date_out_of_range"),
        ("/working-days", {"start": "2100-12-01", "days": 100}, 400, "date_out_of_range"),
        ("/working-days/between", {"start": "2026-04-03"}, 422, "validation_error"),
        ("/working-days/between", {"start": "2026-04-03", "end": "x"}, 422, "validation_error"),
        (
            "/working-days/between",
            {"start": "2026-04-03", "end": "2200-01-01"},
            400,
            "date_out_of_range",
        ),
        (
            "/working-days/between",
            {"start": "1950-01-01", "end": "2100-01-01"},
            400,
            "span_out_of_range",
        ),
        ("/holidays", {}, 422, "validation_error"),
        ("/holidays", {"year": "abc"}, 422, "validation_error"),
        ("/holidays", {"year": 1800}, 400, "year_out_of_range"),
        ("/holidays", {"year": 2101}, 400, "year_out_of_range"),
    ],
)
def test_bad_input_is_a_clear_4xx_error_in_thai_and_english(path, params, status, code):
    error = assert_error(Client().get(f"{BASE}{path}", params), status, code)
    if status == 422:
        assert error["details"], "the fields at fault are listed"


@pytest.mark.django_db
def test_an_administrator_adds_and_removes_a_special_day_off(admin_client, admin_user):
    payload = {"date": "2026-04-20", "name_th": "วันหยุดพิเศษ", "name_en": "Special day off"}
    response = admin_client.post(f"{BASE}/days-off", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json() == {**payload, "note": "", "worked": False}
    assert SpecialDayOff.objects.get().created_by == admin_user
    due = Client().get(f"{BASE}/working-days", {"start": "2026-04-03", "days": 15}).json()
    assert due["end"] == "2026-05-05"
    special = {d["date"]: d for d in due["skipped"]}["2026-04-20"]
    assert special["kind"] == "special" and special["reason_en"] == "Special day off"

    response = admin_client.post(f"{BASE}/days-off", payload, content_type="application/json")
    error = assert_error(response, 409, "duplicate_day_off")
    assert error["details"] == {"field": "date", "date": "2026-04-20"}
    assert SpecialDayOff.objects.count() == 1

    response = admin_client.delete(f"{BASE}/days-off/2026-04-20")
    assert response.status_code == 204
    due = Client().get(f"{BASE}/working-days", {"start": "2026-04-03", "days": 15}).json()
    assert due["end"] == "2026-04-30"
    assert_error(admin_client.delete(f"{BASE}/days-off/2026-04-20"), 404, "day_off_not_found")
    # A public holiday is not a special day off and cannot be removed.
    assert_error(admin_client.delete(f"{BASE}/days-off/2026-04-13"), 404, "day_off_not_found")
    assert AuditEntry.objects.filter(object_type="core.specialdayoff").count() == 2


@pytest.mark.django_db
def test_a_token_with_the_calendar_scope_may_change_days_off():
    _token, secret = api_token_create(name="cabinet-feed", scopes=["calendar"])
    response = Client().post(
        f"{BASE}/days-off",
        {"date": "2026-06-05", "name_th": "หยุดพิเศษ", "note": "มติ ครม."},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 201, response.content
    assert AuditEntry.objects.get(action="create").actor_repr == "token:cabinet-feed"

    _other, other_secret = api_token_create(name="crm", scopes=["contacts"])
    response = Client().delete(
        f"{BASE}/days-off/2026-06-05", HTTP_AUTHORIZATION=f"Bearer {other_secret}"
    )
    assert_error(response, 401, "unauthorized")
    assert SpecialDayOff.objects.exists()


@pytest.mark.django_db
def test_staff_who_are_not_administrators_get_403(agent_client):
    response = agent_client.post(
        f"{BASE}/days-off",
        {"date": "2026-06-05", "name_th": "หยุด"},
        content_type="application/json",
    )
    assert_error(response, 403, "forbidden")
    assert_error(agent_client.delete(f"{BASE}/days-off/2026-06-05"), 403, "forbidden")
    assert not SpecialDayOff.objects.exists()


@pytest.mark.django_db
def test_anonymous_writes_get_401():
    response = Client().post(
        f"{BASE}/days-off",
        {"date": "2026-06-05", "name_th": "หยุด"},
        content_type="application/json",
    )
    assert_error(response, 401, "unauthorized")
    assert_error(Client().delete(f"{BASE}/days-off/2026-06-05"), 401, "unauthorized")
    assert not SpecialDayOff.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        ({"date": "2026-02-30", "name_th": "หยุด"}, 422, "validation_error"),
        ({"date": "abc", "name_th": "หยุด"}, 422, "validation_error"),
        ({"date": "2026-06-05"}, 422, "validation_error"),
        ({"date": "2026-06-05", "name_th": ""}, 422, "validation_error"),
        ({"date": "2026-06-05", "name_th": "   "}, 400, "name_required"),
        ({"date": "2026-06-05", "name_th": "x" * 201}, 422, "validation_error"),
        ({"date": "1900-06-05", "name_th": "หยุด"}, 400, "date_out_of_range"),
    ],
)
def test_bad_day_off_payloads(admin_client, payload, status, code):
    response = admin_client.post(f"{BASE}/days-off", payload, content_type="application/json")
    assert_error(response, status, code)
    assert not SpecialDayOff.objects.exists()


@pytest.mark.django_db
def test_bad_json_and_bad_path_dates(admin_client):
    response = admin_client.post(f"{BASE}/days-off", "{not json", content_type="application/json")
    assert 400 <= response.status_code < 500
    assert response.json()["error"]["message_en"]
    assert_error(admin_client.delete(f"{BASE}/days-off/2026-02-30"), 422, "validation_error")
    assert_error(admin_client.delete(f"{BASE}/days-off/abc"), 422, "validation_error")


@pytest.mark.django_db
def test_the_calendar_is_in_the_openapi_document():
    document = Client().get("/api/v1/openapi.json").json()
    paths = document["paths"]
    for path in (
        "/api/v1/calendar/working-days",
        "/api/v1/calendar/working-days/between",
        "/api/v1/calendar/holidays",
        "/api/v1/calendar/days-off",
        "/api/v1/calendar/days-off/{date}",
    ):
        assert path in paths
    post = paths["/api/v1/calendar/days-off"]["post"]
    assert {"201", "401", "403", "409", "422"} <= set(post["responses"])
    assert post["tags"] == ["calendar"]


@pytest.mark.django_db
def test_an_administrator_enters_labour_day_as_worked(admin_client):
    payload = {"date": "2026-05-01", "name_th": "ราชการเปิดทำการ", "worked": True}
    response = admin_client.post(f"{BASE}/days-off", payload, content_type="application/json")
    assert response.status_code == 201 and response.json()["worked"] is True
    year = Client().get(f"{BASE}/holidays", {"year": 2026}).json()
    assert "2026-05-01" not in [d["date"] for d in year["days_off"]]
    [worked] = year["worked_days"]
    assert worked["date"] == "2026-05-01" and worked["name"] == "ราชการเปิดทำการ"
    assert "Labor" in worked["overrides_en"]
    due = Client().get(f"{BASE}/working-days", {"start": "2026-04-27", "days": 5}).json()
    assert due["end"] == "2026-05-05"
    ordinary = {"date": "2026-05-06", "name_th": "วันพุธ", "worked": True}
    response = admin_client.post(f"{BASE}/days-off", ordinary, content_type="application/json")
    assert_error(response, 400, "already_working_day")
    assert admin_client.delete(f"{BASE}/days-off/2026-05-01").status_code == 204
    due = Client().get(f"{BASE}/working-days", {"start": "2026-04-27", "days": 5}).json()
    assert due["end"] == "2026-05-06"
