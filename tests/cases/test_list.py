"""The case list over many cases: every page right whichever end it is read from, and the open
cases read through their own index."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client

from borikan.cases.models import Case
from borikan.cases.selectors import case_queue
from borikan.cases.views import PER_PAGE
from borikan.core.models import Agency
from tests.factories import UserFactory


def numbers_on(html: str) -> list[str]:
    found = re.findall(r"C25\d\d-\d{6}", html)
    return list(dict.fromkeys(found))  # a number may show twice in a row (link and checkbox)


@pytest.fixture
def many(open_case, people):
    """PER_PAGE + 15 cases of DIT, the newest first; every fourth one closed."""
    cases = [open_case(subject=f"เรื่องที่ {n}") for n in range(PER_PAGE + 15)]
    Case.objects.filter(pk__in=[c.pk for c in cases]).update(
        agency=Agency.objects.get(code="DIT"), status="dispatched"
    )
    Case.objects.filter(pk__in=[c.pk for c in cases[::4]]).update(status="closed")
    newest_first = list(Case.objects.order_by("-received_at", "-id"))
    return newest_first


@pytest.mark.parametrize("status", ["open", ""])
def test_each_page_of_the_list_shows_its_cases_newest_first(many, people, status):
    expected = [c.number for c in many if not status or c.status != "closed"]
    browser = Client()
    browser.force_login(people["officer"])
    shown = []
    for page in (1, 2):
        html = browser.get("/cases/", {"status": status, "page": page}).content.decode()
        shown += numbers_on(html)
    assert len(expected) > PER_PAGE
    assert shown == expected


def test_open_cases_are_read_through_their_own_index(db):
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL plans by table statistics: on a few rows it reads the table")
    officer = UserFactory(officer=True)
    counter = UserFactory()
    for user, index in [(officer, "case_agency_open"), (counter, "case_office_open")]:
        ids = case_queue(user=user, status="open").values_list("pk", flat=True)
        assert f"COVERING INDEX {index}" in ids[100:125].explain()
        assert f"COVERING INDEX {index}" in ids.reverse()[0:25].explain()
