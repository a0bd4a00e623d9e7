from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "borikan.catalog"
    label = "catalog"
    verbose_name = _("Service catalogue")

    def ready(self) -> None:
        from borikan.catalog.models import Service, Step
        from borikan.catalog.selectors import catalog_changed

        # Cache invalidation only: every write path (admin, catalog_load, shell) saves models.
        def forget(**_kwargs: Any) -> None:
            catalog_changed()

        for model in (Service, Step):
            post_save.connect(forget, sender=model, weak=False, dispatch_uid=f"catalog-{model}")
            post_delete.connect(forget, sender=model, weak=False, dispatch_uid=f"catalog-d-{model}")
