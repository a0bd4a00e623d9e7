"""Knowledge-base API: search (public articles without a token; every published article with
a `kb` token or a staff session), articles (scope `kb`), and baskets (staff session)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema
from ninja.responses import Status as Response

from borikan.api.auth import StaffSessionAuth, api_actor, scoped
from borikan.api.schemas import ErrorOut
from borikan.api.services import api_token_authenticate
from borikan.contacts.selectors import contact_list_visible_to
from borikan.core.errors import DomainError, NotFoundError
from borikan.core.http import acting_user
from borikan.core.models import User
from borikan.core.ratelimit import client_ip, hit
from borikan.knowledge.models import Article, Audience, Basket, Language, Status
from borikan.knowledge.selectors import (
    article_get_visible,
    article_search,
    basket_articles,
    basket_get_visible,
)
from borikan.knowledge.services import (
    ArticleInput,
    article_save,
    basket_add,
    basket_confirm,
    basket_open,
    basket_remove,
    basket_send,
)

router = Router(tags=["knowledge base"])
# Anonymous searches per address and minute: enough for a person, not for a scraper.
PUBLIC_SEARCHES_PER_MINUTE = 60


class RateLimitedError(DomainError):
    code = "rate_limited"
    status = 429


class HitOut(Schema):
    id: int
    ref: str | None
    title: str
    snippet: str
    score: float
    agency: str
    audience: str
    url: str


class ArticleIn(Schema):
    agency: str = Field(..., max_length=16)
    title: str = Field(..., max_length=300)
    body: str = Field("", description="Markdown, at most 200,000 characters")
    tags: list[str] = Field(default_factory=list, max_length=20)
    topic: str = Field("", max_length=100)
    source_links: list[str] = Field(default_factory=list, max_length=10)
    audience: Audience = Audience.PUBLIC
    status: Status = Status.PUBLISHED
    language: Language = Language.THAI
    review_by: dt.date | None = None
    ref: str | None = Field(None, max_length=64)
    note: str = Field("", max_length=300)
    version: int | None = Field(None, description="The version you read: 409 if it changed")


class ArticleOut(Schema):
    id: int
    ref: str | None
    agency: str = Field(..., alias="agency.code")
    title: str
    body: str
    body_html: str
    tags: list[str]
    topic: str
    source_links: list[str]
    audience: str
    status: str
    language: str
    review_by: dt.date | None
    version: int
    updated_at: dt.datetime


class BasketIn(Schema):
    contact_id: int | None = None
    email: str = Field("", max_length=254)


class ItemIn(Schema):
    article_id: int


class ConfirmIn(Schema):
    item_count: Annotated[int, Field(ge=0, le=1000)]


class SendIn(Schema):
    email: str = Field("", max_length=254)


class BasketOut(Schema):
    id: int
    status: str
    contact_id: int | None
    email: str
    articles: list[int]
    confirmed_at: dt.datetime | None
    sent_at: dt.datetime | None


def _is_staff(request: HttpRequest) -> bool:
    """A staff session, or a bearer token with the kb scope: sees staff-only articles too."""
    if isinstance(request.user, User) and request.user.is_authenticated:
        return True
    header = request.headers.get("Authorization", "")
    scheme, _sep, key = header.partition(" ")
    if scheme.lower() != "bearer" or not key:
        return False
    token = api_token_authenticate(key=key.strip())
    return token is not None and "kb" in token.scopes


@router.get("/search", auth=None, response={200: list[HitOut], 429: ErrorOut})
def kb_search(
    request: HttpRequest,
    q: str = "",
    limit: Annotated[int, Field(ge=1, le=50)] = 10,
    agency: str = "",
) -> list[dict[str, Any]]:
    """Articles best matching q as people type it (Thai or English), best first."""
    staff = _is_staff(request)
    if not staff and not hit(
        scope="kb-search",
        key=client_ip(request),
        limit=PUBLIC_SEARCHES_PER_MINUTE,
        window_seconds=60,
    ):
        raise RateLimitedError(_("Too many searches: wait a minute and try again."))
    hits = article_search(
        query=q[:10_000], public_only=not staff, limit=limit, agency_code=agency[:16] or None
    )
    return [
        {
            "id": h.article.pk,
            "ref": h.article.ref,
            "title": h.article.title,
            "snippet": str(h.snippet),
            "score": h.score,
            "agency": h.article.agency.code,
            "audience": h.article.audience,
            "url": f"/kb/{h.article.pk}/",
        }
        for h in hits
    ]


@router.get("/articles/{pk}", auth=None, response={200: ArticleOut, 404: ErrorOut})
def kb_article(request: HttpRequest, pk: int) -> Article:
    """One article: staff-only and unpublished ones need a kb token or a staff session."""
    article = article_get_visible(pk=pk, public_only=not _is_staff(request))
    if article is None:
        raise NotFoundError(_("No such article."))
    return article


def _input(payload: ArticleIn) -> ArticleInput:
    return ArticleInput(
        agency_code=payload.agency,
        title=payload.title,
        body=payload.body,
        tags=payload.tags,
        topic=payload.topic,
        source_links=payload.source_links,
        audience=payload.audience,
        status=payload.status,
        language=payload.language,
        review_by=payload.review_by,
        ref=payload.ref,
        note=payload.note,
    )


@router.post(
    "/articles",
    auth=scoped("kb"),
    response={201: ArticleOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
)
def kb_article_create(request: HttpRequest, payload: ArticleIn) -> Response[Article]:
    """Write an article (an editor's session, or a kb token for an integration)."""
    actor, _repr = api_actor(request)
    return Response(201, article_save(data=_input(payload), by=actor))


@router.put(
    "/articles/{pk}",
    auth=scoped("kb"),
    response={
        200: ArticleOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut,
        409: ErrorOut, 422: ErrorOut,
    },
)  # fmt: skip
def kb_article_update(request: HttpRequest, pk: int, payload: ArticleIn) -> Article:
    actor, _repr = api_actor(request)
    article = Article.objects.filter(pk=pk).first()
    if article is None:
        raise NotFoundError(_("No such article."))
    return article_save(
        data=_input(payload), by=actor, article=article, expected_version=payload.version
    )


# --- Baskets: staff sessions only (a basket belongs to the staff member serving) -------------


def _basket_out(basket: Basket) -> dict[str, Any]:
    return {
        "id": basket.pk,
        "status": basket.status,
        "contact_id": basket.contact_id,
        "email": basket.email,
        "articles": [a.pk for a in basket_articles(basket=basket)],
        "confirmed_at": basket.confirmed_at,
        "sent_at": basket.sent_at,
    }


def _basket(request: HttpRequest, pk: int) -> tuple[User, Basket]:
    user = acting_user(request)
    basket = basket_get_visible(pk=pk, user=user)
    if basket is None:
        raise NotFoundError(_("No such basket."))
    return user, basket


def _article(pk: int) -> Article:
    article = article_get_visible(pk=pk, public_only=False)
    if article is None:
        raise NotFoundError(_("No such article."))
    return article


BASKET_ERRORS = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


@router.post("/baskets", auth=StaffSessionAuth(), response={201: BasketOut, **BASKET_ERRORS})
def kb_basket_open(request: HttpRequest, payload: BasketIn) -> Response[dict[str, Any]]:
    """A new basket for a client (contact_id optional)."""
    user = acting_user(request)
    contact = None
    if payload.contact_id is not None:
        contact = contact_list_visible_to(user=user).filter(pk=payload.contact_id).first()
        if contact is None:
            raise NotFoundError(_("No such contact, or you may not see it."))
    return Response(201, _basket_out(basket_open(by=user, contact=contact, email=payload.email)))


@router.get("/baskets/{pk}", auth=StaffSessionAuth(), response={200: BasketOut, **BASKET_ERRORS})
def kb_basket_get(request: HttpRequest, pk: int) -> dict[str, Any]:
    _user, basket = _basket(request, pk)
    return _basket_out(basket)


@router.post(
    "/baskets/{pk}/items", auth=StaffSessionAuth(), response={200: BasketOut, **BASKET_ERRORS}
)
def kb_basket_add(request: HttpRequest, pk: int, payload: ItemIn) -> dict[str, Any]:
    user, basket = _basket(request, pk)
    return _basket_out(basket_add(basket=basket, article=_article(payload.article_id), by=user))


@router.delete(
    "/baskets/{pk}/items/{article_id}",
    auth=StaffSessionAuth(),
    response={200: BasketOut, **BASKET_ERRORS},
)
def kb_basket_remove(request: HttpRequest, pk: int, article_id: int) -> dict[str, Any]:
    user, basket = _basket(request, pk)
    return _basket_out(basket_remove(basket=basket, article_id=article_id, by=user))


@router.post(
    "/baskets/{pk}/confirm", auth=StaffSessionAuth(), response={200: BasketOut, **BASKET_ERRORS}
)
def kb_basket_confirm(request: HttpRequest, pk: int, payload: ConfirmIn) -> dict[str, Any]:
    """The client checked the basket on the screen turned toward them."""
    _user, basket = _basket(request, pk)
    return _basket_out(basket_confirm(basket=basket, item_count=payload.item_count))


@router.post(
    "/baskets/{pk}/send", auth=StaffSessionAuth(), response={200: BasketOut, **BASKET_ERRORS}
)
def kb_basket_send(request: HttpRequest, pk: int, payload: SendIn) -> dict[str, Any]:
    """E-mail the checked basket (queued in the outbox, sent after commit, retried)."""
    user, basket = _basket(request, pk)
    return _basket_out(basket_send(basket=basket, by=user, email=payload.email))
