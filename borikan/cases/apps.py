from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "borikan.cases"
    label = "cases"
    verbose_name = _("Complaints and tip-offs")

    def ready(self) -> None:
        from borikan.cases.personal_data import cases_erase, cases_export
        from borikan.contacts.registry import register_personal_data

        register_personal_data(export=cases_export, erase=cases_erase)

        from borikan.cases.selectors import case_timeline
        from borikan.cases.services import SEARCH_KIND, cases_reindex, cases_repoint_contact
        from borikan.cases.tasks import cases_escalate_overdue
        from borikan.contacts.registry import register_merge_handler, register_timeline_provider
        from borikan.core.periodic import register_periodic
        from borikan.search.registry import register_reindexer

        register_timeline_provider(case_timeline)
        register_reindexer(SEARCH_KIND, cases_reindex)
        register_merge_handler(cases_repoint_contact)
        # Overdue cases go up to the director and the agency within a quarter of an hour.
        register_periodic(
            name="cases.escalate_overdue", every_seconds=900, run=cases_escalate_overdue
        )
