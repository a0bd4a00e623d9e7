from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from borikan.catalog.selectors import service_list
from borikan.contacts.selectors import contact_list_visible_to, contact_search
from borikan.core.errors import DomainError
from borikan.core.http import acting_user, posted_int
from borikan.core.models import Agency, Role
from borikan.core.selectors import agency_list
from borikan.interactions.forms import InteractionForm
from borikan.interactions.models import Channel
from borikan.interactions.selectors import interaction_list_visible_to
from borikan.interactions.services import interaction_log
from borikan.knowledge.selectors import SESSION_BASKET, basket_get_visible
from borikan.knowledge.services import basket_link_interaction


def _choices(request: HttpRequest) -> tuple[list[tuple[str, str]], list[tuple[str, str]], str]:
    """Services and agencies for the form, and each service's timed steps for the step timer."""
    english = request.LANGUAGE_CODE == "en"
    services = list(service_list())
    steps = {
        s.code: [
            {
                "key": st.key,
                "title": st.title_en if english and st.title_en else st.title_th,
                "max": st.max_seconds or st.min_seconds,
            }
            for st in s.steps.all()
            if st.working_days is None
        ]
        for s in services
    }
    service_choices = [(s.code, f"{s.code} · {s.name}") for s in services]
    agency_choices = [(a.code, f"{a.code} · {a.name}") for a in agency_list()]
    return service_choices, agency_choices, json.dumps(steps, ensure_ascii=False)


def _default_channel(request: HttpRequest) -> str:
    """Counter and provincial staff serve walk-ins; the call center answers the phone."""
    asked = request.GET.get("channel", "")
    if asked in Channel.values:
        return asked
    role = getattr(request.user, "role", "")
    return Channel.COUNTER if role in (Role.COUNTER, Role.PROVINCIAL) else Channel.PHONE


def _form_context(request: HttpRequest, data: Any = None) -> dict[str, Any]:
    services, agencies, steps = _choices(request)
    form = InteractionForm(
        data,
        services=services,
        agencies=agencies,
        initial={"service": "S1", "channel": _default_channel(request)},
    )
    return {"form": form, "steps_json": steps}


@login_required
def desktop(request: HttpRequest) -> HttpResponse:
    """The agent desktop: calls pop here; the service log form is always ready."""
    user = acting_user(request)
    recent = interaction_list_visible_to(user=user).filter(staff=user)[:10]
    return render(
        request, "interactions/desktop.html", {**_form_context(request), "recent": recent}
    )


@login_required
@require_POST
def interaction_create(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    context = _form_context(request, request.POST)
    form = context["form"]
    if form.is_valid():
        data = form.cleaned_data
        contact = None
        if data["contact_id"]:
            contact = contact_list_visible_to(user=user).filter(pk=data["contact_id"]).first()
        agency = Agency.objects.filter(code=data["agency"]).first() if data["agency"] else None
        try:
            interaction = interaction_log(
                staff=user,
                channel=data["channel"],
                service_code=data["service"],
                subject=data["subject"],
                contact=contact,
                category=data["category"],
                agency=agency,
                transfer_extension=data["transfer_extension"],
                notes=data["notes"],
                outcome=data["outcome"],
                call_id=data["call_id"],
                steps=data["steps_json"],
            )
        except DomainError as exc:
            form.add_error(None, str(exc.message))
        else:
            basket = basket_get_visible(pk=posted_int(request, "basket_id"), user=user)
            if basket is not None:
                # What was sent (or chosen) for the client is recorded on this service.
                basket_link_interaction(basket=basket, interaction=interaction)
                request.session.pop(SESSION_BASKET, None)
            response = render(request, "interactions/_saved.html", {"interaction": interaction})
            response["HX-Trigger"] = "interactionSaved"
            return response
    return render(request, "interactions/_form.html", context, status=422)


@login_required
def interaction_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    rows = interaction_list_visible_to(user=user).prefetch_related(
        "step_timings", "baskets__items__article"
    )[:200]
    return render(request, "interactions/list.html", {"rows": rows, "title": _("Service log")})


@login_required
def contact_pick(request: HttpRequest) -> HttpResponse:
    """Contacts matching what the agent typed, to attach to the service being logged."""
    user = acting_user(request)
    query = request.GET.get("q", "")[:200]
    results = contact_search(user=user, query=query, limit=8) if query.strip() else []
    return render(request, "interactions/_pick.html", {"results": results, "query": query})
