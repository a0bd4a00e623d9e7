from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    name = "borikan.appointments"
    label = "appointments"
    verbose_name = _("Video consultations")

    def ready(self) -> None:
        from borikan.appointments.personal_data import appointments_erase, appointments_export
        from borikan.contacts.registry import register_personal_data

        register_personal_data(export=appointments_export, erase=appointments_erase)

        from borikan.appointments.selectors import appointment_timeline
        from borikan.appointments.services import appointments_repoint_contact
        from borikan.appointments.tasks import appointments_remind
        from borikan.contacts.registry import register_merge_handler, register_timeline_provider
        from borikan.core.periodic import register_periodic

        register_timeline_provider(appointment_timeline)
        register_merge_handler(appointments_repoint_contact)
        # Reminders go 24 h and 1 h before; a five-minute sweep is close enough for both.
        register_periodic(name="appointments.remind", every_seconds=300, run=appointments_remind)
