from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    name = "borikan.contacts"
    label = "contacts"
    verbose_name = _("Contacts (CRM)")

    def ready(self) -> None:
        from borikan.contacts.personal_data import contacts_erase, contacts_export
        from borikan.contacts.registry import register_personal_data

        register_personal_data(export=contacts_export, erase=contacts_erase)

        from borikan.contacts.services import SEARCH_KIND, contacts_reindex
        from borikan.search.registry import register_reindexer

        register_reindexer(SEARCH_KIND, contacts_reindex)
