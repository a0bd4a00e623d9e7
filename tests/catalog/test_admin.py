import pytest
from django.test import Client

from borikan.catalog.models import Service, Step
from borikan.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def _form_data(response):
    """Every field of the admin change form and its inlines, as a browser would post it."""
    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, list):
            data[name] = [str(v) for v in value]
        elif value is None:
            data[name] = ""
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = value
        for sub in formset.forms:
            for name in sub.fields:
                value = sub[name].value()
                if isinstance(value, bool):
                    if value:
                        data[sub.add_prefix(name)] = "on"
                elif value is not None:
                    data[sub.add_prefix(name)] = value
    return data


@pytest.fixture
def admin_client(admin_user):
    client = Client()
    client.force_login(admin_user)
    return client


def test_changing_a_standard_time_in_the_admin_is_saved_and_audited(admin_client, admin_user):
    service = Service.objects.get(code="S3")
    url = f"/admin/catalog/service/{service.pk}/change/"
    response = admin_client.get(url)
    assert response.status_code == 200
    data = _form_data(response)
    step = service.steps.get(key="record_and_book")
    index = next(i for i in range(10) if str(data.get(f"steps-{i}-id")) == str(step.pk))
    data[f"steps-{index}-min_seconds"] = "720"
    data[f"steps-{index}-max_seconds"] = "720"
    data["name_en"] = "Video consultation"

    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""

    assert Step.objects.get(pk=step.pk).min_seconds == 720
    step_entry = AuditEntry.objects.get(object_type="catalog.step", object_id=str(step.pk))
    assert step_entry.action == AuditEntry.Action.UPDATE
    assert step_entry.actor == admin_user
    assert step_entry.changes == {"min_seconds": "720", "max_seconds": "720"}
    service_entry = AuditEntry.objects.get(object_type="catalog.service")
    assert service_entry.changes == {"name_en": "Video consultation"}
    # Other apps see the new standard at once.
    api = admin_client.get("/api/v1/catalog/services/S3").json()
    assert api["steps"][1]["standard_en"] == "12 minutes"


def test_the_admin_refuses_an_inverted_range(admin_client):
    service = Service.objects.get(code="S5")
    url = f"/admin/catalog/service/{service.pk}/change/"
    data = _form_data(admin_client.get(url))
    step = service.steps.get(key="assess_needs")
    index = next(i for i in range(10) if str(data.get(f"steps-{i}-id")) == str(step.pk))
    data[f"steps-{index}-min_seconds"] = "1200"
    data[f"steps-{index}-max_seconds"] = "300"
    response = admin_client.post(url, data)
    assert response.status_code == 200  # the form again, with the error
    assert Step.objects.get(pk=step.pk).min_seconds == 300
    assert not AuditEntry.objects.filter(object_type="catalog.step").exists()


def test_deleting_a_step_in_the_admin_is_audited(admin_client):
    service = Service.objects.get(code="S4")
    url = f"/admin/catalog/service/{service.pk}/change/"
    data = _form_data(admin_client.get(url))
    step = service.steps.get(key="provincial_websites")
    index = next(i for i in range(10) if str(data.get(f"steps-{i}-id")) == str(step.pk))
    data[f"steps-{index}-DELETE"] = "on"
    assert admin_client.post(url, data).status_code == 302
    assert not Step.objects.filter(pk=step.pk).exists()
    entry = AuditEntry.objects.get(object_type="catalog.step")
    assert (entry.action, entry.object_id) == (AuditEntry.Action.DELETE, str(step.pk))
