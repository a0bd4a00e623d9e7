"""Recording a client's rating: the one way every channel saves one."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from borikan.core.errors import DomainError, text_checked
from borikan.interactions.models import Channel, Interaction
from borikan.surveys.models import Score, Source, SurveyRequest, SurveyResponse, Via

if TYPE_CHECKING:
    from borikan.cases.models import Case
    from borikan.core.models import User
    from borikan.telephony.models import Call

COMMENT_LIMIT = 2000


class SurveyError(DomainError):
    code = "survey_invalid"


def _score_checked(score: object) -> int:
    try:
        value = int(str(score).strip())
    except ValueError:
        value = 0
    if value not in Score.values:
        raise SurveyError(
            _("Choose a rating: 1 impressed, 2 satisfied or 3 dissatisfied."),
            code="score_invalid",
            details={"field": "score", "allowed": list(Score.values)},
        )
    return value


@transaction.atomic
def response_record(
    *,
    channel: str,
    source: str,
    score: object,
    comment: str = "",
    interaction: Interaction | None = None,
    case: Case | None = None,
    responded_at: dt.datetime | None = None,
    request: SurveyRequest | None = None,
    call: Call | None = None,
) -> SurveyResponse:
    """Save one rating. What it rates (interaction, case, or a call not yet logged) lends it
    service, agency, office and staff; an interaction, a call and a request are rated once
    (409 `already_rated` the second time)."""
    if channel not in Channel.values:
        raise SurveyError(
            _("Unknown channel."), code="channel_invalid", details={"field": "channel"}
        )
    if source not in Source.values:
        raise SurveyError(_("Unknown source."), code="source_invalid", details={"field": "source"})
    response = SurveyResponse(
        channel=channel,
        source=source,
        score=_score_checked(score),
        comment=text_checked(
            comment, field="comment", label=_("comment"), limit=COMMENT_LIMIT, required=False
        ),
        interaction=interaction,
        case=case,
        request=request,
        call=call,
        responded_at=responded_at or timezone.now(),
    )
    if interaction is not None:
        response.service_id = interaction.service_id
        response.agency_id = interaction.agency_id
        response.office_id = interaction.office_id
        response.staff_id = interaction.staff_id
    elif case is not None:
        response.service_id = case.service_id
        response.agency_id = case.agency_id
        response.office_id = case.office_id
    elif call is not None and call.agent is not None:
        response.staff_id = call.agent_id
        response.office_id = call.agent.office_id
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError as exc:
        raise SurveyError(
            _("This service has already been rated. Thank you."),
            code="already_rated",
            status=409,
        ) from exc
    return response


REQUEST_LIFETIME = dt.timedelta(days=30)
# What a case's origin is as a channel of service.
CASE_CHANNELS = {"phone": "phone", "counter": "counter", "chat": "chat"}


def _copy_rated(request: SurveyRequest) -> None:
    if request.interaction is not None:
        interaction = request.interaction
        request.channel = interaction.channel
        request.service_id = interaction.service_id
        request.agency_id = interaction.agency_id
        request.office_id = interaction.office_id
        request.staff_id = interaction.staff_id
    elif request.case is not None:
        case = request.case
        request.channel = CASE_CHANNELS.get(case.origin, Channel.WEB)
        request.service_id = case.service_id
        request.agency_id = case.agency_id
        request.office_id = case.office_id


def _recipient_checked(via: str, recipient: str) -> str:
    from borikan.contacts.identifiers import phone_try_parse

    recipient = (recipient or "").strip()
    if via == Via.EMAIL:
        if "@" not in recipient or len(recipient) > 254:
            raise SurveyError(
                _("Enter the client's e-mail address."),
                code="recipient_invalid",
                details={"field": "email"},
            )
        return recipient
    phone = phone_try_parse(recipient)
    if phone is None or phone.is_short_code or not phone.value.startswith("+66"):
        raise SurveyError(
            _("Enter the client's Thai mobile number, e.g. 081-234-5678."),
            code="recipient_invalid",
            details={"field": "phone"},
        )
    return phone.value


@transaction.atomic
def survey_request_create(
    *,
    via: str,
    interaction: Interaction | None = None,
    case: Case | None = None,
    recipient: str = "",
    by: User | None = None,
    language: str = "th",
) -> SurveyRequest:
    """Asks a client to rate one service: a signed single-use link by e-mail or SMS (queued in
    the outbox, sent after the commit), or the counter tablet for one interaction."""
    if via not in Via.values:
        raise SurveyError(_("Unknown way of asking."), code="via_invalid", details={"field": "via"})
    if interaction is None and case is None:
        raise SurveyError(
            _("Say which service is rated: an interaction or a case."), code="rated_required"
        )
    if via == Via.COUNTER:
        if interaction is None:
            raise SurveyError(
                _("The counter tablet rates one interaction."), code="interaction_required"
            )
        recipient = ""
    else:
        recipient = _recipient_checked(via, recipient)
    if interaction is not None and _rated(interaction=interaction):
        raise SurveyError(
            _("This service has already been rated. Thank you."), code="already_rated", status=409
        )
    now = timezone.now()
    request = SurveyRequest(
        uid=secrets.token_urlsafe(16),
        via=via,
        recipient=recipient,
        channel=Channel.COUNTER,
        interaction=interaction,
        case=case,
        created_by=by if by is not None and by.pk else None,
        created_at=now,
        expires_at=now + REQUEST_LIFETIME,
    )
    _copy_rated(request)
    request.save()
    if via != Via.COUNTER:
        _send_link(request, language=language)
    return request


def _send_link(request: SurveyRequest, *, language: str) -> None:
    from borikan.notifications.services import message_queue
    from borikan.surveys.links import survey_url

    url = survey_url(request)
    with override("en" if language == "en" else "th"):
        subject = str(_("How was our service? Rate it in one tap"))
        body = str(
            _(
                "Thank you for contacting the Ministry of Commerce service center.\n\n"
                "How satisfied are you with the service? Choose 1 impressed, 2 satisfied or "
                "3 dissatisfied at:\n%(url)s\n\nThe link works once, for 30 days."
            )
        ) % {"url": url}
        sms = str(_("Rate our service (1 tap): %(url)s — MOC 1203")) % {"url": url}
    message_queue(
        channel="email" if request.via == Via.EMAIL else "sms",
        recipient=request.recipient,
        subject=subject if request.via == Via.EMAIL else "",
        body=body if request.via == Via.EMAIL else sms,
        dedupe_key=f"survey:{request.uid}:{request.via}",
        ref_kind="survey",
        ref_id=str(request.pk),
    )


def _rated(*, interaction: Interaction) -> bool:
    return SurveyResponse.objects.filter(interaction=interaction).exists()


@transaction.atomic
def survey_request_answer(
    *, request: SurveyRequest, score: object, comment: str = ""
) -> SurveyResponse:
    """The client's answer to a link or the counter tablet: used once, then refused (409)."""
    request = SurveyRequest.objects.select_for_update().get(pk=request.pk)
    if SurveyResponse.objects.filter(request=request).exists():
        raise SurveyError(
            _("This service has already been rated. Thank you."), code="already_rated", status=409
        )
    if request.expires_at < timezone.now():
        raise SurveyError(
            _("This rating link has expired. Thank you all the same."),
            code="link_expired",
            status=410,
        )
    response = response_record(
        channel=request.channel,
        source=Source.COUNTER if request.via == Via.COUNTER else Source.LINK,
        score=score,
        comment=comment,
        interaction=request.interaction,
        case=request.case if request.interaction is None else None,
        request=request,
    )
    return response


