import re

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/v1/docs", "/login/"])
def test_pages_load_nothing_from_outside(client, url):
    """Government networks are closed: every script, style and icon comes from Borikan itself."""
    response = client.get(url)
    assert response.status_code == 200
    refs = re.findall(r'(?:src|href)="([^"]+)"', response.content.decode())
    assert refs, "the page references its assets"
    assert [r for r in refs if r.startswith(("http:", "https:", "//"))] == []


@pytest.mark.django_db
def test_openapi_schema_is_served(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Borikan API"
    assert "/api/v1/me" in schema["paths"]
