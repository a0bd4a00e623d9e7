from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "borikan.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from borikan.core.periodic import register_periodic
        from borikan.reports.rollups import rollups_refresh, rollups_refresh_full
        from borikan.reports.tasks import monthly_report_send

        # Checked hourly; each month's e-mail is queued once (the outbox's dedupe key).
        register_periodic(name="reports.monthly_email", every_seconds=3600, run=monthly_report_send)
        # The dashboard's daily counts: the last weeks hourly, everything once a day.
        register_periodic(name="reports.rollups", every_seconds=3600, run=rollups_refresh)
        register_periodic(
            name="reports.rollups_full", every_seconds=86_400, run=rollups_refresh_full
        )
