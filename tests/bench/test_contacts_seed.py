"""The phone-lookup benchmark's seed: its own contacts 0 … N - 1, whatever else the table holds."""

from __future__ import annotations

import pytest

from bench import contacts_lookup

pytestmark = pytest.mark.django_db


def test_other_contacts_do_not_count_and_a_missing_seeded_one_is_added_again():
    from borikan.contacts.models import ContactPhone
    from borikan.contacts.services import contact_create

    contact_create(by=None, phones=["082-123-4567"], first_name_th="ผู้ร้อง")  # a case's citizen
    assert contacts_lookup.seed(5) == 5
    ContactPhone.objects.filter(number=contacts_lookup.number_of(2)).delete()
    assert contacts_lookup.seed(5) == 1
    assert contacts_lookup.seed(5) == 0
    seeded = contacts_lookup._seeded(0, 5).select_related("contact")
    assert sorted(p.number for p in seeded) == [contacts_lookup.number_of(i) for i in range(5)]
    assert {p.contact.last_name_th[-1] for p in seeded} == set("01234")
