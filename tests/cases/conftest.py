from __future__ import annotations

import pytest

from borikan.cases.services import case_open
from tests.factories import ContactFactory, UserFactory


@pytest.fixture
def people(db):
    """The S2 cast: an agent at the 1203 center, the director, officers of two agencies."""
    from borikan.core.models import Agency

    Agency.objects.filter(code="DIT").update(email="complaints@dit.example")
    return {
        "agent": UserFactory(username="agent-s2", email="agent@moc.example"),
        "director": UserFactory(username="director-s2", director=True, email="dir@moc.example"),
        "officer": UserFactory(username="officer-dit", officer=True, email="officer@dit.example"),
        "other_officer": UserFactory(
            username="officer-dbd",
            officer=True,
            agency=Agency.objects.get(code="DBD"),
        ),
        "supervisor": UserFactory(username="super-s2", supervisor=True),
    }


@pytest.fixture
def citizen(db):
    return ContactFactory(
        first_name_th="ดวงใจ",
        last_name_th="รักษ์ไทย",
        phone="081-234-5678",
        email="duangjai@example.com",
    )


@pytest.fixture
def open_case(people, citizen):
    def make(**kwargs):
        fields = {
            "by": people["agent"],
            "kind": "complaint",
            "subject": "ร้านค้าขายสินค้าเกินราคา",
            "description": "ร้านขายไข่ไก่แพงกว่าราคาที่ปิดป้าย",
            "origin": "phone",
            "contact": citizen,
            "submit": True,
        }
        fields.update(kwargs)
        return case_open(**fields).case

    return make
