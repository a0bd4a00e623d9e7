import pytest
from django.test import Client

from borikan.api.services import api_token_create
from borikan.core.models import AuditEntry
from tests.factories import ContactFactory, UserFactory, thai_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    _t, secret = api_token_create(name="crm-sync", scopes=["contacts"])
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_create_then_find_by_phone_id_and_name(api):
    nid = thai_id("110170099999")
    response = api.post(
        "/api/v1/contacts",
        {
            "first_name_th": "จันทร์เพ็ญ",
            "last_name_th": "แสงทอง",
            "national_id": nid,
            "phones": ["๐๘๑-๒๓๔-๕๖๗๘"],
            "email": "JAN@example.com",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["phones"] == [
        {"number": "+66812345678", "display": "081 234 5678", "kind": "mobile", "is_primary": True}
    ]
    assert created["email"] == "jan@example.com"
    for query in ["phone=0812345678", "phone=%2B66812345678", f"national_id={nid}", "q=แสงทอง"]:
        found = api.get(f"/api/v1/contacts?{query}").json()
        assert [c["id"] for c in found] == [created["id"]], query


def test_one_contact_with_timeline_and_an_audited_view(api):
    contact = ContactFactory(phone="0812345678")
    body = api.get(f"/api/v1/contacts/{contact.pk}").json()
    assert body["id"] == contact.pk and body["timeline"] == []
    entry = AuditEntry.objects.get(action="view", contact_id=contact.pk)
    assert entry.actor_repr == "token:crm-sync"


@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        ({"first_name_th": "ก", "national_id": "1234567890123"}, 400, "id_checksum"),
        ({"first_name_th": "ก", "phones": ["12345"]}, 400, "phone_invalid"),
        ({"phones": ["0812345678"]}, 400, "contact_no_name"),
        ({"first_name_th": "ก", "email": "not-an-email"}, 400, "contact_invalid"),
        ({"first_name_th": "ก" * 101}, 422, "validation_error"),
        ({"first_name_th": "ก", "kind": "alien"}, 422, "validation_error"),
    ],
)
def test_bad_contacts_are_refused(api, payload, status, code):
    response = api.post("/api/v1/contacts", payload, content_type="application/json")
    assert response.status_code == status, response.content
    assert response.json()["error"]["code"] == code


def test_duplicate_id_is_409(api):
    nid = thai_id("310170077777")
    api.post(
        "/api/v1/contacts",
        {"first_name_th": "ก", "national_id": nid},
        content_type="application/json",
    )
    response = api.post(
        "/api/v1/contacts",
        {"first_name_th": "ข", "national_id": nid},
        content_type="application/json",
    )
    assert response.status_code == 409


def test_malformed_phone_query_is_a_clear_400(api):
    response = api.get("/api/v1/contacts?phone=hello")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "phone_invalid"


def test_scope_and_unit_are_enforced():
    contact = ContactFactory()
    _t, secret = api_token_create(name="kb-only", scopes=["kb"])
    assert (
        Client()
        .get(f"/api/v1/contacts/{contact.pk}", HTTP_AUTHORIZATION=f"Bearer {secret}")
        .status_code
        == 401
    )
    officer = Client()
    officer.force_login(UserFactory(username="off", officer=True))
    assert officer.get(f"/api/v1/contacts/{contact.pk}").status_code == 404
