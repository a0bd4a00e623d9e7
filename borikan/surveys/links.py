"""The client's signed single-use link to rate one service, sent by e-mail or SMS."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from borikan.core.links import LinkError, SignedLink
from borikan.surveys.models import SurveyRequest

SurveyLinkError = LinkError

LINK = SignedLink(
    salt="borikan.surveys.link",
    # A rating is worth having while the service is remembered.
    max_age_seconds=30 * 24 * 3600,
    expired=_("This rating link has expired. Thank you all the same."),
    key="r",
)


def survey_token(request: SurveyRequest) -> str:
    return LINK.token(request.pk, request.uid)


def survey_url(request: SurveyRequest) -> str:
    return f"{settings.SITE_URL}/survey/{survey_token(request)}/"


def survey_request_from_token(token: str) -> SurveyRequest:
    """The request a link names; LinkError when it was altered, expired or is unknown."""
    pk, uid = LINK.read(token)
    found = SurveyRequest.objects.filter(pk=pk, uid=uid).first()
    if found is None:
        raise LinkError(_("This link is not valid: no such request."), status=404)
    return found
