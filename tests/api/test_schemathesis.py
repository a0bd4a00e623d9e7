"""Schemathesis against /api/v1/openapi.json: generated requests (valid and invalid) to every
operation, with a token of every scope; no server error, and every response as the schema says
(status code, content type, body). Bounded: a few examples per operation and mode
(SCHEMATHESIS_EXAMPLES raises it for a longer run)."""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from borikan.api.models import SCOPES
from borikan.api.services import api_token_create

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "10"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _failure(operation, mode, case, token) -> str | None:
    """The first failure of `operation` in `mode`, or None; hypothesis shrinks it."""
    found: list[str] = []

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
    )
    def run(case) -> None:
        case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)

    try:
        run()
    except Unsatisfiable:  # nothing invalid can be sent to this operation: nothing to check
        return None
    except (Exception, BaseExceptionGroup) as exc:  # a check failed: report it
        found.append(f"{operation.label} [{mode.value}]: {exc}".strip()[:3000])
    return found[0] if found else None


@pytest.fixture
def connections_kept():
    """As Django's test client does: a request must not close the test's database connection
    (with it the transaction the test runs in; PostgreSQL would lose the test's data)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_api_answers_every_generated_request_as_its_schema_says(connections_kept):
    _token, token = api_token_create(name="schemathesis", scopes=list(SCOPES))
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())
    failures = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            failure = _failure(operation, mode, None, token)
            if failure:
                failures.append(failure)
    assert operations > 30
    assert not failures, "\n\n".join(failures)


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/api/v1/calls", "offset"),
        ("/api/v1/interactions", "offset"),
        ("/api/v1/interactions", "contact_id"),
    ],
)
def test_a_huge_number_is_a_422_not_a_server_error(client, path, name):
    """Found by schemathesis: a number past the database's integers was a 500."""
    _token, token = api_token_create(name="offsets", scopes=list(SCOPES))
    response = client.get(
        path, {name: 5668723869405385072599311056896}, HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"


def test_a_session_only_operation_without_a_session_is_401_not_a_csrf_403(client):
    """Found by schemathesis: a POST without any session got ninja's 403 "CSRF check Failed"."""
    response = client.post("/api/v1/kb/baskets", {}, content_type="application/json")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"


def test_the_schema_documents_the_frameworks_own_errors(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"401", "422"} <= set(paths["/api/v1/cases"]["get"]["responses"])
    assert {"401", "403", "413", "422"} <= set(paths["/api/v1/kb/baskets"]["post"]["responses"])
    lookup = paths["/api/v1/cti/lookup"]["get"]["responses"]["200"]["content"]
    assert {"application/json", "text/plain"} <= set(lookup)


@pytest.mark.parametrize(
    ("method", "path", "data", "content_type"),
    [
        ("get", "/api/v1/contacts?q=a%00b", None, None),
        ("get", "/api/v1/cases/C2569-%00", None, None),
        (
            "post",
            "/api/v1/cases",
            '{"kind": "complaint", "subject": "a\\u0000b"}',
            "application/json",
        ),
        ("get", "/open311/v2/requests.json?service_code=S%002", None, None),
        ("post", "/complaint/", "subject=a%00b", "application/x-www-form-urlencoded"),
    ],
)
def test_a_nul_character_is_a_400_everywhere(client, method, path, data, content_type):
    """Found by schemathesis on PostgreSQL: NUL in a query string was a 500 (text cannot hold
    it), and broke the rest of the transaction."""
    _token, token = api_token_create(name="nul", scopes=list(SCOPES))
    kwargs = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    if data is not None:
        response = getattr(client, method)(path, data, content_type=content_type, **kwargs)
    else:
        response = getattr(client, method)(path, **kwargs)
    assert response.status_code == 400
    if path.startswith("/api/"):
        assert response.json()["error"]["code"] == "nul_character"
    elif path.startswith("/open311/"):
        assert response.json()[0]["code"] == 400
