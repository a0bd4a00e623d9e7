"""Catalogue services and cases as GeoReport v2 records (plain dicts; `formats` writes them)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from borikan.api.open311.formats import w3c_datetime
from borikan.cases.models import Case, Kind
from borikan.catalog.models import Service, active_language

# What a complaint client may file: every kind of case but the follow-up inquiry, which is
# asked about a case the citizen already has.
REQUEST_KINDS = [kind for kind in Kind if kind != Kind.FOLLOWUP]
# Codes of the attributes a client fills in (`attribute[kind]=complaint`).
ATTR_KIND = "kind"
ATTR_SUBJECT = "subject"
ATTR_ANONYMOUS = "anonymous"


def service_record(service: Service) -> dict[str, Any]:
    """One entry of services.json."""
    return {
        "service_code": service.code,
        "service_name": service.name,
        "description": service.summary,
        "metadata": True,
        "type": "realtime",  # the ticket number is given at once
        "keywords": ", ".join(
            str(label) for _value, label in Kind.choices if _value != Kind.FOLLOWUP
        ),
        "group": service.issuing_unit,
    }


def _info(code: str, order: int, description: str) -> dict[str, Any]:
    """An attribute that only tells (variable false): a fact of the catalogue's guide."""
    return {
        "variable": False,
        "code": code,
        "datatype": "text",
        "required": False,
        "datatype_description": "",
        "order": order,
        "description": description,
    }


def service_definition(service: Service) -> dict[str, Any]:
    """services/{code}.json: what to fill in, then the guide's facts from the catalogue."""
    language = active_language()
    attributes: list[dict[str, Any]] = [
        {
            "variable": True,
            "code": ATTR_KIND,
            "datatype": "singlevaluelist",
            "required": True,
            "datatype_description": _("One of the keys below."),
            "order": 1,
            "description": _("What would you like to report?"),
            "values": [{"key": kind.value, "name": str(kind.label)} for kind in REQUEST_KINDS],
        },
        {
            "variable": True,
            "code": ATTR_SUBJECT,
            "datatype": "string",
            "required": False,
            "datatype_description": _("At most 300 characters."),
            "order": 2,
            "description": _("Subject (when not given, the start of the description)"),
        },
        {
            "variable": True,
            "code": ATTR_ANONYMOUS,
            "datatype": "singlevaluelist",
            "required": False,
            "datatype_description": _(
                "Only for a tip-off. The reply then carries tracking_code, shown once: the "
                "citizen follows the case with the number and this code."
            ),
            "order": 3,
            "description": _("File the tip-off anonymously (no name, phone or e-mail kept)"),
            "values": [{"key": "true", "name": _("Yes")}, {"key": "false", "name": _("No")}],
        },
    ]
    facts: list[tuple[str, str]] = []
    total = service.standard_total.text(language=language)
    if total and total != "–":
        facts.append(("standard_time", _("Standard time: %(time)s") % {"time": total}))
    steps = [
        f"{step.order}. {step.title} ({step.standard_text(language)})"
        for step in service.ordered_steps
    ]
    if steps:
        facts.append(("steps", _("Steps: %(steps)s") % {"steps": " ".join(steps)}))
    if service.fee:
        facts.append(("fee", _("Fee: %(fee)s") % {"fee": service.fee}))
    documents = [d.title for d in service.documents.all()]
    if documents:
        facts.append(("documents", _("Documents: %(list)s") % {"list": "; ".join(documents)}))
    laws = [law.title for law in service.laws.all()]
    if laws:
        facts.append(("legal_basis", _("Legal basis: %(list)s") % {"list": "; ".join(laws)}))
    if service.issuing_unit:
        facts.append(("issuing_unit", _("Issuing unit: %(unit)s") % {"unit": service.issuing_unit}))
    for offset, (code, text) in enumerate(facts, start=4):
        attributes.append(_info(code, offset, text))
    return {"service_code": service.code, "attributes": attributes}


def expected_datetime(due: dt.date) -> dt.datetime:
    """The due date as a moment: the end of that day in Bangkok (the answer is due *by* it)."""
    return timezone.make_aware(dt.datetime.combine(due, dt.time(23, 59, 59)))


def service_notice(service: Service) -> str:
    days = service.sla_working_days
    if days:
        return _("Answered within %(days)s working days.") % {"days": days}
    return ""


def request_record(
    case: Case, *, full: bool, status_notes: str = "", notice: str = ""
) -> dict[str, Any]:
    """One entry of requests.json. `full` (a client with a key) adds what the citizen wrote
    and the public replies; without a key a request shows its status and dates only."""
    shown = case.merged_into if case.merged_into is not None else case
    agency = shown.agency
    return {
        "service_request_id": case.number,
        "status": "open" if shown.is_open else "closed",
        "status_notes": status_notes if full and status_notes else None,
        "service_name": case.service.name,
        "service_code": case.service.code,
        "description": case.description if full and not case.anonymous else None,
        "agency_responsible": agency.name if agency is not None else None,
        "service_notice": notice or None,
        "requested_datetime": w3c_datetime(case.received_at),
        "updated_datetime": w3c_datetime(shown.updated_at),
        "expected_datetime": w3c_datetime(expected_datetime(shown.due_date)),
        "address": None,
        "address_id": None,
        "zipcode": None,
        "lat": None,
        "long": None,
        "media_url": None,
    }
