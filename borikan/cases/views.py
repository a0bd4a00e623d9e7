"""Staff pages of cases (list, open, one case and its actions, files) and the public tracking."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from borikan.cases.forms import (
    AttachForm,
    CaseActionForm,
    CaseOpenForm,
    PublicCaseForm,
    TrackForm,
)
from borikan.cases.models import Case, CaseEvent, Kind, Status
from borikan.cases.selectors import (
    CaseNotFoundError,
    case_due_explanation,
    case_events,
    case_get_visible,
    case_open_count_for_contact,
    case_queue,
    case_rows,
    case_track_checked,
)
from borikan.cases.services import (
    MAX_CASES,
    case_act,
    case_attach,
    case_dispatch_many,
    case_merge,
    case_open,
    may_dispatch,
)
from borikan.cases.workflow import BUTTONS, RULES, allowed_actions
from borikan.contacts.selectors import contact_list_visible_to
from borikan.core.errors import DomainError
from borikan.core.files import MAX_BYTES, file_response
from borikan.core.forms import form_error_add
from borikan.core.http import acting_user
from borikan.core.models import AuditEntry, Role, User
from borikan.core.paging import page_rows
from borikan.core.ratelimit import client_ip, hit
from borikan.core.selectors import agency_list
from borikan.core.services import audit_record

A = CaseEvent.Action
PER_PAGE = 25


def _case_or_404(user: User, number: str) -> Case:
    try:
        return case_get_visible(user=user, number=number)
    except CaseNotFoundError as exc:
        raise Http404 from exc


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    """The case queue with filters; the director starts on the undispatched cases."""
    user = acting_user(request)
    default_status = "undispatched" if user.role == Role.DIRECTOR else "open"
    filters = {
        "status": request.GET.get("status", default_status),
        "kind": request.GET.get("kind", ""),
        "agency_code": request.GET.get("agency", ""),
        "due": request.GET.get("due", ""),
        "q": request.GET.get("q", ""),
    }
    page, rows = page_rows(
        case_queue(user=user, **filters),
        PER_PAGE,
        request.GET.get("page"),
        load=lambda ids: case_rows(ids=ids),
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "rows": rows,
        "can_dispatch": may_dispatch(user),
        "dispatchable": sorted(RULES[A.DISPATCH].sources),
        "filters": filters,
        "query": query.urlencode(),
        "statuses": [
            ("open", _("All open")),
            ("undispatched", _("To dispatch")),
            *list(Status.choices),
        ],
        "kinds": Kind.choices,
        "agencies": agency_list(),
        "counts": {
            "overdue": case_queue(user=user, due="overdue").count(),
            "soon": case_queue(user=user, due="soon").count(),
        },
    }
    return render(request, "cases/list.html", context)


@login_required
@require_POST
def case_dispatch_chosen(request: HttpRequest) -> HttpResponse:
    """The director dispatches the cases ticked on the list to one agency, then sees the same
    list again with what was done and what was refused."""
    user = acting_user(request)
    if not may_dispatch(user):
        raise PermissionDenied
    back = reverse("cases:list")
    query = request.POST.get("query", "")
    if query and len(query) <= 1000:  # re-encoded: only the list's own filters come back
        back += "?" + QueryDict(query).urlencode()
    try:
        result = case_dispatch_many(
            numbers=request.POST.getlist("numbers")[: MAX_CASES + 1],
            by=user,
            agency_code=request.POST.get("agency", ""),
            note=request.POST.get("note", ""),  # too long: the service says so, nothing cut
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect(back)
    if result.done:
        messages.success(
            request,
            ngettext(
                "%(count)s case dispatched to %(agency)s: %(numbers)s.",
                "%(count)s cases dispatched to %(agency)s: %(numbers)s.",
                len(result.done),
            )
            % {
                "count": len(result.done),
                "agency": request.POST.get("agency", ""),
                "numbers": ", ".join(sorted(result.done)),
            },
        )
    for number, error in result.refused:
        messages.error(request, f"{number}: {error.message}")
    return redirect(back)


@login_required
def case_new(request: HttpRequest) -> HttpResponse:
    """Open a case: from the desktop (contact and call prefilled) or by hand."""
    user = acting_user(request)
    contact = None
    contact_id = request.GET.get("contact") or request.POST.get("contact_id")
    if contact_id and str(contact_id).isdigit():
        contact = contact_list_visible_to(user=user).filter(pk=int(contact_id)).first()
    initial: dict[str, Any] = {
        "origin": "counter" if user.role in (Role.COUNTER, Role.PROVINCIAL) else "phone",
        "contact_id": contact.pk if contact else None,
        "interaction_id": request.GET.get("interaction") or None,
        "subject": request.GET.get("subject", "")[:300],
    }
    form = CaseOpenForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            # One transaction: a refused file leaves no half-opened case behind, so sending
            # the form again cannot make a duplicate.
            with transaction.atomic():
                opened = case_open(
                    by=user,
                    kind=data["kind"],
                    subject=data["subject"],
                    description=data["description"],
                    category=data["category"],
                    origin=data["origin"],
                    origin_ref=data["origin_ref"],
                    contact=contact,
                    contact_fields={
                        "first_name_th": data["first_name_th"],
                        "last_name_th": data["last_name_th"],
                        "email": data["email"],
                    },
                    phone=data["phone"],
                    email=data["email"],
                    anonymous=data["anonymous"],
                    interaction_id=data["interaction_id"],
                    submit=data["submit_now"],
                )
                upload = data.get("file")
                if upload is not None:
                    case_attach(
                        case=opened.case, by=user, name=upload.name, data=upload.read(), public=True
                    )
        except DomainError as exc:
            form_error_add(form, exc)
        else:
            message = _("Ticket number %(number)s — read it out to the citizen.") % {
                "number": opened.case.number
            }
            if opened.tracking_code:
                message += " " + _("Secret tracking code: %(code)s (shown only now).") % {
                    "code": opened.tracking_code
                }
            messages.success(request, message)
            return redirect("cases:detail", opened.case.number)
    return render(request, "cases/new.html", {"form": form, "contact": contact})


def _detail_context(request: HttpRequest, user: User, case: Case) -> dict[str, Any]:
    actions = allowed_actions(user=user, case=case)
    due = case_due_explanation(case=case, language=get_language() or "th")
    officers = (
        User.objects.filter(role=Role.OFFICER, is_active=True).select_related("agency")
        if "dispatch" in actions
        else User.objects.none()
    )
    return {
        "case": case,
        "events": case_events(case=case, internal=True),
        "due": due,
        "overdue_by": -due.left if due.left is not None and due.left < 0 else 0,
        "actions": [(a, BUTTONS[a]) for a in actions],
        "agencies": agency_list(),
        "officers": officers,
        "attachments": case.attachments.all(),
        "attach_form": AttachForm(),
        # What was typed in a refused action comes back in that action's form.
        "draft": request.session.pop(f"case-draft-{case.number}", {}),
        "open_cases_of_contact": (
            case_open_count_for_contact(contact_id=case.contact_id) if case.contact_id else 0
        ),
    }


@login_required
def case_detail(request: HttpRequest, number: str) -> HttpResponse:
    user = acting_user(request)
    case = _case_or_404(user, number)
    if case.contact_id is not None:
        audit_record(
            actor=user,
            action=AuditEntry.Action.VIEW,
            obj=case,
            contact_id=case.contact_id,
            request=request,
        )
    return render(request, "cases/detail.html", _detail_context(request, user, case))


@login_required
@require_POST
def case_action(request: HttpRequest, number: str) -> HttpResponse:
    user = acting_user(request)
    case = _case_or_404(user, number)
    form = CaseActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form is not valid: check the fields."))
        return redirect("cases:detail", case.number)
    data = form.cleaned_data
    try:
        if data["action"] == A.MERGE:
            into = _case_or_404(user, data["into"] or "")
            case_merge(case=case, into=into, by=user, note=data["note"])
        else:
            officer = None
            if data["officer"]:
                officer = User.objects.filter(pk=data["officer"]).first()
            case_act(
                case=case,
                action=data["action"],
                by=user,
                note=data["note"],
                agency_code=data["agency"],
                unit=data["unit"],
                officer=officer,
                expected_version=data["version"],
            )
    except DomainError as exc:
        messages.error(request, str(exc.message))
        # Keep what was typed: the note comes back in the form.
        request.session[f"case-draft-{case.number}"] = {
            "action": data["action"],
            "note": data["note"],
        }
    else:
        messages.success(request, _("Saved."))
    return redirect("cases:detail", case.number)


@login_required
@require_POST
def case_file_add(request: HttpRequest, number: str) -> HttpResponse:
    user = acting_user(request)
    case = _case_or_404(user, number)
    form = AttachForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to attach."))
        return redirect("cases:detail", case.number)
    upload = form.cleaned_data["file"]
    if upload.size > MAX_BYTES:  # refused before reading it into memory
        messages.error(request, _("The file is too large: at most 10 MB."))
        return redirect("cases:detail", case.number)
    try:
        case_attach(
            case=case,
            by=user,
            name=upload.name,
            data=upload.read(),
            public=form.cleaned_data["public"],
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("File attached."))
    return redirect("cases:detail", case.number)


@login_required
def case_file(request: HttpRequest, number: str, pk: int) -> FileResponse:
    """A case's file, only to those who may see the case; never rendered inline as HTML."""
    user = acting_user(request)
    case = _case_or_404(user, number)
    attachment = case.attachments.filter(pk=pk).first()
    if attachment is None:
        raise Http404
    return file_response(attachment)


