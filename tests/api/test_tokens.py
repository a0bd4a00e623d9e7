import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from borikan.api.models import ApiToken
from borikan.api.services import api_token_create, api_token_revoke


def create_token(name: str, scopes: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command("api_token", "create", name, "--scopes", scopes, stdout=out, stderr=err)
    return out.getvalue().strip()


@pytest.mark.django_db
def test_command_prints_a_token_that_authenticates_and_is_stored_hashed():
    secret = create_token("pbx", "cti,kb")
    assert secret.startswith("bk_")
    token = ApiToken.objects.get(name="pbx")
    assert token.scopes == ["cti", "kb"]
    assert secret not in token.key_hash and token.key_hash != secret

    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200
    assert response.json() == {
        "kind": "token",
        "name": "pbx",
        "role": None,
        "scopes": ["cti", "kb"],
    }


@pytest.mark.django_db
def test_unknown_scope_is_refused_with_thai_and_english_message():
    with pytest.raises(CommandError) as excinfo:
        create_token("bad", "kb,teleport")
    assert "teleport" in str(excinfo.value)
    assert not ApiToken.objects.filter(name="bad").exists()


@pytest.mark.django_db
def test_duplicate_name_is_refused():
    api_token_create(name="crm", scopes=["contacts"])
    with pytest.raises(CommandError):
        create_token("crm", "contacts")


@pytest.mark.django_db
@pytest.mark.parametrize("header", ["Bearer nonsense", "Bearer bk_wrong", "Basic abc", ""])
def test_bad_tokens_get_401_in_the_error_format(header):
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    error = response.json()["error"]
    assert error["code"] == "unauthorized"
    assert error["message"] and error["message_en"]
    assert error["message"] != error["message_en"]  # Thai first, English too


@pytest.mark.django_db
def test_revoked_token_no_longer_authenticates():
    token, secret = api_token_create(name="old", scopes=["kb"])
    api_token_revoke(token=token)
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 401


@pytest.mark.django_db
def test_a_token_records_its_use_at_most_once_a_minute():
    import datetime as dt

    from django.utils import timezone

    token, secret = api_token_create(name="pbx-use", scopes=["kb"])
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert client.get("/api/v1/me").status_code == 200
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None and timezone.now() - first < dt.timedelta(seconds=5)
    assert client.get("/api/v1/me").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at == first  # within the minute: not written again
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - dt.timedelta(seconds=61))
    assert client.get("/api/v1/me").json()["scopes"] == ["kb"]
    token.refresh_from_db()
    assert token.last_used_at > first


@pytest.mark.django_db
def test_staff_session_authenticates(agent_client):
    response = agent_client.get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["kind"] == "user"
    assert response.json()["role"] == "agent"


@pytest.mark.django_db
def test_revoke_from_the_admin(admin_user):
    token, _secret = api_token_create(name="integration", scopes=["cases"])
    client = Client()
    client.force_login(admin_user)
    response = client.post(
        "/admin/api/apitoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
        follow=True,
    )
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.revoked_at is not None
