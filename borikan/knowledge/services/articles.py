"""Writing the knowledge base: articles (each save a version, indexed at once) and baskets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from borikan.core.errors import DomainError, PermissionDeniedError, interpolate
from borikan.core.files import file_check, file_store
from borikan.core.models import Agency, Role, User
from borikan.core.services import audit_record
from borikan.knowledge.models import (
    Article,
    ArticleAttachment,
    ArticleVersion,
    Audience,
    Language,
    Status,
)
from borikan.knowledge.render import plain_text, render_markdown
from borikan.search.services import (
    SearchText,
    search_index_many,
    search_reindex,
    search_remove,
)

SEARCH_KIND = "article"
MAX_TITLE = 300
MAX_BODY = 200_000
MAX_TAGS = 20
MAX_TAG = 50
MAX_LINKS = 10
MAX_TOPIC = 100
MAX_REF = 64
MAX_FILES_PER_ARTICLE = 10
# Who writes articles: administrators and supervisors for any agency, officers for their own.
EDITOR_ROLES = frozenset({Role.ADMIN, Role.SUPERVISOR, Role.OFFICER})


class ArticleError(DomainError):
    code = "article_invalid"


@dataclass
class ArticleInput:
    """What an editor or an import gives for one article; checked by article_save."""

    agency_code: str
    title: str
    body: str = ""
    tags: Sequence[str] = ()
    topic: str = ""
    source_links: Sequence[str] = ()
    audience: str = Audience.PUBLIC
    status: str = Status.PUBLISHED
    language: str = Language.THAI
    review_by: dt.date | None = None
    ref: str | None = None
    note: str = ""


def article_may_edit(*, user: User, agency_code: str | None = None) -> bool:
    """Whether user writes articles (of agency_code, when given)."""
    if user.role in (Role.ADMIN, Role.SUPERVISOR) or user.is_superuser:
        return True
    if user.role == Role.OFFICER:
        return agency_code is None or (user.agency is not None and user.agency.code == agency_code)
    return False


def _clean_tags(tags: Iterable[str]) -> list[str]:
    cleaned: list[str] = []
    for tag in tags:
        tag = " ".join(str(tag).split())
        if not tag:
            continue
        if len(tag) > MAX_TAG:
            raise ArticleError(
                interpolate(_("A tag is at most %(count)s characters."), count=MAX_TAG),
                code="tag_too_long",
            )
        if tag not in cleaned:
            cleaned.append(tag)
    if len(cleaned) > MAX_TAGS:
        raise ArticleError(
            interpolate(_("An article has at most %(count)s tags."), count=MAX_TAGS),
            code="too_many_tags",
        )
    return cleaned


def _clean_links(links: Iterable[str]) -> list[str]:
    check = URLValidator(schemes=["http", "https"])
    cleaned: list[str] = []
    for link in links:
        link = str(link).strip()
        if not link:
            continue
        try:
            check(link)
        except ValidationError:
            raise ArticleError(
                interpolate(_("This is not a web address (http or https): %(link)s"), link=link),
                code="bad_link",
            ) from None
        if link not in cleaned:
            cleaned.append(link)
    if len(cleaned) > MAX_LINKS:
        raise ArticleError(
            interpolate(_("An article has at most %(count)s source links."), count=MAX_LINKS),
            code="too_many_links",
        )
    return cleaned


def article_checked(data: ArticleInput) -> tuple[Agency, dict[str, object]]:
    """The article's fields from data, or an ArticleError saying what is wrong."""
    title = " ".join(data.title.split())
    if not title:
        raise ArticleError(_("The article needs a title."), code="title_required")
    if len(title) > MAX_TITLE:
        raise ArticleError(
            interpolate(_("The title is at most %(count)s characters."), count=MAX_TITLE),
            code="title_too_long",
        )
    if len(data.body) > MAX_BODY:
        raise ArticleError(
            interpolate(_("The body is at most %(count)s characters."), count=MAX_BODY),
            code="body_too_long",
        )
    agency = Agency.objects.filter(code=(data.agency_code or "").strip().upper()).first()
    if agency is None:
        raise ArticleError(
            interpolate(_("There is no agency with code %(code)s."), code=data.agency_code),
            code="unknown_agency",
        )
    for value, choices, code in (
        (data.audience, Audience, "bad_audience"),
        (data.status, Status, "bad_status"),
        (data.language, Language, "bad_language"),
    ):
        if value not in choices.values:
            raise ArticleError(
                interpolate(
                    _("%(value)s is not one of: %(choices)s."),
                    value=value,
                    choices=", ".join(choices.values),
                ),
                code=code,
            )
    ref = (data.ref or "").strip() or None
    if ref is not None and len(ref) > MAX_REF:
        raise ArticleError(
            interpolate(_("The reference is at most %(count)s characters."), count=MAX_REF),
            code="ref_too_long",
        )
    fields: dict[str, object] = {
        "ref": ref,
        "title": title,
        "body": data.body.replace("\r\n", "\n"),
        "tags": _clean_tags(data.tags),
        "topic": " ".join(data.topic.split())[:MAX_TOPIC],
        "source_links": _clean_links(data.source_links),
        "audience": data.audience,
        "status": data.status,
        "language": data.language,
        "review_by": data.review_by,
    }
    return agency, fields


