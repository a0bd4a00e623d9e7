"""Reads of the PDPA registers, for supervisors and administrators."""

from __future__ import annotations

from django.db.models import QuerySet

from borikan.core.models import AuditEntry
from borikan.privacy.models import Breach, DataSubjectRequest, ProcessingActivity

ROPA_COLUMNS = (
    ("name", "กิจกรรม / Activity"),
    ("purpose", "วัตถุประสงค์ / Purpose"),
    ("lawful_basis", "ฐานทางกฎหมาย / Lawful basis"),
    ("data_subjects", "เจ้าของข้อมูล / Data subjects"),
    ("data_categories", "ข้อมูลส่วนบุคคล / Personal data"),
    ("sources", "แหล่งที่มา / Source"),
    ("recipients", "ผู้รับข้อมูล / Recipients"),
    ("retention", "ระยะเวลาเก็บ / Retention"),
    ("security", "มาตรการรักษาความปลอดภัย / Security measures"),
    ("transfer_abroad", "การส่งไปต่างประเทศ / Transfer abroad"),
    ("unit", "หน่วยงานผู้รับผิดชอบ / Responsible unit"),
)


def ropa_rows() -> list[list[str]]:
    """The record of processing activities (PDPA section 39) as table rows, header first."""
    rows = [[label for _field, label in ROPA_COLUMNS]]
    for activity in ProcessingActivity.objects.all():
        rows.append([str(getattr(activity, field)) for field, _label in ROPA_COLUMNS])
    return rows


def dsr_list() -> QuerySet[DataSubjectRequest]:
    return DataSubjectRequest.objects.select_related("contact", "handled_by").order_by(
        "status", "due_at"
    )


def breach_list() -> QuerySet[Breach]:
    return Breach.objects.all()


def audit_for_contact(*, contact_id: int, limit: int = 500) -> QuerySet[AuditEntry]:
    """Who viewed, changed or exported a person's data, newest first."""
    return AuditEntry.objects.filter(contact_id=contact_id).select_related("actor")[:limit]
