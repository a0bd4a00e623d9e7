"""The monthly report e-mailed to supervisors by the worker (a periodic job, see apps.py)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.translation import override

from borikan.core.conf import borikan_setting
from borikan.core.models import Role, User
from borikan.core.thai import be_year, month_name
from borikan.notifications.selectors import message_list_for
from borikan.notifications.services import Attachment, message_queue
from borikan.reports.filters import ReportFilters, month_start
from borikan.reports.pdf import REPORT_TITLE, period_filters, period_title, report_pdf
from borikan.reports.tables import standards_rows

REF_KIND = "report"


def report_recipients() -> list[str]:
    """Active supervisors with an e-mail address, and `BORIKAN["REPORT_EMAILS"]`."""
    supervisors = User.objects.filter(role=Role.SUPERVISOR, is_active=True).exclude(email="")
    addresses = set(supervisors.values_list("email", flat=True))
    addresses.update(borikan_setting("REPORT_EMAILS"))
    return sorted(addresses)


def _figure(value: object, suffix: str = "") -> str:
    return "–" if value is None else f"{value}{suffix}"


def monthly_report_send(*, today: dt.date | None = None) -> int:
    """Queues last month's report to every recipient once (the outbox's dedupe key makes a
    second run, on any worker, queue nothing). Returns how many new e-mails were queued."""
    today = today or timezone.localdate()
    last = month_start(today, back=1)
    ref_id = last.strftime("%Y-%m")
    recipients = report_recipients()
    already = set(
        message_list_for(ref_kind=REF_KIND, ref_id=ref_id).values_list("recipient", flat=True)
    )
    pending = [address for address in recipients if address not in already]
    if not pending:
        return 0
    # The report covers the whole ministry, as an unsaved supervisor sees it.
    reader = User(username="system:reports", role=Role.SUPERVISOR)
    filters = period_filters(months=1, last=last, base=ReportFilters(date_from=last, date_to=last))
    with override("th"):
        rows = standards_rows(user=reader, filters=filters)
        lines = [
            f"- {name}: {_figure(share, '%')} ({_figure(part)} / {_figure(whole)})"
            if whole is not None
            else f"- {name}: {_figure(part)}"
            for name, part, whole, share, _target in rows
        ]
        title = f"{REPORT_TITLE} {period_title(filters, 1)}"
    with override("th"):
        pdf = report_pdf(user=reader, filters=filters, months=1)
    attachment = Attachment(f"borikan-report-{ref_id}.pdf", pdf, "application/pdf")
    url = f"{settings.SITE_URL}/reports/pdf/?months=1&month={ref_id}"
    body = "\n".join(
        [
            title,
            "",
            *lines,
            "",
            "รายงานฉบับเต็มแนบมาเป็นไฟล์ PDF / The full report is attached as a PDF.",
            f"รายงานฉบับเต็ม (PDF): {url}",
            f"Full report for {month_name(last.month, language='en')} {last.year} "
            f"(B.E. {be_year(last.year)}): {url}",
            "",
            "ศูนย์บริการกระทรวงพาณิชย์ · Borikan",
        ]
    )
    queued = 0
    for address in pending:
        message = message_queue(
            channel="email",
            recipient=address,
            subject=title,
            body=body,
            attachment=attachment,
            dedupe_key=f"report:{ref_id}:{address}",
            ref_kind=REF_KIND,
            ref_id=ref_id,
        )
        queued += message is not None
    return queued
