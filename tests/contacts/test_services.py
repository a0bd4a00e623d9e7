import pytest

from borikan.contacts.models import Consent, Contact, ContactMerge
from borikan.contacts.selectors import (
    contact_duplicates,
    contact_get_by_phone,
    contact_search,
    contact_timeline,
)
from borikan.contacts.services import ContactError, contact_create, contact_merge, contact_update
from borikan.core.models import AuditEntry
from tests.factories import ContactFactory, UserFactory, thai_id

pytestmark = pytest.mark.django_db


def wrong_check_digit(good: str) -> str:
    return good[:-1] + str((int(good[-1]) + 1) % 10)


def test_create_normalises_phones_and_ids(agent):
    contact = contact_create(
        by=agent,
        phones=["๐๘๑-๒๓๔-๕๖๗๘", "02 507 7882"],
        first_name_th="สมศรี",
        last_name_th="มีสุข",
        national_id=thai_id("110170012345").translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")),
    )
    assert [p.number for p in contact.phones.all()] == ["+66812345678", "+6625077882"]
    assert contact.phones.first().is_primary
    assert contact.national_id == thai_id("110170012345")
    assert AuditEntry.objects.filter(action="create", contact_id=contact.pk).exists()


def test_bad_id_or_phone_saves_nothing(agent):
    with pytest.raises(Exception) as excinfo:
        contact_create(
            by=agent,
            phones=["081-234-5678"],
            first_name_th="ก",
            national_id=wrong_check_digit(thai_id("110170012345")),
        )
    assert excinfo.value.code == "id_checksum"
    with pytest.raises(Exception) as excinfo:
        contact_create(by=agent, phones=["12345"], first_name_th="ก")
    assert excinfo.value.code == "phone_invalid"
    assert Contact.objects.count() == 0


def test_a_name_is_required(agent):
    with pytest.raises(ContactError) as excinfo:
        contact_create(by=agent, phones=["0812345678"])
    assert excinfo.value.code == "contact_no_name"


def test_duplicate_national_id_is_refused_with_409(agent):
    nid = thai_id("310170012345")
    contact_create(by=agent, first_name_th="หนึ่ง", national_id=nid)
    with pytest.raises(ContactError) as excinfo:
        contact_create(by=agent, first_name_th="สอง", national_id=nid)
    assert excinfo.value.status == 409


def test_lookup_by_any_thai_format_of_the_number(agent):
    contact = ContactFactory(phone="081-234-5678")
    for raw in ["0812345678", "+66 81 234 5678", "๐๘๑๒๓๔๕๖๗๘", "66812345678"]:
        assert contact_get_by_phone(phone=raw) == contact
    assert contact_get_by_phone(phone="anonymous") is None
    assert contact_get_by_phone(phone="1203") is None


def test_search_by_phone_id_and_thai_name(agent):
    somsri = contact_create(
        by=agent,
        phones=["0899999999"],
        first_name_th="สมศรี",
        last_name_th="ทองดี",
        national_id=thai_id("110170055555"),
    )
    contact_create(by=agent, first_name_th="ประยุทธ", last_name_th="ขยัน")
    assert contact_search(user=agent, query="089-999-9999") == [somsri]
    assert contact_search(user=agent, query=thai_id("110170055555")) == [somsri]
    assert contact_search(user=agent, query="ทองดี") == [somsri]
    assert contact_search(user=agent, query="สมศรีทองดี") == [somsri]  # no space, as typed


def test_officers_do_not_browse_contacts(agent):
    ContactFactory()
    officer = UserFactory(username="o1", officer=True)
    assert contact_search(user=officer, query="") == []


def test_update_changes_fields_and_audits(agent):
    contact = ContactFactory()
    contact_update(contact=contact, by=agent, email="A@Example.COM", level="ready")
    contact.refresh_from_db()
    assert contact.email == "a@example.com"
    entry = AuditEntry.objects.filter(action="update", contact_id=contact.pk).get()
    assert entry.changes == {"email": "a@example.com", "level": "ready"}


def test_duplicates_and_merge_keep_every_record(agent):
    first = ContactFactory(first_name_th="วิชัย", last_name_th="ใจงาม", phone="0811111111")
    second = ContactFactory(
        first_name_th="วิชัย", last_name_th="ใจงาม", phone="0822222222", email="wichai@example.com"
    )
    Consent.objects.create(contact=second, purpose="newsletter", notice_version="1")
    assert contact_duplicates(contact=first) == [second]

    kept = contact_merge(source=second, target=first, by=agent)
    second.refresh_from_db()
    assert second.merged_into == kept == first
    assert sorted(kept.phones.values_list("number", flat=True)) == ["+66811111111", "+66822222222"]
    assert kept.email == "wichai@example.com"
    assert kept.consents.count() == 1
    merge = ContactMerge.objects.get()
    assert merge.snapshot["email"] == "wichai@example.com"
    assert contact_get_by_phone(phone="0822222222") == first
    assert [i.kind for i in contact_timeline(contact=first, user=agent)] == ["merge"]
    with pytest.raises(ContactError):
        contact_merge(source=second, target=first, by=agent)
    with pytest.raises(ContactError):
        contact_merge(source=first, target=first, by=agent)
