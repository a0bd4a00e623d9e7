from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InteractionsConfig(AppConfig):
    name = "borikan.interactions"
    label = "interactions"
    verbose_name = _("Service log")

    def ready(self) -> None:
        from borikan.contacts.registry import register_personal_data
        from borikan.interactions.personal_data import interactions_erase, interactions_export

        register_personal_data(export=interactions_export, erase=interactions_erase)

        from borikan.contacts.registry import register_merge_handler, register_timeline_provider
        from borikan.interactions.selectors import interaction_timeline
        from borikan.interactions.services import interactions_repoint_contact

        register_timeline_provider(interaction_timeline)
        register_merge_handler(interactions_repoint_contact)
