"""The reports API (scope `reports`): the same figures as the dashboard, for other systems."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from pypdf import PdfReader

from borikan.api.services import api_token_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def token():
    _token, secret = api_token_create(name="ita-publisher", scopes=["reports"])
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_summary_has_the_exact_figures(world, token):
    body = Client().get(f"/api/v1/reports/summary?{world.filters.query()}", **token).json()
    assert body["interactions"] == 4
    assert body["satisfaction"] == {"part": 2, "whole": 3, "percent": 66.7}
    assert (body["satisfaction_target"], body["satisfaction_met"]) == (85.0, False)
    assert body["response_rate"] == {"part": 3, "whole": 5, "percent": 60.0}
    assert body["ratings"] == {"1": 1, "2": 1, "3": 1}
    assert body["steps_within_standard"] == {"part": 3, "whole": 5, "percent": 60.0}
    assert body["answered_within_rings"] == {"part": 2, "whole": 3, "percent": 66.7}
    assert body["cases_concluded_within_due"] == {"part": 1, "whole": 2, "percent": 50.0}
    assert body["cases_overdue"] == 2


def test_tables_exports_and_pdf(world, token):
    client = Client()
    q = world.filters.query()
    names = client.get("/api/v1/reports/tables", **token).json()
    assert "steps-staff" in names and "records-cases" in names
    table = client.get(f"/api/v1/reports/tables/satisfaction-channel?{q}", **token).json()
    assert [row[1] for row in table["rows"]] == ["phone", "counter", "chat"] or len(
        table["rows"]
    ) == 3
    records = client.get(f"/api/v1/reports/tables/records-cases?{q}&state=late", **token).json()
    assert [row[0] for row in records["rows"]] == ["C2"]
    export = client.get(f"/api/v1/reports/export/trend?{q}&format=csv", **token)
    assert export.status_code == 200 and export.streaming
    pdf = client.get(f"/api/v1/reports/pdf?month={world.m2:%Y-%m}&months=1", **token)
    assert pdf.status_code == 200
    assert "ประจำเดือน" in PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()


def test_bad_requests_have_the_error_format(world, token):
    client = Client()
    bad_range = client.get("/api/v1/reports/summary?from=2026-10-10&to=2026-10-01", **token)
    assert bad_range.status_code == 400 and bad_range.json()["error"]["code"] == "bad_range"
    assert client.get("/api/v1/reports/summary?office=ZZZ", **token).status_code == 400
    assert client.get("/api/v1/reports/tables/nothing", **token).status_code == 404
    assert client.get("/api/v1/reports/pdf?month=2026-13", **token).status_code == 400
    assert client.get("/api/v1/reports/pdf?month=x", **token).status_code == 422
    _t, other = api_token_create(name="cases-only", scopes=["cases"])
    assert (
        client.get("/api/v1/reports/summary", HTTP_AUTHORIZATION=f"Bearer {other}").status_code
        == 401
    )
