"""Cases through the REST API (scope `cases`)."""

import json

import pytest
from django.test import Client

from borikan.api.services import api_token_create
from borikan.cases.models import Case
from borikan.core.models import AuditEntry
from borikan.notifications.models import Message


@pytest.fixture
def api(people):
    _token, secret = api_token_create(name="complaints-1111", scopes=["cases"])
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")

    def call(method, path, body=None):
        if body is None:
            return getattr(client, method)(path)
        return getattr(client, method)(path, json.dumps(body), content_type="application/json")

    return call


NEW = {
    "kind": "complaint",
    "subject": "ค่าบริการรถรับจ้างสูงเกินจริง",
    "description": "คิดค่าบริการเกินกว่าที่ประกาศ",
    "phone": "0891234567",
    "first_name_th": "ประยูร",
    "last_name_th": "ซื่อตรง",
    "origin": "1111",
    "origin_ref": "GCC-2569-778",
}


def test_opening_returns_the_number_status_and_due_date_at_once(api):
    response = api("post", "/api/v1/cases", NEW)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["number"].startswith("C25") and body["status"] == "submitted"
    assert body["due_date"] and "15" in body["due_explanation"]
    assert body["origin_ref"] == "GCC-2569-778"
    assert body["contact_id"] is not None
    case = Case.objects.get(number=body["number"])
    assert case.events.first().actor_repr == "token:complaints-1111"


# Opening a case for a new citizen through the API was 30 queries; what is left: the token;
# the contact's savepoint, phone look-up, insert, phone, release; the central office; the
# ticket number; the case, its two events (one insert); the SMS's savepoint, insert, release;
# then the words of the contact and the case in the search index (one insert) and their two
# audit entries (one insert). With the database queue, the SMS's delivery task is one more
# insert in the same transaction. (Under the test's transaction the case's own atomic block
# is a savepoint too, where a request has BEGIN.)
OPEN_NEW_CITIZEN_MAX_QUERIES = 17


def test_opening_for_a_new_citizen_stays_within_its_queries(api, django_assert_max_num_queries):
    api("post", "/api/v1/cases", {**NEW, "phone": "0891110000"})  # the catalogue is cached
    with django_assert_max_num_queries(OPEN_NEW_CITIZEN_MAX_QUERIES):
        response = api("post", "/api/v1/cases", NEW)
    assert response.status_code == 201
    case = Case.objects.get(number=response.json()["number"])
    assert [e.action for e in case.events.all()] == ["received", "submit"]
    assert case.contact.phones.get().is_primary
    assert AuditEntry.objects.filter(object_id=str(case.pk), action="create").exists()
    assert Message.objects.filter(ref_id=case.number, channel="sms").exists()


def test_an_opened_case_and_its_new_citizen_are_found_and_audited_at_once(api, settings):
    """What the open writes together at its end (the search words, the audit entries) and the
    SMS's delivery task (with the production queue, in the same transaction) are all there
    when the 201 comes back."""
    from django_tasks_db.models import DBTaskResult

    from borikan.contacts.selectors import contact_get_by_phone
    from borikan.search.selectors import search_ids

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    response = api("post", "/api/v1/cases", {**NEW, "phone": "0895550001"})
    assert response.status_code == 201, response.content
    number = response.json()["number"]
    case = Case.objects.get(number=number)
    found = api("get", "/api/v1/cases?q=รถรับจ้าง").json()
    assert [row["number"] for row in found] == [number]
    assert search_ids(kind="contact", query="ประยูร") == [str(case.contact_id)]
    assert contact_get_by_phone(phone="089-555-0001") == case.contact
    created = AuditEntry.objects.filter(action="create")
    assert created.filter(object_type="cases.case", object_id=str(case.pk)).count() == 1
    contact_id = str(case.contact_id)
    assert created.filter(object_type="contacts.contact", object_id=contact_id).count() == 1
    sms = Message.objects.get(ref_id=number, channel="sms")
    [task] = DBTaskResult.objects.all()
    assert task.args_kwargs["kwargs"] == {"message_id": sms.pk}


