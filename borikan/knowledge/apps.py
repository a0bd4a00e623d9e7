from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "borikan.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge base")

    def ready(self) -> None:
        from borikan.contacts.registry import register_personal_data
        from borikan.knowledge.personal_data import baskets_erase, baskets_export

        register_personal_data(export=baskets_export, erase=baskets_erase)

        from borikan.contacts.registry import register_merge_handler, register_timeline_provider
        from borikan.knowledge.selectors import basket_timeline
        from borikan.knowledge.services import (
            SEARCH_KIND,
            articles_reindex,
            baskets_repoint_contact,
        )
        from borikan.search.registry import register_reindexer

        register_timeline_provider(basket_timeline)
        register_reindexer(
            SEARCH_KIND,
            lambda workers, progress: articles_reindex(workers=workers, progress=progress),
        )
        register_merge_handler(baskets_repoint_contact)
