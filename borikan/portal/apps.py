from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "borikan.portal"
    label = "portal"
    verbose_name = _("Public website")

    def ready(self) -> None:
        from borikan.portal import checks  # noqa: F401  (registers the font check)
