"""Knowledge-base pages: search and articles for staff; the basket in the agent desktop; the
client's view of the basket (the screen turned toward them, or the link sent by SMS)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from borikan.contacts.selectors import contact_list_visible_to
from borikan.core.errors import DomainError
from borikan.core.files import file_response
from borikan.core.http import acting_user, posted_int
from borikan.core.models import User
from borikan.core.paging import TwoWayPaginator
from borikan.core.selectors import agency_list
from borikan.knowledge.forms import (
    ArticleForm,
    AttachForm,
    BasketConfirmForm,
)
from borikan.knowledge.models import Article, Basket, BasketStatus, Status
from borikan.knowledge.selectors import (
    SESSION_BASKET,
    article_get_visible,
    article_list_filtered,
    article_search,
    article_versions,
    basket_articles,
    basket_get_by_token,
    basket_get_visible,
)
from borikan.knowledge.services import (
    article_attach,
    article_may_edit,
    article_save,
    basket_add,
    basket_confirm,
    basket_open,
    basket_remove,
    basket_send,
    basket_send_link,
)

PER_PAGE = 25
SUGGESTIONS = 5
MAX_QUERY = 1_000


def _article_or_404(pk: int, *, public_only: bool = False) -> Article:
    article = article_get_visible(pk=pk, public_only=public_only)
    if article is None:
        raise Http404
    return article


def _agency_choices() -> list[tuple[str, str]]:
    return [(a.code, f"{a.code} · {a.name}") for a in agency_list()]


@login_required
def search(request: HttpRequest) -> HttpResponse:
    """The knowledge base: Thai search, or the list of articles an editor filters."""
    user = acting_user(request)
    query = request.GET.get("q", "")[:MAX_QUERY]
    agency_code = request.GET.get("agency", "")[:20]
    filters = {
        "status": request.GET.get("status", "")[:20],
        "agency_code": agency_code,
        "due_for_review": request.GET.get("review") == "due",
    }
    context: dict[str, Any] = {
        "query": query,
        "filters": filters,
        "agencies": agency_list(),
        "statuses": Status.choices,
        "may_edit": article_may_edit(user=user),
    }
    if query.strip():
        context["hits"] = article_search(
            query=query, public_only=False, limit=20, agency_code=agency_code or None
        )
    else:
        rows = article_list_filtered(
            user=user,
            status=str(filters["status"]),
            agency_code=str(filters["agency_code"]),
            due_for_review=bool(filters["due_for_review"]),
        )
        context["page"] = TwoWayPaginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "knowledge/search.html", context)


@login_required
def suggest(request: HttpRequest) -> HttpResponse:
    """Articles for what the agent is typing (the service log's subject), for the desktop."""
    acting_user(request)
    query = request.GET.get("q", "")[:MAX_QUERY]
    hits = article_search(query=query, public_only=False, limit=SUGGESTIONS)
    return render(request, "knowledge/_suggest.html", {"hits": hits, "query": query})


@login_required
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    article = _article_or_404(pk)
    return render(
        request,
        "knowledge/detail.html",
        {
            "article": article,
            "versions": article_versions(article=article)[:10],
            "attachments": article.attachments.all(),
            "may_edit": article_may_edit(user=user, agency_code=article.agency.code),
            "attach_form": AttachForm(),
        },
    )


def _article_form(request: HttpRequest, user: User, article: Article | None) -> HttpResponse:
    if request.method == "POST":
        form = ArticleForm(request.POST, agencies=_agency_choices())
        if form.is_valid():
            try:
                saved = article_save(
                    data=form.article_input(),
                    by=user,
                    article=article,
                    expected_version=form.cleaned_data["version"],
                )
            except DomainError as exc:
                form.add_error(None, str(exc.message))
            else:
                messages.success(request, _("Saved: version %(n)s.") % {"n": saved.version})
                return redirect("knowledge:detail", pk=saved.pk)
        status = 422
    else:
        initial: dict[str, Any] = {"status": Status.DRAFT, "audience": "public", "language": "th"}
        if user.agency is not None:
            initial["agency"] = user.agency.code
        if article is not None:
            initial = {
                "title": article.title,
                "agency": article.agency.code,
                "topic": article.topic,
                "tags": ", ".join(article.tags),
                "body": article.body,
                "source_links": "\n".join(article.source_links),
                "audience": article.audience,
                "status": article.status,
                "language": article.language,
                "review_by": article.review_by,
                "version": article.version,
            }
        form = ArticleForm(initial=initial, agencies=_agency_choices())
        status = 200
    return render(request, "knowledge/form.html", {"form": form, "article": article}, status=status)


@login_required
def article_new(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if not article_may_edit(user=user):
        raise Http404
    return _article_form(request, user, None)


@login_required
def article_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    article = _article_or_404(pk)
    if not article_may_edit(user=user, agency_code=article.agency.code):
        raise Http404
    return _article_form(request, user, article)


@login_required
@require_POST
def article_file_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    article = _article_or_404(pk)
    form = AttachForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            article_attach(article=article, by=user, name=upload.name, data=upload.read())
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("File added."))
    else:
        messages.error(request, " ".join(str(e) for e in form.errors.get("file", [])))
    return redirect("knowledge:detail", pk=article.pk)


def article_file(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    """An article's file: to staff, or to anyone when the article is public and published."""
    article = _article_or_404(pk, public_only=not request.user.is_authenticated)
    attachment = article.attachments.filter(pk=file_pk).first()
    if attachment is None:
        raise Http404
    return file_response(attachment)


# --- The basket, in the agent desktop ----------------------------------------------------


def _session_basket(request: HttpRequest, user: User) -> Basket | None:
    pk = request.session.get(SESSION_BASKET)
    basket = basket_get_visible(pk=int(pk), user=user) if pk else None
    if basket is None or basket.status == BasketStatus.SENT:
        return None
    return basket


def _panel(
    request: HttpRequest,
    user: User,
    basket: Basket | None,
    *,
    error: str = "",
    status: int = 200,
    sent: Basket | None = None,
) -> HttpResponse:
    context = {
        "basket": basket,
        "articles": basket_articles(basket=basket) if basket is not None else [],
        "error": error,
        "sent": sent,
    }
    response = render(request, "knowledge/_basket.html", context, status=status)
    response["HX-Trigger"] = "basketChanged"
    return response


@login_required
def basket_panel(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    return _panel(request, user, _session_basket(request, user))


@login_required
@require_POST
def basket_item_add(request: HttpRequest) -> HttpResponse:
    """Put an article in the agent's basket, opening one for the chosen client if needed."""
    user = acting_user(request)
    basket = _session_basket(request, user)
    article = article_get_visible(pk=posted_int(request, "article_id"), public_only=False)
    if article is None:
        return _panel(request, user, basket, error=_("This article no longer exists."), status=404)
    try:
        if basket is None:
            contact_id = posted_int(request, "contact_id")
            contact = (
                contact_list_visible_to(user=user).filter(pk=contact_id).first()
                if contact_id
                else None
            )
            basket = basket_open(by=user, contact=contact)
            request.session[SESSION_BASKET] = basket.pk
        basket = basket_add(basket=basket, article=article, by=user)
    except DomainError as exc:
        return _panel(request, user, basket, error=str(exc.message), status=exc.status)
    return _panel(request, user, basket)


@login_required
@require_POST
def basket_item_remove(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    basket = _session_basket(request, user)
    if basket is not None:
        try:
            basket = basket_remove(
                basket=basket, article_id=posted_int(request, "article_id"), by=user
            )
        except DomainError as exc:
            return _panel(request, user, basket, error=str(exc.message), status=exc.status)
    return _panel(request, user, basket)


@login_required
@require_POST
def basket_send_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    basket = basket_get_visible(pk=pk, user=user)
    if basket is None:
        raise Http404
    email = request.POST.get("email", "")[:254]
    try:
        basket = basket_send(basket=basket, by=user, email=email)
    except DomainError as exc:
        basket.email = email  # shown again as typed, to be corrected
        return _panel(request, user, basket, error=str(exc.message), status=exc.status)
    request.session.pop(SESSION_BASKET, None)
    return _panel(request, user, None, sent=basket)


@login_required
@require_POST
def basket_link_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    basket = basket_get_visible(pk=pk, user=user)
    if basket is None:
        raise Http404
    try:
        basket = basket_send_link(
            basket=basket, by=user, phone=str(request.POST.get("phone", ""))[:30]
        )
    except DomainError as exc:
        return _panel(request, user, basket, error=str(exc.message), status=exc.status)
    messages.success(request, _("The link was sent by SMS."))
    return _panel(request, user, basket)


@login_required
@require_POST
def basket_forget(request: HttpRequest) -> HttpResponse:
    """Start again with an empty basket (the next client)."""
    user = acting_user(request)
    request.session.pop(SESSION_BASKET, None)
    return _panel(request, user, None)


# --- The client's view ------------------------------------------------------------------


def _client_page(request: HttpRequest, basket: Basket, *, confirm_url: str) -> HttpResponse:
    error = ""
    status = 200
    if request.method == "POST":
        form = BasketConfirmForm(request.POST)
        try:
            if not form.is_valid():
                raise Http404
            basket = basket_confirm(basket=basket, item_count=form.cleaned_data["item_count"])
        except DomainError as exc:
            error, status = str(exc.message), exc.status
    articles = basket_articles(basket=basket)
    return render(
        request,
        "knowledge/client.html",
        {
            "basket": basket,
            "articles": articles,
            "error": error,
            "confirm_url": confirm_url,
            "form": BasketConfirmForm(initial={"item_count": len(articles)}),
        },
        status=status,
    )


@login_required
def basket_client(request: HttpRequest, pk: int) -> HttpResponse:
    """The screen the agent turns toward the client: big text, one button to confirm."""
    user = acting_user(request)
    basket = basket_get_visible(pk=pk, user=user)
    if basket is None:
        raise Http404
    return _client_page(request, basket, confirm_url=request.path)


def basket_public(request: HttpRequest, token: str) -> HttpResponse:
    """The same check on the client's own phone, from the SMS link; no sign-in."""
    basket = basket_get_by_token(token=token)
    if basket is None:
        raise Http404
    return _client_page(request, basket, confirm_url=request.path)
