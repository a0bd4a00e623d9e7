"""Recording a client's rating: the one way every channel saves one."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from borikan.core.errors import DomainError, text_checked
from borikan.interactions.models import Channel, Interaction
from borikan.surveys.models import Score, Source, SurveyResponse

if TYPE_CHECKING:
    from borikan.cases.models import Case

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
) -> SurveyResponse:
    """Save one rating. What it rates (interaction or case) lends it service, agency, office and
    staff; an interaction is rated once (409 `already_rated` the second time)."""
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
