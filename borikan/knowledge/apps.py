from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "borikan.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge base")

    def ready(self) -> None:
        from borikan.contacts.registry import register_merge_handler, register_timeline_provider
        from borikan.knowledge.selectors import basket_timeline
        from borikan.knowledge.services import baskets_repoint_contact

        register_timeline_provider(basket_timeline)
        register_merge_handler(baskets_repoint_contact)