def search_text(article: Article) -> SearchText:
    """What the index holds for an article: title; tags and topic; the body as plain text."""
    return SearchText(
        object_id=article.pk,
        title=article.title,
        tags=[*article.tags, article.topic],
        body=plain_text(article.body_html),
        body_syllables=False,
    )


def article_reindex(*, article: Article) -> None:
    """Put an article in the search index if it is published, take it out if not."""
    if article.status == Status.PUBLISHED:
        search_index_many(kind=SEARCH_KIND, documents=[search_text(article)], fuzzy=True)
    else:
        search_remove(kind=SEARCH_KIND, object_id=article.pk)


@transaction.atomic
def article_save(
    *,
    data: ArticleInput,
    by: User | None,
    article: Article | None = None,
    expected_version: int | None = None,
) -> Article:
    """Create or change an article: checked, rendered, versioned, indexed, audited."""
    agency, fields = article_checked(data)
    if by is not None and not article_may_edit(user=by, agency_code=agency.code):
        raise PermissionDeniedError(_("You may not write articles for this agency."))
    if fields["ref"] is not None:
        clash = Article.objects.filter(ref=fields["ref"])
        if article is not None:
            clash = clash.exclude(pk=article.pk)
        if clash.exists():
            raise ArticleError(
                interpolate(_("Another article has the reference %(ref)s."), ref=fields["ref"]),
                code="duplicate_ref",
            )
    if article is None:
        article = Article(agency=agency, created_by=by, version=1, **fields)
    else:
        article = Article.objects.select_for_update().get(pk=article.pk)
        if by is not None and not article_may_edit(user=by, agency_code=article.agency.code):
            raise PermissionDeniedError(_("You may not write articles for this agency."))
        if expected_version is not None and expected_version != article.version:
            raise ArticleError(
                _("Someone else saved this article meanwhile: reload it and save again."),
                code="stale_version",
                status=409,
            )
        for name, value in fields.items():
            setattr(article, name, value)
        article.agency = agency
        article.version += 1
    article.updated_by = by
    article.body_html = render_markdown(article.body)
    article.save()
    ArticleVersion.objects.create(
        article=article,
        number=article.version,
        title=article.title,
        body=article.body,
        tags=article.tags,
        status=article.status,
        author=by,
        note=data.note[:300],
    )
    article_reindex(article=article)
    audit_record(
        actor=by,
        actor_repr="" if by is not None else "import",
        action="article.save",
        obj=article,
        changes={"version": article.version, "status": article.status},
    )
    return article


@transaction.atomic
def article_attach(*, article: Article, by: User, name: str, data: bytes) -> ArticleAttachment:
    """Keep a file with the article, after checking what it really is."""
    if not article_may_edit(user=by, agency_code=article.agency.code):
        raise PermissionDeniedError(_("You may not write articles for this agency."))
    kind = file_check(data)
    if article.attachments.count() >= MAX_FILES_PER_ARTICLE:
        raise ArticleError(
            interpolate(
                _("An article holds at most %(count)s files."), count=MAX_FILES_PER_ARTICLE
            ),
            code="too_many_files",
        )
    attachment = ArticleAttachment(article=article, uploaded_by=by)
    file_store(attachment, name=name, data=data, kind=kind)
    attachment.save()
    audit_record(actor=by, action="article.attach", obj=article, changes={"file": name})
    return attachment


REINDEX_BATCH = 500


def articles_reindex(*, workers: int = 1, progress: Callable[[int], None] | None = None) -> int:
    """Index every published article anew (after an import or a dictionary change)."""

    def batches() -> Iterator[list[SearchText]]:
        published = Article.objects.filter(status=Status.PUBLISHED).only(
            "id", "title", "tags", "topic", "body_html"
        )
        last = 0
        while chunk := list(published.filter(pk__gt=last).order_by("pk")[:REINDEX_BATCH]):
            last = chunk[-1].pk
            yield [search_text(article) for article in chunk]

    return search_reindex(
        kind=SEARCH_KIND, batches=batches(), fuzzy=True, workers=workers, progress=progress
    )


def article_unchanged(*, article: Article, data: ArticleInput) -> bool:
    """Whether saving data over article would change nothing (as checked and cleaned)."""
    try:
        agency, fields = article_checked(data)
    except ArticleError:
        return False  # the save will say what is wrong
    return article.agency_id == agency.pk and all(
        getattr(article, name) == value for name, value in fields.items()
    )
