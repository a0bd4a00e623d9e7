import json

import pytest
from django.test import Client


@pytest.mark.django_db
def test_login_page_is_thai_by_default():
    response = Client().get("/login/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="th">' in body


@pytest.mark.django_db
def test_home_sends_citizens_to_the_public_website():
    response = Client().get("/")
    assert response.status_code == 302
    assert response["Location"] == "/portal/"


@pytest.mark.django_db
def test_healthz_reports_database_and_missing_worker():
    response = Client().get("/healthz")
    assert response.status_code == 200
    health = json.loads(response.content)
    assert health["database"]["ok"] is True
    assert health["worker"]["ok"] is False
    assert health["status"] == "degraded"
