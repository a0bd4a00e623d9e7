import pytest
from django.test import Client

from borikan.core.models import AuditEntry, Office


@pytest.mark.django_db
def test_admin_change_is_written_to_the_audit_log(admin_user):
    office = Office.objects.get(code="PCO-CMI")
    client = Client()
    client.force_login(admin_user)
    url = f"/admin/core/office/{office.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update({"phone": "053-112-233", "province": office.province_id, "is_active": "on"})
    response = client.post(url, data)
    assert response.status_code == 302, response.content[:500]

    entry = AuditEntry.objects.get(object_type="core.office", object_id=str(office.pk))
    assert entry.action == AuditEntry.Action.UPDATE
    assert entry.actor == admin_user
    assert entry.changes == {"phone": "053-112-233"}


@pytest.mark.django_db
def test_audit_log_is_append_only(admin_user):
    entry = AuditEntry.objects.create(
        action="view", object_type="contacts.contact", actor=admin_user
    )
    entry.object_repr = "tampered"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.update(object_repr="x")


@pytest.mark.django_db
def test_audit_log_is_visible_to_administrators_only(admin_user, agent):
    client = Client()
    client.force_login(admin_user)
    assert client.get("/admin/core/auditentry/").status_code == 200
    agent.is_staff = True
    agent.save()
    client.force_login(agent)
    assert client.get("/admin/core/auditentry/").status_code == 403


@pytest.mark.django_db
def test_a_batch_writes_its_entries_together_at_its_end_and_none_if_it_fails(admin_user):
    from django.db import transaction

    from borikan.core.services import audit_batch, audit_record

    with audit_batch():
        first = audit_record(actor=admin_user, action="view", object_type="contacts.contact")
        audit_record(actor=None, actor_repr="token:x", action="create", object_type="cases.case")
        assert first.pk is None and not AuditEntry.objects.exists()
    assert sorted(AuditEntry.objects.values_list("object_type", "actor_repr")) == [
        ("cases.case", "token:x"),
        ("contacts.contact", admin_user.username),
    ]
    with pytest.raises(ZeroDivisionError), transaction.atomic(), audit_batch():
        audit_record(actor=admin_user, action="view", object_type="contacts.contact")
        1 / 0  # noqa: B018
    assert AuditEntry.objects.count() == 2
