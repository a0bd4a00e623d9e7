from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChatConfig(AppConfig):
    name = "borikan.chat"
    label = "chat"
    verbose_name = _("Live chat")

    def ready(self) -> None:
        from borikan.chat.personal_data import chats_erase, chats_export
        from borikan.chat.selectors import conversation_timeline
        from borikan.chat.services import conversations_repoint_contact
        from borikan.contacts.registry import (
            register_merge_handler,
            register_personal_data,
            register_timeline_provider,
        )

        register_timeline_provider(conversation_timeline)
        register_personal_data(export=chats_export, erase=chats_erase)
        register_merge_handler(conversations_repoint_contact)
