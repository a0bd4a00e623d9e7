"""factory_boy factories shared by the tests."""

from __future__ import annotations

import factory

from borikan.core.models import Agency, Office, Role, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "สมชาย"
    last_name = "ใจดี"
    role = Role.AGENT
    office = factory.LazyFunction(lambda: Office.objects.get(code="MOC"))
    password = factory.django.Password("pass-1203-word")

    class Params:
        officer = factory.Trait(
            role=Role.OFFICER,
            office=None,
            agency=factory.LazyFunction(lambda: Agency.objects.get(code="DIT")),
        )
        director = factory.Trait(
            role=Role.DIRECTOR,
            office=None,
            agency=factory.LazyFunction(lambda: Agency.objects.get(code="CAD")),
        )
        supervisor = factory.Trait(role=Role.SUPERVISOR)
        administrator = factory.Trait(role=Role.ADMIN, is_staff=True, is_superuser=True)
        provincial = factory.Trait(
            role=Role.PROVINCIAL,
            office=factory.LazyFunction(lambda: Office.objects.get(code="PCO-CMI")),
        )


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "catalog.Service"
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"S{n % 80 + 20}")
    kind = "information"
    name_th = "บริการทดสอบ"
    name_en = "Test service"
    order = 99


class StepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "catalog.Step"

    service = factory.SubFactory(ServiceFactory)
    order = factory.Sequence(lambda n: n + 1)
    key = factory.Sequence(lambda n: f"step_{n}")
    title_th = "ขั้นตอนทดสอบ"
    title_en = "Test step"
    min_seconds = 300
    max_seconds = 300
    role = "agent"


def thai_id(first12: str) -> str:
    """A valid 13-digit Thai ID from its first 12 digits (adds the mod-11 check digit)."""
    total = sum(int(first12[i]) * (13 - i) for i in range(12))
    return first12 + str((11 - total % 11) % 10)


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "contacts.Contact"
        skip_postgeneration_save = True

    first_name_th = "มาลี"
    last_name_th = factory.Sequence(lambda n: f"ทดสอบ{n}")

    @factory.post_generation
    def phone(obj, create, extracted, **kwargs):
        if extracted:
            from borikan.contacts.services import contact_add_phone

            contact_add_phone(contact=obj, raw=extracted, by=None, primary=True)