def test_bad_input_is_a_clear_4xx(api):
    missing = api("post", "/api/v1/cases", {**NEW, "kind": "praise"})
    assert missing.status_code == 422
    assert missing.json()["error"]["code"] == "validation_error"
    long = api("post", "/api/v1/cases", {**NEW, "description": "ก" * 300_000})  # 900 KB
    assert long.status_code == 400
    assert long.json()["error"]["details"]["field"] == "description"
    huge = api("post", "/api/v1/cases", {**NEW, "description": "ก" * 1_000_000})  # 3 MB
    assert huge.status_code == 413 and huge.json()["error"]["code"] == "too_large"
    bad_phone = api("post", "/api/v1/cases", {**NEW, "phone": "12"})
    assert bad_phone.status_code == 400
    unknown_service = api("post", "/api/v1/cases", {**NEW, "service": "S99"})
    assert unknown_service.status_code == 404
    assert Case.objects.count() == 0


def test_no_token_no_case():
    assert Client().post("/api/v1/cases", "{}", content_type="application/json").status_code == 401


def test_a_token_of_another_scope_is_refused(people):
    _t, secret = api_token_create(name="kb-only", scopes=["kb"])
    response = Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/api/v1/cases")
    assert response.status_code == 401


def test_case_detail_has_its_events_and_the_allowed_actions(api):
    number = api("post", "/api/v1/cases", NEW).json()["number"]
    body = api("get", f"/api/v1/cases/{number}").json()
    assert [e["action"] for e in body["events"]] == ["received", "submit"]
    assert "dispatch" not in body["allowed_actions"]  # a token acts as a supervisor
    assert "note" in body["allowed_actions"]
    assert api("get", "/api/v1/cases/C2569-999999").status_code == 404


def test_transitions_the_token_may_take_and_may_not(api, people):
    number = api("post", "/api/v1/cases", NEW).json()["number"]
    refused = api("post", f"/api/v1/cases/{number}/events", {"action": "dispatch", "agency": "DIT"})
    assert refused.status_code == 403
    noted = api("post", f"/api/v1/cases/{number}/events", {"action": "note", "note": "โทรกลับแล้ว"})
    assert noted.status_code == 200
    assert noted.json()["events"][-1]["note"] == "โทรกลับแล้ว"
    unknown = api("post", f"/api/v1/cases/{number}/events", {"action": "teleport"})
    assert unknown.status_code == 400 and unknown.json()["error"]["code"] == "unknown_action"
    stale = api(
        "post", f"/api/v1/cases/{number}/events", {"action": "note", "note": "x", "version": 1}
    )
    assert stale.status_code == 409


def test_the_director_dispatches_through_the_api_with_the_session(api, people):
    number = api("post", "/api/v1/cases", NEW).json()["number"]
    director = Client()
    director.force_login(people["director"])
    response = director.post(
        f"/api/v1/cases/{number}/events",
        json.dumps({"action": "dispatch", "agency": "DIT", "officer": "officer-dit"}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["agency"] == "DIT" and response.json()["officer"] == "officer-dit"
    officer = Client()
    officer.force_login(people["other_officer"])
    assert officer.get(f"/api/v1/cases/{number}").status_code == 404


def test_list_filters_and_pages(api, people):
    for n in range(3):
        api("post", "/api/v1/cases", {**NEW, "subject": f"เรื่องที่ {n}"})
    rows = api("get", "/api/v1/cases?status=submitted&per_page=2").json()
    assert len(rows) == 2 and rows[0]["subject"] == "เรื่องที่ 2"
    assert len(api("get", "/api/v1/cases?status=submitted&per_page=2&page=2").json()) == 1
    assert api("get", "/api/v1/cases?status=closed").json() == []
