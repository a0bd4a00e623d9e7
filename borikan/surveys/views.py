"""Rating pages: the client's signed link (no account), the counter tablet tied to one
interaction, and staff sending a link by e-mail or SMS."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from borikan.core.errors import DomainError
from borikan.core.http import acting_user
from borikan.interactions.models import Interaction
from borikan.interactions.selectors import interaction_list_visible_to
from borikan.surveys.links import SurveyLinkError, survey_request_from_token
from borikan.surveys.models import Score, SurveyRequest, Via
from borikan.surveys.services import (
    survey_request_answer,
    survey_request_counter,
    survey_request_create,
)

SCORE_FACES = {1: "😊", 2: "🙂", 3: "🙁"}


def _both(exc: DomainError) -> dict[str, str]:
    return {"message_th": exc.message_in("th"), "message_en": exc.message_in("en")}


def _rate(
    request: HttpRequest, survey: SurveyRequest, *, counter: bool, template_extra: dict[str, Any]
) -> HttpResponse:
    """GET shows the three choices; POST records the client's choice once."""
    error: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        try:
            survey_request_answer(
                request=survey,
                score=request.POST.get("score", ""),
                comment=request.POST.get("comment", ""),
            )
        except DomainError as exc:
            if exc.code == "already_rated":
                return render(
                    request,
                    "surveys/thanks.html",
                    {"already": True, "counter": counter, **template_extra},
                    status=409,
                )
            error, status = _both(exc), exc.status
        else:
            return render(
                request, "surveys/thanks.html", {"counter": counter, **template_extra}, status=200
            )
    elif hasattr(survey, "response"):
        return render(
            request,
            "surveys/thanks.html",
            {"already": True, "counter": counter, **template_extra},
            status=409,
        )
    context = {
        "survey": survey,
        "choices": [(value, label, SCORE_FACES[value]) for value, label in Score.choices],
        "chosen": request.POST.get("score", ""),
        "comment": request.POST.get("comment", ""),
        "error": error,
        "counter": counter,
        **template_extra,
    }
    return render(request, "surveys/rate.html", context, status=status)


@require_http_methods(["GET", "POST"])
def survey_public(request: HttpRequest, token: str) -> HttpResponse:
    """The page a client's e-mail or SMS link opens: one tap rates the service."""
    try:
        survey = survey_request_from_token(token)
    except SurveyLinkError as exc:
        return render(request, "surveys/bad_link.html", _both(exc), status=exc.status)
    if survey.via == Via.COUNTER:  # a tablet's request is not a link
        return render(
            request,
            "surveys/bad_link.html",
            _both(SurveyLinkError(_("This link is not valid: no such request."))),
            status=404,
        )
    return _rate(request, survey, counter=False, template_extra={})


def _interaction_for(request: HttpRequest, pk: int) -> Interaction:
    interaction = interaction_list_visible_to(user=acting_user(request)).filter(pk=pk).first()
    if interaction is None:
        raise Http404
    return interaction


@login_required
@require_http_methods(["GET", "POST"])
def counter_tablet(request: HttpRequest, pk: int) -> HttpResponse:
    """The counter tablet: staff open it for the interaction just logged, the client taps."""
    interaction = _interaction_for(request, pk)
    try:
        survey = survey_request_counter(interaction=interaction, by=acting_user(request))
    except DomainError as exc:
        if exc.code == "already_rated":
            return render(
                request,
                "surveys/thanks.html",
                {"already": True, "counter": True, "interaction": interaction},
                status=409,
            )
        raise
    return _rate(request, survey, counter=True, template_extra={"interaction": interaction})


@login_required
@require_POST
def survey_send(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff send the client a rating link by e-mail or SMS (an htmx form on the desktop)."""
    interaction = _interaction_for(request, pk)
    via = request.POST.get("via", "")
    try:
        survey_request_create(
            via=via,
            interaction=interaction,
            recipient=request.POST.get("recipient", ""),
            by=acting_user(request),
            language="en" if (get_language() or "th").startswith("en") else "th",
        )
    except DomainError as exc:
        return render(
            request,
            "surveys/_send.html",
            {
                "interaction": interaction,
                "error": exc.message,
                "recipient": request.POST.get("recipient", ""),
            },
            status=exc.status,
        )
    return render(
        request,
        "surveys/_send.html",
        {"interaction": interaction, "sent": Via(via).label},
    )


def counter_url(interaction: Interaction) -> str:
    return reverse("surveys:counter", args=[interaction.pk])
