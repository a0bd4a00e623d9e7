"""The PDPA pages: requests of data subjects with their 30-day clock, the breach register with
its 72-hour clock, the record of processing activities, and who touched whose data."""

from __future__ import annotations

import csv
import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from borikan.contacts.models import Contact
from borikan.core.errors import DomainError
from borikan.core.forms import form_error_add
from borikan.core.http import acting_user
from borikan.core.models import User
from borikan.privacy.forms import BreachForm, CloseForm, RequestForm
from borikan.privacy.models import Breach, DataSubjectRequest
from borikan.privacy.selectors import audit_for_contact, breach_list, dsr_list, ropa_rows
from borikan.privacy.services import (
    breach_mark,
    breach_record,
    dsr_close,
    dsr_erase,
    dsr_export,
    dsr_open,
    may_handle_privacy,
)


def _officer(request: HttpRequest) -> User:
    user = acting_user(request)
    if not may_handle_privacy(user):
        raise PermissionDenied
    return user


@login_required
def home(request: HttpRequest) -> HttpResponse:
    _officer(request)
    return render(
        request,
        "privacy/home.html",
        {
            "requests": dsr_list()[:200],
            "breaches": breach_list()[:50],
            "request_form": RequestForm(),
            "breach_form": BreachForm(),
            "now": timezone.now(),
        },
    )


@login_required
def request_new(request: HttpRequest) -> HttpResponse:
    user = _officer(request)
    form = RequestForm(request.POST or None, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        contact = Contact.objects.filter(pk=data["contact_id"]).first()
        if contact is None:
            form.add_error("contact_id", _("No contact has this number."))
        else:
            try:
                opened = dsr_open(
                    by=user,
                    contact=contact,
                    kind=data["kind"],
                    channel=data["channel"],
                    details=data["details"],
                )
            except DomainError as exc:
                form_error_add(form, exc)
            else:
                messages.success(request, _("Request recorded: answer by the date shown."))
                return redirect("privacy:request", opened.pk)
    heading = _("Record a data subject's request")
    return render(request, "privacy/form.html", {"form": form, "heading": heading})


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _officer(request)
    subject_request = get_object_or_404(DataSubjectRequest.objects.select_related("contact"), pk=pk)
    return render(
        request,
        "privacy/request_detail.html",
        {
            "item": subject_request,
            "close_form": CloseForm(),
            "audit": audit_for_contact(contact_id=subject_request.contact_id, limit=100),
        },
    )


@login_required
def request_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The person's data as one JSON file (the right of access and of portability)."""
    user = _officer(request)
    subject_request = get_object_or_404(DataSubjectRequest, pk=pk)
    document = dsr_export(request=subject_request, by=user)
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="personal-data-{pk}.json"'
    return response


@login_required
@require_POST
def request_erase(request: HttpRequest, pk: int) -> HttpResponse:
    user = _officer(request)
    subject_request = get_object_or_404(DataSubjectRequest, pk=pk)
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm the erasure."))
        return redirect("privacy:request", pk)
    try:
        counts = dsr_erase(request=subject_request, by=user)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request,
            _("Erased by anonymisation: %(rows)s records changed.")
            % {"rows": sum(counts.values())},
        )
    return redirect("privacy:request", pk)


@login_required
@require_POST
def request_close(request: HttpRequest, pk: int) -> HttpResponse:
    user = _officer(request)
    subject_request = get_object_or_404(DataSubjectRequest, pk=pk)
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what was done, or why the request is refused."))
        return redirect("privacy:request", pk)
    try:
        dsr_close(
            request=subject_request,
            by=user,
            status=form.cleaned_data["status"],
            outcome=form.cleaned_data["outcome"],
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect("privacy:request", pk)


@login_required
def breach_new(request: HttpRequest) -> HttpResponse:
    user = _officer(request)
    form = BreachForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            breach_record(by=user, **form.cleaned_data)
        except DomainError as exc:
            form_error_add(form, exc)
        else:
            messages.success(request, _("Breach recorded. The 72 hours run from its discovery."))
            return redirect("privacy:home")
    heading = _("Record a personal data breach")
    return render(request, "privacy/form.html", {"form": form, "heading": heading})


@login_required
@require_POST
def breach_update(request: HttpRequest, pk: int) -> HttpResponse:
    user = _officer(request)
    breach = get_object_or_404(Breach, pk=pk)
    breach_mark(
        breach=breach,
        by=user,
        reported=request.POST.get("reported") == "1",
        people_told=request.POST.get("people_told") == "1",
    )
    return redirect("privacy:home")


@login_required
def ropa(request: HttpRequest) -> HttpResponse:
    """The record of processing activities: a page, or CSV with ?format=csv (Excel reads it)."""
    _officer(request)
    rows = ropa_rows()
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="ropa.csv"'
        response.write("\ufeff")  # so that Excel opens the Thai as UTF-8
        csv.writer(response).writerows(rows)
        return response
    return render(request, "privacy/ropa.html", {"header": rows[0], "rows": rows[1:]})


@login_required
def audit(request: HttpRequest) -> HttpResponse:
    """Who viewed, changed or exported one person's data (search by contact number)."""
    _officer(request)
    raw = request.GET.get("contact", "").strip()
    entries: Any = []
    contact = None
    if raw:
        if not raw.isdigit():
            raise Http404
        contact = Contact.objects.filter(pk=int(raw)).first()
        entries = audit_for_contact(contact_id=int(raw))
    return render(
        request, "privacy/audit.html", {"entries": entries, "contact": contact, "query": raw}
    )
