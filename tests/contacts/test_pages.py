import pytest

from borikan.contacts.models import Contact
from borikan.core.models import AuditEntry
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


def test_create_from_the_page_and_see_it(agent_client):
    response = agent_client.post(
        "/contacts/new/",
        {
            "kind": "person",
            "first_name_th": "สุดา",
            "last_name_th": "ใจเย็น",
            "phone": "089-111-2233",
            "preferred_language": "th",
            "lawful_basis": "public_task",
            "consent_contact": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    contact = Contact.objects.get()
    assert contact.consents.get().purpose == "contact_about_matter"
    page = agent_client.get(response["Location"]).content.decode()
    assert "สุดา ใจเย็น" in page and "089 111 2233" in page
    assert AuditEntry.objects.filter(action="view", contact_id=contact.pk).exists()


def test_bad_id_shows_on_the_form_and_saves_nothing(agent_client):
    response = agent_client.post(
        "/contacts/new/",
        {
            "kind": "person",
            "first_name_th": "สุดา",
            "national_id": "1234567890123",
            "preferred_language": "th",
            "lawful_basis": "public_task",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Contact.objects.exists()


def test_search_page_and_merge(agent_client):
    a = ContactFactory(first_name_th="วีระ", last_name_th="กล้าหาญ", phone="0811111111")
    b = ContactFactory(first_name_th="วีระ", last_name_th="กล้าหาญ", phone="0822222222")
    page = agent_client.get("/contacts/?q=กล้าหาญ").content.decode()
    assert page.count("วีระ กล้าหาญ") == 2
    response = agent_client.post(f"/contacts/{b.pk}/merge/", {"target": a.pk})
    assert response.status_code == 302
    b.refresh_from_db()
    assert b.merged_into == a
    response = agent_client.post(f"/contacts/{a.pk}/merge/", {"target": a.pk})
    assert response.context["form"].non_field_errors()
