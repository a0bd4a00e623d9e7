"""Reading the knowledge base: Thai search over articles, article lists, baskets, timeline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import ngettext

from borikan.contacts.registry import TimelineItem
from borikan.core.models import Role, User
from borikan.core.tokens import secret_hash
from borikan.knowledge.models import (
    Article,
    ArticleVersion,
    Audience,
    Basket,
    BasketStatus,
    Status,
)
from borikan.knowledge.render import plain_text
from borikan.knowledge.services.articles import SEARCH_KIND
from borikan.search.highlight import snippet
from borikan.search.selectors import search_ranked

MAX_SEARCH_LIMIT = 50
# The session key of the basket an agent is filling for the client in front of them.
SESSION_BASKET = "kb_basket"
# Search asks the index for more than it shows: some hits may be for staff only.
OVERFETCH = 3


@dataclass(frozen=True)
class ArticleHit:
    article: Article
    score: float
    snippet: SafeString


def article_list_visible(*, public_only: bool) -> QuerySet[Article]:
    """Articles one may read: staff every article, the public only published public ones."""
    qs = Article.objects.select_related("agency")
    if public_only:
        return qs.filter(status=Status.PUBLISHED, audience=Audience.PUBLIC)
    return qs


def article_get_visible(*, pk: int, public_only: bool) -> Article | None:
    return article_list_visible(public_only=public_only).filter(pk=pk).first()


def article_search(
    *, query: str, public_only: bool, limit: int = 10, agency_code: str | None = None
) -> list[ArticleHit]:
    """Published articles best matching a query as people type it, with a marked snippet.

    Staff search every published article; the public (public_only) only those for the public.
    """
    limit = max(0, min(limit, MAX_SEARCH_LIMIT))
    if not query or not query.strip() or limit == 0:
        return []
    # Only published articles are indexed: staff searches keep every hit, the public's and
    # one agency's drop some, so those ask the index for more.
    filtered = public_only or bool(agency_code)
    hits = search_ranked(
        kind=SEARCH_KIND, query=query, limit=limit * (OVERFETCH if filtered else 1)
    )
    if not hits:
        return []
    # By key only, then checked here: with a status filter in the query, SQLite may walk the
    # (status, agency) index over every published article instead (15 ms at 100,000).
    # The Markdown source is not shown in a result: the rendered body gives the snippet.
    qs = (
        Article.objects.select_related("agency")
        .defer("body")
        .filter(pk__in=[int(hit.object_id) for hit in hits])
    )
    articles = {
        article.pk: article
        for article in qs
        if article.status == Status.PUBLISHED
        and (not public_only or article.audience == Audience.PUBLIC)
        and (not agency_code or article.agency.code == agency_code)
    }
    found: list[ArticleHit] = []
    for hit in hits:
        article = articles.get(int(hit.object_id))
        if article is None:
            continue
        found.append(
            ArticleHit(
                article=article,
                score=round(hit.score, 6),
                snippet=snippet(text=plain_text(article.body_html), terms=hit.terms),
            )
        )
        if len(found) == limit:
            break
    return found


def article_list_filtered(
    *,
    user: User,
    status: str = "",
    agency_code: str = "",
    due_for_review: bool = False,
) -> QuerySet[Article]:
    """The staff list of articles, filtered the way an editor asks."""
    qs = article_list_visible(public_only=False)
    if status:
        qs = qs.filter(status=status)
    if agency_code:
        qs = qs.filter(agency__code=agency_code)
    if due_for_review:
        qs = qs.filter(review_by__lte=timezone.localdate(), status=Status.PUBLISHED)
    return qs.order_by("-updated_at", "-id")


def article_versions(*, article: Article) -> QuerySet[ArticleVersion]:
    return article.versions.select_related("author").order_by("-number")


def basket_list_visible_to(*, user: User) -> QuerySet[Basket]:
    """Baskets user may open: their own, their office's, or all for supervisors."""
    qs = Basket.objects.select_related("contact", "created_by").annotate(item_count=Count("items"))
    if user.role in (Role.SUPERVISOR, Role.ADMIN) or user.is_superuser:
        return qs
    if user.office_id is not None:
        return qs.filter(Q(office_id=user.office_id) | Q(created_by=user))
    return qs.filter(created_by=user)


def basket_get_visible(*, pk: int, user: User) -> Basket | None:
    return basket_list_visible_to(user=user).filter(pk=pk).first()


def basket_get_by_token(*, token: str) -> Basket | None:
    """The basket a client's SMS link opens; None for a wrong or old link."""
    if not token or len(token) > 100:
        return None
    return Basket.objects.filter(token_hash=secret_hash(token)).first()


def basket_articles(*, basket: Basket) -> list[Article]:
    return [item.article for item in basket.items.select_related("article__agency").order_by("id")]


def basket_timeline(contact_ids: Sequence[int], user: User, limit: int) -> Iterable[TimelineItem]:
    """Timeline provider: the baskets e-mailed to the contact."""
    # Whoever may see the contact sees what was sent to them, whichever office sent it.
    baskets = (
        Basket.objects.filter(contact_id__in=contact_ids, status=BasketStatus.SENT)
        .prefetch_related("items__article")
        .order_by("-sent_at")[:limit]
    )
    for basket in baskets:
        titles = [item.article.title for item in basket.items.all()]
        sent_at: dt.datetime = basket.sent_at or basket.created_at
        yield TimelineItem(
            at=sent_at,
            kind="basket",
            title=ngettext(
                "Sent %(count)d article by e-mail", "Sent %(count)d articles by e-mail", len(titles)
            )
            % {"count": len(titles)},
            summary=" · ".join(titles)[:300],
            channel="email",
            meta={"email": basket.email},
        )
