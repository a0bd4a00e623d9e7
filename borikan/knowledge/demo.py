"""Demo knowledge base: the 70 labelled articles of tests/data/kb (written for this project),
and one basket already e-mailed to a demo client, so the timeline shows it. Idempotent."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from borikan.contacts.models import Contact
from borikan.core.models import User
from borikan.knowledge.importer import import_articles
from borikan.knowledge.models import Article, Basket
from borikan.knowledge.services import basket_add, basket_confirm, basket_open, basket_send

ARTICLES = settings.BASE_DIR / "tests" / "data" / "kb" / "articles.jsonl"
DEMO_BASKET_REFS = ("KB-DIP-001", "KB-DIP-002")


def load() -> dict[str, int]:
    if not ARTICLES.exists():  # an installed package without the repository's test data
        return {"articles created": 0}
    report = import_articles(ARTICLES)
    baskets = _demo_basket()
    return {
        "articles created": report.created,
        "articles unchanged": report.unchanged,
        "baskets created": baskets,
    }


@transaction.atomic
def _demo_basket() -> int:
    """A basket an agent filled, the client checked and the agent sent (through the outbox)."""
    agent = User.objects.filter(username="agent").first()
    contact = Contact.objects.filter(merged_into__isnull=True).exclude(email="").first()
    articles = list(Article.objects.filter(ref__in=DEMO_BASKET_REFS))
    if agent is None or contact is None or not articles:
        return 0
    if Basket.objects.filter(contact=contact, created_by=agent).exists():
        return 0
    basket = basket_open(by=agent, contact=contact)
    for article in articles:
        basket = basket_add(basket=basket, article=article, by=agent)
    basket = basket_confirm(basket=basket, item_count=len(articles))
    basket_send(basket=basket, by=agent)
    return 1