def survey_request_counter(*, interaction: Interaction, by: User) -> SurveyRequest:
    """The counter tablet's request for one interaction: the open one, or a new one."""
    open_request = (
        SurveyRequest.objects.filter(interaction=interaction, via=Via.COUNTER, response=None)
        .order_by("-created_at")
        .first()
    )
    if open_request is not None and open_request.expires_at > timezone.now():
        return open_request
    return survey_request_create(via=Via.COUNTER, interaction=interaction, by=by)


@transaction.atomic
def keypad_rating_record(*, call: Call, score: object) -> SurveyResponse:
    """The caller's keypad rating after the call (S6): rates the call's logged interaction, or
    the call itself until the agent logs it (the interaction takes the rating over then)."""
    interaction = Interaction.objects.filter(call=call).order_by("started_at").first()
    return response_record(
        channel=Channel.PHONE,
        source=Source.KEYPAD,
        score=score,
        interaction=interaction,
        call=call,
    )


def responses_attach_interaction(*, interaction: Interaction) -> int:
    """A call rated before it was logged: its rating now rates the interaction (service,
    agency, office and staff copied). Called by `interaction_log`."""
    if interaction.call_id is None:
        return 0
    return SurveyResponse.objects.filter(call_id=interaction.call_id, interaction=None).update(
        interaction=interaction,
        service_id=interaction.service_id,
        agency_id=interaction.agency_id,
        office_id=interaction.office_id,
        staff_id=interaction.staff_id,
    )
