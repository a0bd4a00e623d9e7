from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "borikan.webhooks"
    label = "webhooks"
    verbose_name = _("Webhooks")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from borikan.core.periodic import register_periodic
        from borikan.webhooks.models import Webhook
        from borikan.webhooks.services import deliveries_retry_due, webhooks_changed

        register_periodic(name="webhooks.retry_due", every_seconds=60, run=deliveries_retry_due)

        # A cache, not domain logic: admin edits must be seen at once.
        def forget(**kwargs: object) -> None:
            webhooks_changed()

        post_save.connect(forget, sender=Webhook, dispatch_uid="webhooks.forget.save")
        post_delete.connect(forget, sender=Webhook, dispatch_uid="webhooks.forget.delete")
