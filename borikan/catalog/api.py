"""Catalogue API: the services, their steps and standard times. Public, as the guides are."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from borikan.api.schemas import ErrorOut
from borikan.catalog.models import Channel, Service, Step
from borikan.catalog.selectors import channel_list, service_get, service_list

router = Router(tags=["catalog"])


class ChannelOut(Schema):
    code: str
    name_th: str
    name_en: str


class TextOut(Schema):
    """A line of the guide (a document, a law) in Thai and English."""

    th: str
    en: str


class StepOut(Schema):
    order: int
    key: str
    title_th: str
    title_en: str
    min_seconds: int | None
    max_seconds: int | None
    working_days: int | None
    standard_th: str
    standard_en: str
    responsible: str
    role: str | None
    condition_th: str
    condition_en: str
    note_th: str
    note_en: str
    answer_within_rings: int | None
    outside_staff_control: bool


class FeeOut(Schema):
    amount_baht: Decimal | None
    text_th: str
    text_en: str


class IssuingUnitOut(Schema):
    agency_code: str | None
    name_th: str
    name_en: str


class ServiceOut(Schema):
    code: str
    kind: str
    name_th: str
    name_en: str
    summary_th: str
    summary_en: str
    start_th: str
    start_en: str
    channels: list[ChannelOut]
    channel_note_th: str
    channel_note_en: str
    steps: list[StepOut]
    documents: list[TextOut]
    fee: FeeOut
    laws: list[TextOut]
    issuing_unit: IssuingUnitOut
    satisfaction_target: float | None
    sla_working_days: int | None
    standard_total_th: str
    standard_total_en: str
    remark_th: str
    remark_en: str
    source_th: str
    source_en: str


def _channel_out(channel: Channel) -> dict[str, Any]:
    return {"code": channel.code, "name_th": channel.name_th, "name_en": channel.name_en}


def _step_out(step: Step) -> dict[str, Any]:
    return {
        "order": step.order,
        "key": step.key,
        "title_th": step.title_th,
        "title_en": step.title_en,
        "min_seconds": step.min_seconds,
        "max_seconds": step.max_seconds,
        "working_days": step.working_days,
        "standard_th": step.standard_th,
        "standard_en": step.standard_en,
        "responsible": step.responsible,
        "role": step.role or None,
        "condition_th": step.condition_th,
        "condition_en": step.condition_en,
        "note_th": step.note_th,
        "note_en": step.note_en,
        "answer_within_rings": step.answer_within_rings,
        "outside_staff_control": step.outside_staff_control,
    }


def service_out(service: Service) -> dict[str, Any]:
    """The API shape of one service (its relations must be prefetched: see the selectors)."""
    total = service.standard_total
    agency = service.issuing_agency
    return {
        "code": service.code,
        "kind": service.kind,
        "name_th": service.name_th,
        "name_en": service.name_en,
        "summary_th": service.summary_th,
        "summary_en": service.summary_en,
        "start_th": service.start_th,
        "start_en": service.start_en,
        "channels": [_channel_out(channel) for channel in service.channels.all()],
        "channel_note_th": service.channel_note_th,
        "channel_note_en": service.channel_note_en,
        "steps": [_step_out(step) for step in service.ordered_steps],
        "documents": [{"th": d.title_th, "en": d.title_en} for d in service.documents.all()],
        "fee": {
            "amount_baht": service.fee_baht,
            "text_th": service.fee_th,
            "text_en": service.fee_en,
        },
        "laws": [{"th": law.title_th, "en": law.title_en} for law in service.laws.all()],
        "issuing_unit": {
            "agency_code": agency.code if agency else None,
            "name_th": service.issuing_unit_text("th"),
            "name_en": service.issuing_unit_text("en"),
        },
        "satisfaction_target": (
            float(service.satisfaction_target) if service.satisfaction_target is not None else None
        ),
        "sla_working_days": service.sla_working_days,
        "standard_total_th": total.text(language="th"),
        "standard_total_en": total.text(language="en"),
        "remark_th": service.remark_th,
        "remark_en": service.remark_en,
        "source_th": service.source_th,
        "source_en": service.source_en,
    }


@router.get("/services", response={200: list[ServiceOut], 422: ErrorOut}, auth=None)
def services(request: HttpRequest, channel: str | None = None) -> list[dict[str, Any]]:
    """Services S1–S8 with every step and its standard time; `?channel=phone_1203` keeps the
    services offered on that channel (codes from /channels)."""
    return [service_out(service) for service in service_list(channel=channel)]


@router.get("/services/{code}", response={200: ServiceOut, 404: ErrorOut}, auth=None)
def service(request: HttpRequest, code: str) -> dict[str, Any]:
    """One service by its code, in any case (`S2`, `s2`)."""
    return service_out(service_get(code=code))


@router.get("/channels", response={200: list[ChannelOut]}, auth=None)
def channels(request: HttpRequest) -> list[dict[str, Any]]:
    """The channels services are offered on; their codes filter /services."""
    return [_channel_out(channel) for channel in channel_list()]
