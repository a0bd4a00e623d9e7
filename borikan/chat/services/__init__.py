"""Writes of live chat, each in a transaction; pushes to sockets go after the commit."""

from borikan.chat.services.errors import ChatError
from borikan.chat.services.lifecycle import (
    conversation_accept,
    conversation_case_open,
    conversation_close,
    conversation_rate,
    conversation_transcript_send,
    conversation_transfer,
    conversations_repoint_contact,
    presence_connect,
    presence_disconnect,
    presence_seen,
)
from borikan.chat.services.messages import (
    MAX_FILE_BYTES,
    Posted,
    article_send,
    canned_send,
    file_post,
    message_post,
)
from borikan.chat.services.start import (
    PDPA_NOTICE_VERSION,
    Started,
    conversation_leave_message,
    conversation_start,
)

__all__ = [
    "MAX_FILE_BYTES",
    "PDPA_NOTICE_VERSION",
    "ChatError",
    "Posted",
    "Started",
    "article_send",
    "canned_send",
    "conversation_accept",
    "conversation_case_open",
    "conversation_close",
    "conversation_leave_message",
    "conversation_rate",
    "conversation_start",
    "conversation_transcript_send",
    "conversation_transfer",
    "conversations_repoint_contact",
    "file_post",
    "message_post",
    "presence_connect",
    "presence_disconnect",
    "presence_seen",
]
