"""The widget's words, in Thai and English, from the project's translations."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import override, pgettext_lazy

WIDGET_STRINGS = {
    "launch": _("Chat with an officer"),
    "title": _("Ministry of Commerce service center"),
    "close_panel": _("Close the chat window"),
    "intro": _("Tell us who you are and what you would like to ask about."),
    "name": _("Your name"),
    "phone": _("Phone (optional)"),
    "email": _("E-mail (optional, for the transcript)"),
    "service": _("Topic"),
    "agency": _("Agency (if you know it)"),
    "any_agency": _("Not sure"),
    "choose": _("Choose…"),
    "notice": _(
        "The Ministry of Commerce keeps what you give in this chat to answer you and to improve "
        "its service, under the Personal Data Protection Act B.E. 2562. It is kept for as long "
        "as the law on official records asks, and you may ask to see or correct it at the "
        "service center (hotline 1203)."
    ),
    "consent": _("I have read the notice and agree"),
    "start": _("Start the chat"),
    "waiting": _("Waiting for an officer: you are number %(position)s of %(waiting)s."),
    "with_agent": _("You are chatting with %(agent)s."),
    "connecting": _("Connecting…"),
    "reconnecting": _("Connection lost: reconnecting…"),
    "message": _("Your message"),
    "send": pgettext_lazy("chat", "Send"),
    "file": pgettext_lazy("chat", "File"),
    "attach": _("Attach a file"),
    "download": _("Download the file"),
    "file_limit": _("PDF, image, Word, Excel or text, at most 5 MB."),
    "typing": _("The officer is typing…"),
    "end": _("End the chat"),
    "ended": _("The chat has ended."),
    "rate": _("How was our service?"),
    "score_1": pgettext_lazy("chat rating", "Impressed"),
    "score_2": pgettext_lazy("chat rating", "Satisfied"),
    "score_3": pgettext_lazy("chat rating", "Dissatisfied"),
    "comment": _("Anything to add? (optional)"),
    "send_rating": _("Send the rating"),
    "thanks": _("Thank you for your rating."),
    "transcript": _("E-mail me the transcript"),
    "transcript_to": _("E-mail address"),
    "transcript_sent": _("The transcript is on its way to %(email)s."),
    "offline_title": _("No officer can answer right now"),
    "offline_text": _(
        "Our chat is open on working days, 08:30–16:30. Leave your message and we will answer "
        "by e-mail or phone; you will get a ticket number to follow it."
    ),
    "leave": _("Leave the message"),
    "left": _("Thank you. Your ticket number is %(ticket)s: follow it at /track/ or call 1203."),
    "article": _("Article from the knowledge base"),
    "new_chat": _("Start a new chat"),
    "you": _("You"),
}


def widget_strings() -> dict[str, dict[str, str]]:
    strings = {}
    for language in ("th", "en"):
        with override(language):
            strings[language] = {key: str(value) for key, value in WIDGET_STRINGS.items()}
    return strings
