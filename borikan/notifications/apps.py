from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "borikan.notifications"
    label = "notifications"
    verbose_name = _("Notifications (e-mail and SMS)")

    def ready(self) -> None:
        from borikan.contacts.registry import register_personal_data
        from borikan.notifications.personal_data import messages_erase, messages_export

        register_personal_data(export=messages_export, erase=messages_erase)

        from borikan.core.periodic import register_periodic
        from borikan.notifications.services import messages_retry_due

        register_periodic(name="notifications.retry_due", every_seconds=60, run=messages_retry_due)
