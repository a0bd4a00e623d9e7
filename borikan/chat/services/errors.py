from __future__ import annotations

from borikan.core.errors import DomainError


class ChatError(DomainError):
    code = "chat_invalid"
