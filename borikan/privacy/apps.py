from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "borikan.privacy"
    label = "privacy"
    verbose_name = _("Personal data protection (PDPA)")

    def ready(self) -> None:
        from borikan.core.periodic import register_periodic
        from borikan.privacy.services import retention_apply

        # Records past their retention period lose their personal data once a day.
        register_periodic(name="privacy.retention", every_seconds=24 * 3600, run=retention_apply)
