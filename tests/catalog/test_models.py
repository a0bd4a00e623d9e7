import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from borikan.catalog.models import Service, Step
from tests.factories import ServiceFactory, StepFactory

pytestmark = pytest.mark.django_db


def _errors(step):
    with pytest.raises(ValidationError) as caught:
        step.full_clean()
    return caught.value.message_dict


def test_a_range_may_not_end_before_it_starts():
    step = StepFactory.build(service=ServiceFactory(), min_seconds=1200, max_seconds=300)
    assert "max_seconds" in _errors(step)


def test_a_step_is_timed_in_seconds_or_in_working_days_not_both():
    step = StepFactory.build(service=ServiceFactory(), min_seconds=300, working_days=15)
    assert "working_days" in _errors(step)


def test_a_range_needs_its_start_and_zero_is_no_standard():
    service = ServiceFactory()
    assert "min_seconds" in _errors(StepFactory.build(service=service, min_seconds=None))
    assert "min_seconds" in _errors(StepFactory.build(service=service, min_seconds=0))
    step = StepFactory.build(service=service, min_seconds=None, max_seconds=None, working_days=0)
    assert "working_days" in _errors(step)


def test_a_single_time_is_stored_as_a_range_from_and_to_it():
    step = StepFactory.build(service=ServiceFactory(), min_seconds=300, max_seconds=None)
    step.full_clean()
    assert step.max_seconds == 300


def test_staff_steps_name_a_role_and_recipient_steps_do_not():
    service = ServiceFactory()
    assert "role" in _errors(StepFactory.build(service=service, role=""))
    client_step = StepFactory.build(service=service, responsible="client", role="agent")
    assert "role" in _errors(client_step)
    StepFactory.build(service=service, responsible="client", role="").full_clean()


def test_the_database_refuses_an_inverted_range_and_two_units():
    service = ServiceFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Step.objects.create(
            service=service,
            order=1,
            key="a",
            title_th="ก",
            role="agent",
            min_seconds=600,
            max_seconds=300,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Step.objects.create(
            service=service,
            order=1,
            key="b",
            title_th="ข",
            role="agent",
            min_seconds=300,
            max_seconds=300,
            working_days=1,
        )


def test_step_keys_are_unique_within_a_service():
    step = StepFactory()
    duplicate = StepFactory.build(service=step.service, key=step.key)
    assert "__all__" in _errors(duplicate)
    # Another service may use the same key: S1 and S5 both have "greet".
    StepFactory.build(service=ServiceFactory(), key=step.key).full_clean()


def test_service_codes_look_like_the_seeds():
    service = ServiceFactory.build(code="X9")
    with pytest.raises(ValidationError) as caught:
        service.full_clean()
    assert "code" in caught.value.message_dict


def test_satisfaction_target_is_a_percentage():
    service = ServiceFactory.build(code="S30", satisfaction_target=120)
    with pytest.raises(ValidationError) as caught:
        service.full_clean()
    assert "satisfaction_target" in caught.value.message_dict


def test_texts_follow_the_active_language():
    s5 = Service.objects.get(code="S5")
    step = s5.steps.get(key="assess_needs")
    with translation.override("th"):
        assert s5.name == s5.name_th
        assert step.standard_display == "5–20 นาที"
        assert s5.issuing_unit == "กรมส่งเสริมการค้าระหว่างประเทศ"
    with translation.override("en"):
        assert s5.name == s5.name_en
        assert step.title == step.title_en
        assert step.standard_display == "5–20 minutes"


def test_a_service_total_counts_conditional_steps_only_in_its_upper_bound():
    s1 = Service.objects.get(code="S1")
    # greet + inform + log always (15 min); asking the agency and transferring add 6.
    assert s1.standard_total.text(language="th") == "15–21 นาที"
    s2 = Service.objects.get(code="S2")
    assert s2.standard_total.text(language="en") == "35 minutes + 15 working days"
