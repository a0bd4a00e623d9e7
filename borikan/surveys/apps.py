from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "borikan.surveys"
    label = "surveys"
    verbose_name = _("Satisfaction")

    def ready(self) -> None:
        from borikan.contacts.registry import register_personal_data
        from borikan.surveys.personal_data import responses_erase, responses_export

        register_personal_data(export=responses_export, erase=responses_erase)
