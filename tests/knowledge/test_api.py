"""The knowledge base through the REST API: search (public or with a kb token), articles,
baskets (staff session)."""

import json

import pytest
from django.core.cache import cache
from django.test import Client

from borikan.api.services import api_token_create
from borikan.knowledge.models import Article
from tests.factories import UserFactory


@pytest.fixture
def kb_token(db):
    _token, secret = api_token_create(name="website", scopes=["kb"])
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def test_search_returns_ranked_articles_with_what_an_integrator_needs(kb):
    response = Client().get("/api/v1/kb/search", {"q": "จดแบรนด์", "limit": 2})
    assert response.status_code == 200
    hits = response.json()
    assert len(hits) == 2
    first = hits[0]
    assert set(first) >= {"id", "ref", "title", "snippet", "score", "agency", "url"}
    assert first["title"] == "การจดทะเบียนเครื่องหมายการค้า"
    assert first["score"] >= hits[1]["score"]
    assert "<mark>" in first["snippet"]


def test_imported_articles_keep_their_reference(make_article):
    make_article("การขอใบอนุญาตส่งออกข้าว", "ยื่นที่กรมการค้าต่างประเทศ", ref="EXT-77")
    [hit] = Client().get("/api/v1/kb/search", {"q": "ส่งออกข้าว"}).json()
    assert hit["ref"] == "EXT-77"


def test_staff_only_articles_need_a_kb_token(kb, kb_token):
    public = Client().get("/api/v1/kb/search", {"q": "สคริปต์รับสาย"}).json()
    staff = kb_token.get("/api/v1/kb/search", {"q": "สคริปต์รับสาย"}).json()
    assert "สคริปต์รับสายสำหรับเจ้าหน้าที่" not in [h["title"] for h in public]
    assert staff[0]["title"] == "สคริปต์รับสายสำหรับเจ้าหน้าที่"
    script = kb["script"].pk
    assert Client().get(f"/api/v1/kb/articles/{script}").status_code == 404
    assert kb_token.get(f"/api/v1/kb/articles/{script}").status_code == 200


@pytest.mark.parametrize(
    "query",
    ["", "   ", "ก" * 10_000, '" * ( ) : NEAR AND OR', "<script>x</script>", "😀", "NEAR(a b)"],
)
def test_bad_queries_answer_200(kb, query):
    response = Client().get("/api/v1/kb/search", {"q": query})
    assert response.status_code == 200
    assert isinstance(response.json(), list)


@pytest.mark.parametrize("limit", ["0", "51", "abc", "-1"])
def test_a_bad_limit_is_a_422_in_thai_and_english(kb, limit):
    response = Client().get("/api/v1/kb/search", {"q": "ราคา", "limit": limit})
    assert response.status_code == 422
    assert set(response.json()["error"]) >= {"code", "message", "message_en"}


def test_anonymous_search_is_rate_limited(kb):
    client = Client()
    statuses = [client.get("/api/v1/kb/search", {"q": "ราคา"}).status_code for _ in range(62)]
    assert statuses[:60] == [200] * 60
    assert statuses[-1] == 429


def test_an_integration_writes_and_updates_an_article(db, kb_token):
    new = {
        "agency": "DIT",
        "title": "ราคาแนะนำไข่ไก่",
        "body": "ราคาแนะนำ **ประจำสัปดาห์**",
        "tags": ["ไข่ไก่", "ราคา"],
        "ref": "DIT-EGG-1",
    }
    created = kb_token.post("/api/v1/kb/articles", json.dumps(new), content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["version"], body["ref"], body["agency"]) == (1, "DIT-EGG-1", "DIT")
    assert "<strong>ประจำสัปดาห์</strong>" in body["body_html"]
    update = {**new, "title": "ราคาแนะนำไข่ไก่ (ปรับปรุง)", "version": 1}
    path = f"/api/v1/kb/articles/{body['id']}"
    changed = kb_token.put(path, json.dumps(update), content_type="application/json")
    assert changed.json()["version"] == 2
    stale = kb_token.put(path, json.dumps(update), content_type="application/json")
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "stale_version"
    dup = kb_token.post("/api/v1/kb/articles", json.dumps(new), content_type="application/json")
    assert (dup.status_code, dup.json()["error"]["code"]) == (400, "duplicate_ref")


def test_writing_needs_the_kb_scope(db):
    _t, secret = api_token_create(name="cases-only", scopes=["cases"])
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    body = json.dumps({"agency": "DIT", "title": "x"})
    response = client.post("/api/v1/kb/articles", body, content_type="application/json")
    assert response.status_code == 401
    assert not Article.objects.exists()


def test_a_basket_through_the_api(kb):
    agent = UserFactory(username="api-agent")
    client = Client()
    client.force_login(agent)

    def post(path, body):
        return client.post(path, json.dumps(body), content_type="application/json")

    basket = post("/api/v1/kb/baskets", {"email": "client@example.com"}).json()
    added = post(f"/api/v1/kb/baskets/{basket['id']}/items", {"article_id": kb["prices"].pk})
    assert added.json()["articles"] == [kb["prices"].pk]
    refused = post(f"/api/v1/kb/baskets/{basket['id']}/send", {})
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "basket_unchecked"
    post(f"/api/v1/kb/baskets/{basket['id']}/confirm", {"item_count": 1})
    sent = post(f"/api/v1/kb/baskets/{basket['id']}/send", {})
    assert sent.status_code == 200 and sent.json()["status"] == "sent"
    other = Client()
    other.force_login(UserFactory(username="other-office", provincial=True))
    assert other.get(f"/api/v1/kb/baskets/{basket['id']}").status_code == 404
    assert Client().get(f"/api/v1/kb/baskets/{basket['id']}").status_code == 401
