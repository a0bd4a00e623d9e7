"""The client's signed single-use link to rate one service, sent by e-mail or SMS."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from borikan.core.errors import DomainError
from borikan.surveys.models import SurveyRequest

SALT = "borikan.surveys.link"
# A rating is worth having while the service is remembered.
MAX_AGE_SECONDS = 30 * 24 * 3600


class SurveyLinkError(DomainError):
    code = "bad_link"
    status = 400


def survey_token(request: SurveyRequest) -> str:
    # The random uid ties the token to this request: ids are guessable, uids are not.
    return signing.dumps({"r": request.pk, "u": request.uid}, salt=SALT, compress=True)


def survey_url(request: SurveyRequest) -> str:
    return f"{settings.SITE_URL}/survey/{survey_token(request)}/"


def survey_request_from_token(token: str) -> SurveyRequest:
    """The request a link names; SurveyLinkError when it was altered, expired or is unknown."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.SignatureExpired:
        raise SurveyLinkError(
            _("This rating link has expired. Thank you all the same."), code="link_expired"
        ) from None
    except signing.BadSignature:
        raise SurveyLinkError(
            _(
                "This link is not valid: it may have been cut or changed. Open the link in the "
                "message exactly as it came."
            )
        ) from None
    found = SurveyRequest.objects.filter(pk=data.get("r"), uid=data.get("u")).first()
    if found is None:
        raise SurveyLinkError(_("This link is not valid: no such request."), status=404)
    return found
