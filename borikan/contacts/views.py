from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from borikan.contacts.forms import ContactForm, MergeForm
from borikan.contacts.selectors import (
    contact_duplicates,
    contact_list_visible_to,
    contact_search,
    contact_timeline,
)
from borikan.contacts.services import contact_create, contact_merge, contact_update
from borikan.core.errors import DomainError
from borikan.core.http import acting_user
from borikan.core.models import AuditEntry
from borikan.core.services import audit_record

PDPA_NOTICE_VERSION = "2026-1"


@login_required
def contact_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    query = request.GET.get("q", "")[:200]
    results = contact_search(user=user, query=query, limit=50)
    template = "contacts/_results.html" if request.htmx else "contacts/list.html"  # type: ignore[attr-defined]
    return render(request, template, {"results": results, "query": query})


@login_required
def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    contact = get_object_or_404(contact_list_visible_to(user=user), pk=pk)
    audit_record(
        actor=user,
        action=AuditEntry.Action.VIEW,
        obj=contact,
        contact_id=contact.pk,
        request=request,
    )
    return render(
        request,
        "contacts/detail.html",
        {
            "contact": contact,
            "timeline": contact_timeline(contact=contact, user=user, limit=100),
            "duplicates": contact_duplicates(contact=contact),
            "consents": contact.consents.all()[:20],
        },
    )


@login_required
def contact_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user = acting_user(request)
    contact = get_object_or_404(contact_list_visible_to(user=user), pk=pk) if pk else None
    form = ContactForm(
        request.POST or None, instance=contact, initial={"phone": request.GET.get("phone", "")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            if contact is None:
                contact = contact_create(
                    by=user,
                    phones=[form.cleaned_data["phone"]],
                    consent_purposes=["contact_about_matter"]
                    if form.cleaned_data["consent_contact"]
                    else [],
                    notice_version=PDPA_NOTICE_VERSION,
                    channel="staff",
                    **form.service_fields(),
                )
            else:
                contact = contact_update(contact=contact, by=user, **form.service_fields())
        except DomainError as exc:
            form.add_error(None, str(exc.message))
            for field, problems in exc.details.get("fields", {}).items():
                if field in form.fields:
                    form.add_error(field, problems)
        else:
            messages.success(request, _("Saved."))
            return redirect("contacts:detail", contact.pk)
    return render(request, "contacts/edit.html", {"form": form, "contact": contact})


@login_required
def contact_merge_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    visible = contact_list_visible_to(user=user)
    source = get_object_or_404(visible, pk=pk)
    form = MergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        target = visible.filter(pk=form.cleaned_data["target"]).first()
        if target is None:
            form.add_error("target", _("No such contact."))
        else:
            try:
                contact_merge(source=source, target=target, by=user)
            except DomainError as exc:
                form.add_error(None, str(exc.message))
            else:
                messages.success(request, _("Merged: the history of both is kept here."))
                return redirect("contacts:detail", target.pk)
    return render(
        request,
        "contacts/merge.html",
        {
            "form": form,
            "contact": source,
            "duplicates": contact_duplicates(contact=source),
        },
    )
