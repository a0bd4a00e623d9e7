"""Tip-off protection: an anonymous tip-off keeps nothing that names its reporter, so the
agency's officer sees none of it (page, API, audit, webhook payload), and its secret tracking
code is kept only as a hash."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.test import Client

from borikan.cases.models import Case
from borikan.cases.services import case_act
from borikan.contacts.models import Contact
from borikan.core.models import AuditEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_agency_cannot_identify_the_reporter_of_an_anonymous_tip_off():
    cache.clear()
    contacts_before = Contact.objects.count()
    done = Client(REMOTE_ADDR="10.7.7.7").post(
        "/complaint/",
        {"kind": "tipoff", "subject": "กักตุนไข่ไก่ในโกดัง", "description": "โกดังซอย 5 บางนา",
         "anonymous": "on", "first_name_th": "ประพันธ์", "last_name_th": "วงศ์ลับ",
         "phone": "0891234567", "email": "reporter@example.com"},
    )  # fmt: skip
    case = Case.objects.get()
    code = done.context["code"]
    assert case.anonymous and case.contact is None
    assert Contact.objects.count() == contacts_before  # no record of the reporter at all
    assert (case.notify_email, case.notify_phone, case.tracking_phone_last4) == ("", "", "")
    assert code and code not in json.dumps(list(Case.objects.values()), default=str)
    assert case.tracking_code_hash and len(case.tracking_code_hash) == 64

    director = UserFactory(username="tip-director", director=True)
    case_act(case=case, action="dispatch", by=director, agency_code="DIT")
    officer = Client()
    officer.force_login(UserFactory(username="tip-officer", officer=True))
    page = officer.get(f"/cases/{case.number}/").content.decode()
    api = officer.get(f"/api/v1/cases/{case.number}").content.decode()
    for seen in (page, api):
        for secret in ("ประพันธ์", "วงศ์ลับ", "0891234567", "891234567", "reporter@example.com"):
            assert secret not in seen
    assert "10.7.7.7" not in json.dumps(
        list(AuditEntry.objects.filter(object_id=str(case.pk)).values()), default=str
    )
    # The reporter, with the code shown once, follows it; nobody can without it.
    tracked = Client().post("/track/", {"number": case.number, "code": code})
    assert "กักตุนไข่ไก่ในโกดัง" in tracked.content.decode()
    guessed = Client().post("/track/", {"number": case.number, "code": "4567"})
    assert "กักตุนไข่ไก่ในโกดัง" not in guessed.content.decode()
