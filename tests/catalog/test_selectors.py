import pytest

from borikan.catalog.selectors import (
    UnknownServiceError,
    UnknownStepError,
    service_get,
    service_list,
    service_ref,
    service_sla_working_days,
    step_get,
)
from borikan.core.errors import DomainError

pytestmark = pytest.mark.django_db


def test_service_get_accepts_any_case_and_prefetches(django_assert_num_queries):
    with django_assert_num_queries(5):  # service+agency, steps, channels, documents, laws
        service = service_get(code=" s3 ")
        assert service.code == "S3"
        assert service.ordered_steps[0].key == "ask_details"
        assert [c.code for c in service.channels.all()] == ["counter", "video"]
        assert service.documents.all()[0].title_th
        assert service.laws.all()[0].title_th
        assert service.issuing_agency is not None and service.issuing_agency.code == "RCAD"


@pytest.mark.parametrize("code", ["S99", "", "S", "1", "S1; --"])
def test_service_get_refuses_unknown_codes_with_a_domain_error(code):
    with pytest.raises(UnknownServiceError) as caught:
        service_get(code=code)
    assert isinstance(caught.value, DomainError)
    assert (caught.value.code, caught.value.status) == ("unknown_service", 404)
    assert caught.value.message_in("en").startswith("There is no service")


def test_an_inactive_service_is_not_offered():
    service = service_get(code="S8")
    service.is_active = False
    service.save()
    with pytest.raises(UnknownServiceError):
        service_get(code="S8")
    assert "S8" not in [s.code for s in service_list()]
    assert "S8" in [s.code for s in service_list(include_inactive=True)]


def test_step_get_finds_a_step_by_its_stable_key():
    step = step_get(service_code="S2", key="agency_answers")
    assert step.working_days == 15
    assert step.service.code == "S2"
    greet = step_get(service_code="s1", key="greet")
    assert (greet.min_seconds, greet.answer_within_rings) == (300, 3)
    with pytest.raises(UnknownStepError) as caught:
        step_get(service_code="S2", key="greet")
    assert caught.value.status == 404


def test_sla_in_working_days():
    assert service_sla_working_days(code="S2") == 15
    assert service_sla_working_days(code="S1") is None


def test_service_list_by_channel():
    assert [s.code for s in service_list(channel="web")] == ["S4", "S8"]
    assert [s.code for s in service_list(channel="chat")] == ["S7"]
    assert [s.code for s in service_list(channel="phone_1169")] == ["S6"]


def test_service_references_are_cached_until_the_catalogue_changes(django_assert_num_queries):
    assert service_sla_working_days(code="S2") == 15
    with django_assert_num_queries(0):
        assert service_sla_working_days(code="s2") == 15
        assert service_ref(code="S2").code == "S2"
    step = step_get(service_code="S2", key="agency_answers")
    step.working_days = 10
    step.save()  # an administrator's edit: the next case counts 10 days
    assert service_sla_working_days(code="S2") == 10
    service = service_ref(code="S2")
    service.is_active = False
    service.save()
    with pytest.raises(UnknownServiceError):
        service_ref(code="S2")
    with pytest.raises(UnknownServiceError):
        service_sla_working_days(code="S2")


def test_a_change_made_in_another_process_is_seen(django_assert_max_num_queries):
    """Each process keeps its own copy of the references; the shared cache tells it when the
    catalogue changed, wherever the change was made (here: the shared entries forgotten and a
    row changed without this process's signal)."""
    from django.core.cache import cache

    from borikan.catalog.models import Step

    assert service_sla_working_days(code="S2") == 15
    Step.objects.filter(service__code="S2", key="agency_answers").update(working_days=10)
    cache.delete_many(["borikan:catalog:refs", "borikan:catalog:refs-version"])
    assert service_sla_working_days(code="S2") == 10
    with django_assert_max_num_queries(0):
        assert service_ref(code="S2").code == "S2"
