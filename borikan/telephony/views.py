from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from borikan.contacts.services import contact_create
from borikan.core.errors import DomainError
from borikan.core.http import acting_user
from borikan.telephony.models import Call
from borikan.telephony.selectors import call_list_visible_to, callback_list, caller_card_for_contact
from borikan.telephony.services import call_mark_called_back


class CallerForm(forms.Form):
    phone = forms.CharField(required=False, max_length=40)
    first_name_th = forms.CharField(max_length=100)
    last_name_th = forms.CharField(required=False, max_length=100)
    call_id = forms.CharField(required=False, max_length=128)


@login_required
@require_POST
def caller_save(request: HttpRequest) -> HttpResponse:
    """From the caller card: save a new caller with the number the phone system gave."""
    user = acting_user(request)
    form = CallerForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Enter at least a first name."), status=422)
    data = form.cleaned_data
    try:
        with transaction.atomic():
            contact = contact_create(
                by=user,
                phones=[data["phone"]] if data["phone"] else [],
                first_name_th=data["first_name_th"],
                last_name_th=data["last_name_th"],
                channel="phone",
            )
            if data["call_id"]:
                Call.objects.filter(call_id=data["call_id"], contact__isnull=True).update(
                    contact=contact
                )
    except DomainError as exc:
        return HttpResponse(str(exc.message), status=422)
    context = caller_card_for_contact(contact=contact, call_id=data["call_id"], user=user)
    response = render(request, "telephony/_card.html", context)
    response["HX-Trigger"] = f'{{"contactChosen": {{"id": {contact.pk}}}}}'
    return response


@login_required
def call_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    missed = request.GET.get("missed") == "1"
    calls = call_list_visible_to(user=user, missed=True if missed else None)[:200]
    return render(
        request,
        "telephony/calls.html",
        {
            "calls": calls,
            "missed": missed,
            "callbacks": callback_list(user=user)[:50],
        },
    )


@login_required
@require_POST
def call_called_back(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    call = get_object_or_404(call_list_visible_to(user=user), pk=pk)
    call_mark_called_back(call=call, by=user)
    return redirect("telephony:calls")