def track(request: HttpRequest) -> HttpResponse:
    """Public: a citizen follows a case with its number and the last 4 digits of their phone."""
    form = TrackForm(request.POST or None, initial={"number": request.GET.get("number", "")})
    found = None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            found = case_track_checked(
                client_key=client_ip(request),
                number=form.cleaned_data["number"],
                code=form.cleaned_data["code"],
            )
        except DomainError as exc:
            form.add_error(None, str(exc.message))
            status = 429 if exc.status == 429 else 200
    return render(request, "cases/track.html", {"form": form, "found": found}, status=status)


SUBMIT_LIMIT = 10  # cases per address per hour from the public form


def public_new(request: HttpRequest) -> HttpResponse:
    """Public: a citizen files a complaint, grievance or tip-off from the website."""
    form = PublicCaseForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if form.is_robot():  # a robot filled the hidden field: pretend, keep nothing
            return render(request, "cases/public_done.html", {"number": "", "code": ""})
        if form.too_fast():  # a person sends again (what was typed stays); a script is slowed
            form.add_error(
                None, _("That was very quick: check what you typed, then send the form again.")
            )
            return render(request, "cases/public_new.html", {"form": form}, status=400)
        if not hit(
            scope="case-web", key=client_ip(request), limit=SUBMIT_LIMIT, window_seconds=3600
        ):
            form.add_error(
                None, _("Too many cases from this connection. Try again in an hour, or call 1203.")
            )
            return render(request, "cases/public_new.html", {"form": form}, status=429)
        anonymous = bool(data["anonymous"])
        try:
            with transaction.atomic():
                opened = case_open(
                    by=None,
                    actor_repr="website",
                    kind=data["kind"],
                    subject=data["subject"],
                    description=data["description"],
                    origin="web",
                    contact_fields={
                        "first_name_th": data["first_name_th"],
                        "last_name_th": data["last_name_th"],
                        "email": data["email"],
                    },
                    phone="" if anonymous else data["phone"],
                    email="" if anonymous else data["email"],
                    anonymous=anonymous,
                )
                upload = data.get("file")
                if upload is not None:
                    case_attach(
                        case=opened.case,
                        by=None,
                        actor_repr="website",
                        name=upload.name,
                        data=upload.read(),
                        public=True,
                    )
        except DomainError as exc:
            form_error_add(form, exc)
        else:
            return render(
                request,
                "cases/public_done.html",
                {
                    "number": opened.case.number,
                    "code": opened.tracking_code,
                    "due": opened.case.due_date,
                },
            )
    return render(request, "cases/public_new.html", {"form": form})
