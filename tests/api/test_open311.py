"""Open311 GeoReport v2: every response checked against the specification's JSON schemas
(tests/data/open311, written from its field definitions) and its XML shape."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from xml.etree import ElementTree

import jsonschema
import pytest
from django.test import Client
from django.utils import timezone

from borikan.api.services import api_token_create
from borikan.cases.models import Case
from borikan.cases.services import case_act, case_open
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).resolve().parent.parent / "data" / "open311"
BASE = "/open311/v2"
OFFSET = "+07:00"


def schema(name: str) -> dict:
    return json.loads((SCHEMAS / f"{name}.schema.json").read_text())


def valid(data, name: str):
    jsonschema.Draft202012Validator(
        schema(name), format_checker=jsonschema.FormatChecker()
    ).validate(data)
    return data


def get_json(client: Client, path: str, expect: int = 200, **params):
    response = client.get(f"{BASE}/{path}.json", params)
    assert response.status_code == expect, response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(response.content)


def get_xml(client: Client, path: str, expect: int = 200, **params) -> ElementTree.Element:
    response = client.get(f"{BASE}/{path}.xml", params)
    assert response.status_code == expect, response.content
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    return ElementTree.fromstring(response.content)


@pytest.fixture
def key(db) -> str:
    _token, secret = api_token_create(name="traffy-like-client", scopes=["open311"])
    return secret


@pytest.fixture
def client() -> Client:
    return Client()


FILING = {
    "service_code": "S2",
    "attribute[kind]": "complaint",
    "attribute[subject]": "ร้านค้าไม่ติดป้ายราคา",
    "description": "ร้านขายของชำหน้าตลาดไม่ติดป้ายแสดงราคาสินค้า",
    "first_name": "สมศรี",
    "last_name": "ใจงาม",
    "phone": "0812345678",
    "email": "somsri@example.com",
    "address_string": "ตลาดสดเทศบาล อ.เมือง จ.เชียงใหม่",
    "lat": "18.7883",
    "long": "98.9853",
}


def file_request(client: Client, key: str, fmt: str = "json", **changes):
    data = {**FILING, "api_key": key, **changes}
    data = {k: v for k, v in data.items() if v is not None}
    return client.post(f"{BASE}/requests.{fmt}", data)


# --- discovery and services ------------------------------------------------------------------


def test_discovery_in_both_formats(client):
    data = valid(get_json(client, "discovery"), "discovery")
    [endpoint] = data["endpoints"]
    assert endpoint["url"].endswith("/open311/v2/")
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert data["changeset"].endswith(OFFSET)
    root = get_xml(client, "discovery")
    assert root.tag == "discovery"
    formats = [f.text for f in root.findall("./endpoints/endpoint/formats/format")]
    assert formats == ["application/json", "text/xml"]


def test_services_are_the_catalogues_complaint_services(client):
    data = valid(get_json(client, "services"), "services")
    assert [s["service_code"] for s in data] == ["S2"]
    assert data[0]["metadata"] is True
    assert "ร้องเรียน" in data[0]["service_name"]
    root = get_xml(client, "services")
    assert root.tag == "services"
    [service] = root.findall("service")
    assert service.findtext("service_code") == "S2"
    assert service.findtext("metadata") == "true"


def test_service_definition_has_the_kind_list_and_the_catalogues_facts(client):
    data = valid(get_json(client, "services/S2"), "service_definition")
    by_code = {a["code"]: a for a in data["attributes"]}
    kind = by_code["kind"]
    assert (kind["variable"], kind["required"], kind["datatype"]) == (
        True,
        True,
        "singlevaluelist",
    )
    assert [v["key"] for v in kind["values"]] == ["complaint", "grievance", "tipoff"]
    # Facts of the guide, from the catalogue: told, not asked.
    assert by_code["standard_time"]["variable"] is False
    assert "15 วันทำการ" in by_code["standard_time"]["description"]
    assert "ไม่มีค่าธรรมเนียม" in by_code["fee"]["description"]
    assert "รัฐธรรมนูญ" in by_code["legal_basis"]["description"]
    assert [a["order"] for a in data["attributes"]] == sorted(
        a["order"] for a in data["attributes"]
    )
    root = get_xml(client, "services/S2")
    assert root.tag == "service_definition"
    [kind_xml] = [a for a in root.findall("./attributes/attribute") if a.findtext("code") == "kind"]
    values = kind_xml.findall("./values/value")
    assert [v.findtext("key") for v in values] == ["complaint", "grievance", "tipoff"]


def test_service_definition_in_english(client):
    response = client.get(f"{BASE}/services/S2.json", HTTP_ACCEPT_LANGUAGE="en")
    data = json.loads(response.content)
    facts = {a["code"]: a["description"] for a in data["attributes"]}
    assert "15 working days" in facts["standard_time"]


def test_unknown_service_is_404_in_the_specifications_format(client):
    errors = valid(get_json(client, "services/S99", expect=404), "errors")
    assert errors[0]["code"] == 404
    # Thai first, English too.
    assert " / There is no service with this service_code." in errors[0]["description"]
    root = get_xml(client, "services/S99", expect=404)
    assert root.tag == "errors"
    assert root.findtext("./error/code") == "404"


# --- filing ----------------------------------------------------------------------------------


def test_post_files_a_case_with_a_ticket_number_and_token(client, key):
    response = file_request(client, key)
    assert response.status_code == 201, response.content
    [created] = valid(json.loads(response.content), "post_response")
    case = Case.objects.get()
    assert created["service_request_id"] == case.number
    assert created["service_notice"] == "ตอบภายใน 15 วันทำการ"
    assert (case.origin, case.status, case.kind) == ("api", "submitted", "complaint")
    assert case.subject == "ร้านค้าไม่ติดป้ายราคา"
    assert "ตลาดสดเทศบาล" in case.description and "18.7883, 98.9853" in case.description
    assert case.contact is not None and case.contact.first_name_th == "สมศรี"
    assert case.created_by is None
    assert case.events.first().actor_repr == "open311:traffy-like-client"
    # The token leads back to the request.
    tokens = valid(get_json(client, f"tokens/{created['token']}"), "tokens")
    assert tokens == [{"service_request_id": case.number, "token": created["token"]}]


def test_post_in_xml(client, key):
    response = file_request(client, key, fmt="xml")
    assert response.status_code == 201
    root = ElementTree.fromstring(response.content)
    assert root.tag == "service_requests"
    assert root.findtext("./request/service_request_id") == Case.objects.get().number


@pytest.mark.parametrize("api_key", [None, "", "bk_not-a-real-key"])
def test_post_without_a_valid_key_is_403_and_files_nothing(client, api_key):
    response = file_request(client, api_key)
    assert response.status_code == 403
    [error] = valid(json.loads(response.content), "errors")
    assert error["code"] == 403
    assert Case.objects.count() == 0


def test_a_key_without_the_scope_is_refused(client):
    _token, secret = api_token_create(name="kb-only", scopes=["kb"])
    assert file_request(client, secret).status_code == 403


@pytest.mark.parametrize(
    ("changes", "status", "words"),
    [
        ({"service_code": None}, 400, "service_code"),
        ({"service_code": "S1"}, 404, "service_code"),  # information, not filed as a request
        ({"attribute[kind]": None}, 400, "attribute[kind]"),
        ({"attribute[kind]": "followup"}, 400, "attribute[kind]"),
        ({"description": ""}, 400, "description"),
        ({"description": "x" * 10_001}, 400, "description"),
        ({"lat": "abc"}, 400, "lat"),
        ({"lat": "95", "long": "98"}, 400, "lat"),
        ({"long": None}, 400, "lat"),
        ({"start_date": "x", "phone": "123"}, 400, "phone"),
        ({"email": "not-an-address"}, 400, "e-mail"),
        ({"phone": "", "email": ""}, 400, "phone"),
        ({"media_url": "javascript:alert(1)"}, 400, "media_url"),
        ({"attribute[subject]": "ก" * 301}, 400, "subject"),
    ],
)
def test_malformed_posts_get_the_specifications_errors(client, key, changes, status, words):
    response = file_request(client, key, **changes)
    assert response.status_code == status, response.content
    [error] = valid(json.loads(response.content), "errors")
    assert error["code"] == status
    assert words in error["description"]
    assert Case.objects.count() == 0


def test_post_as_json_body_is_refused_clearly(client, key):
    response = client.post(
        f"{BASE}/requests.json", json.dumps({**FILING, "api_key": key}), "application/json"
    )
    # Form-encoded only: a JSON body carries no api_key as far as the specification goes.
    assert response.status_code == 403
    valid(json.loads(response.content), "errors")


def test_methods_and_paths_outside_the_specification(client):
    response = client.delete(f"{BASE}/requests.json")
    assert response.status_code == 405
    valid(json.loads(response.content), "errors")
    response = client.get(f"{BASE}/requests.yaml")
    assert response.status_code == 404
    valid(json.loads(response.content), "errors")
    response = client.get(f"{BASE}/nothing-here.xml")
    assert response.status_code == 404
    assert ElementTree.fromstring(response.content).tag == "errors"


# --- reading requests ------------------------------------------------------------------------


@pytest.fixture
def cases(db):
    """Three cases: one open, one answered (closed) by DIT, one received 120 days ago."""
    director = UserFactory(username="dir-311", director=True)
    officer = UserFactory(username="officer-311", officer=True)
    common = {
        "by": None,
        "actor_repr": "test",
        "kind": "complaint",
        "description": "รายละเอียด",
        "origin": "web",
        "phone": "0811111111",
        "contact_fields": {"first_name_th": "ทดสอบ"},
        "submit": True,
    }
    fresh = case_open(subject="เรื่องที่ยังเปิด", **common).case
    answered = case_open(subject="เรื่องที่ตอบแล้ว", **common).case
    case_act(case=answered, action="dispatch", by=director, agency_code="DIT")
    case_act(case=answered, action="accept", by=officer)
    case_act(case=answered, action="answer", by=officer, note="ร้านค้าติดป้ายราคาแล้ว")
    old = case_open(
        subject="เรื่องเก่า", received_at=timezone.now() - dt.timedelta(days=120), **common
    ).case
    return {"open": fresh, "answered": answered, "old": old}


def test_requests_default_to_the_last_90_days(client, cases):
    data = valid(get_json(client, "requests"), "requests")
    numbers = [r["service_request_id"] for r in data]
    assert cases["old"].number not in numbers
    assert set(numbers) == {cases["open"].number, cases["answered"].number}
    for record in data:
        assert record["requested_datetime"].endswith(OFFSET)
        assert record["expected_datetime"].endswith("T23:59:59" + OFFSET)
        # Without a key: status and dates only, nothing the citizen wrote.
        assert record["description"] is None and record["status_notes"] is None


def test_request_fields_map_the_case(client, cases, key):
    answered = cases["answered"]
    [record] = valid(get_json(client, f"requests/{answered.number}", api_key=key), "requests")
    assert record["status"] == "closed"
    assert record["agency_responsible"] == "กรมการค้าภายใน"
    assert record["status_notes"] == "ร้านค้าติดป้ายราคาแล้ว"
    assert record["description"] == "รายละเอียด"
    assert record["expected_datetime"] == f"{answered.due_date.isoformat()}T23:59:59{OFFSET}"
    assert record["service_code"] == "S2"
    [fresh] = get_json(client, f"requests/{cases['open'].number}")
    assert (fresh["status"], fresh["agency_responsible"]) == ("open", None)


def test_requests_filters(client, cases):
    def numbers(**params):
        return {
            r["service_request_id"]
            for r in valid(get_json(client, "requests", **params), "requests")
        }

    assert numbers(status="open") == {cases["open"].number}
    assert numbers(status="closed") == {cases["answered"].number}
    assert numbers(status="open,closed") == {cases["open"].number, cases["answered"].number}
    assert numbers(service_code="S2", status="closed") == {cases["answered"].number}
    old_day = timezone.localtime(cases["old"].received_at)
    window = {
        "start_date": (old_day - dt.timedelta(hours=1)).isoformat(),
        "end_date": (old_day + dt.timedelta(hours=1)).isoformat(),
    }
    assert numbers(**window) == {cases["old"].number}
    # Ids win over every other filter, as the specification says.
    assert numbers(
        service_request_id=f"{cases['old'].number},{cases['open'].number}", status="closed"
    ) == {
        cases["old"].number,
        cases["open"].number,
    }


def test_requests_list_is_capped_at_1000(client, cases, monkeypatch):
    from borikan.api.open311 import views

    monkeypatch.setattr(views, "MAX_REQUESTS", 1)
    assert len(get_json(client, "requests")) == 1


def test_a_long_list_costs_a_few_queries(client, cases, key, django_assert_max_num_queries):
    for n in range(20):
        case_open(
            by=None,
            kind="complaint",
            subject=f"เรื่อง {n}",
            description="รายละเอียด",
            origin="web",
            phone="0811111111",
            submit=True,
        )
    with django_assert_max_num_queries(12):
        data = get_json(client, "requests", api_key=key)
    assert len(data) == 22


def test_requests_in_xml(client, cases):
    root = get_xml(client, "requests", status="closed")
    assert root.tag == "service_requests"
    [request] = root.findall("request")
    assert request.findtext("service_request_id") == cases["answered"].number
    assert request.findtext("status") == "closed"
    assert request.find("lat") is not None and request.findtext("lat") == ""


@pytest.mark.parametrize(
    "params",
    [
        {"start_date": "yesterday"},
        {"end_date": "2026-13-45T00:00:00+07:00"},
        {"status": "pending"},
        {"service_code": "pothole"},
        {"start_date": "2026-11-20T00:00:00+07:00", "end_date": "2026-11-01T00:00:00+07:00"},
        {"service_request_id": ",".join(f"C2569-{n:06d}" for n in range(101))},
        {"api_key": "bk_wrong"},
    ],
)
def test_malformed_queries_get_400_or_403(client, params):
    response = client.get(f"{BASE}/requests.json", params)
    assert response.status_code in {400, 403}
    [error] = valid(json.loads(response.content), "errors")
    assert error["code"] == response.status_code


def test_unknown_request_and_token_are_404(client, cases):
    for path in ("requests/C2569-999999", "tokens/C2569-000001.forged", "tokens/garbage"):
        [error] = valid(get_json(client, path, expect=404), "errors")
        assert error["code"] == 404


def test_an_anonymous_tipoffs_text_is_never_shown(client, key):
    opened = case_open(
        by=None,
        kind="tipoff",
        subject="เบาะแสสินค้าละเมิด",
        description="ชื่อผู้แจ้งอยู่ในข้อความนี้",
        origin="web",
        anonymous=True,
    )
    [record] = get_json(client, f"requests/{opened.case.number}", api_key=key)
    assert record["description"] is None


def test_an_anonymous_tipoff_is_filed_without_personal_data_and_tracked_with_its_code(client, key):
    response = file_request(
        client,
        key,
        **{"attribute[kind]": "tipoff", "attribute[anonymous]": "true", "phone": None},
    )
    assert response.status_code == 201, response.content
    [created] = json.loads(response.content)
    case = Case.objects.get()
    assert (case.kind, case.anonymous, case.contact) == ("tipoff", True, None)
    # The name and e-mail sent along are not kept anywhere on the case.
    assert case.notify_email == "" and case.notify_phone == ""
    assert "สมศรี" not in case.description
    code = created["tracking_code"]
    assert len(code) == 8 and created["service_request_id"] == case.number
    tracked = client.get("/api/v1/track", {"number": case.number, "code": code})
    assert tracked.status_code == 200 and tracked.json()["number"] == case.number
    wrong = client.get("/api/v1/track", {"number": case.number, "code": "AAAAAAAA"})
    assert wrong.status_code == 404
    # In XML too, and the service definition offers the attribute.
    xml = file_request(
        client,
        key,
        fmt="xml",
        **{"attribute[kind]": "tipoff", "attribute[anonymous]": "true"},
    )
    assert len(ElementTree.fromstring(xml.content).findtext("./request/tracking_code")) == 8
    by_code = {a["code"]: a for a in get_json(client, "services/S2")["attributes"]}
    assert [v["key"] for v in by_code["anonymous"]["values"]] == ["true", "false"]


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"attribute[anonymous]": "true"}, "tip-off"),  # a complaint cannot be anonymous
        ({"attribute[kind]": "tipoff", "attribute[anonymous]": "maybe"}, "attribute[anonymous]"),
    ],
)
def test_anonymous_is_only_for_tipoffs_and_only_true_or_false(client, key, changes, words):
    response = file_request(client, key, **changes)
    assert response.status_code == 400
    [error] = json.loads(response.content)
    assert words in error["description"]
    assert Case.objects.count() == 0


def test_a_named_tipoff_gets_no_tracking_code(client, key):
    response = file_request(client, key, **{"attribute[kind]": "tipoff"})
    [created] = json.loads(response.content)
    assert response.status_code == 201 and "tracking_code" not in created
    assert Case.objects.get().contact is not None
