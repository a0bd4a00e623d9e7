from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TelephonyConfig(AppConfig):
    name = "borikan.telephony"
    label = "telephony"
    verbose_name = _("Telephony")

    def ready(self) -> None:
        from borikan.contacts.registry import register_personal_data
        from borikan.telephony.personal_data import calls_erase, calls_export

        register_personal_data(export=calls_export, erase=calls_erase)

        from borikan.contacts.registry import register_merge_handler, register_timeline_provider
        from borikan.telephony.selectors import call_timeline
        from borikan.telephony.services import calls_repoint_contact

        register_timeline_provider(call_timeline)
        register_merge_handler(calls_repoint_contact)
