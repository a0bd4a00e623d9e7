"""A contact's baskets of articles, for the data subject's rights (PDPA)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from borikan.contacts.registry import Identifiers
from borikan.core.export import export_rows
from borikan.knowledge.models import Basket, BasketItem


def _baskets(identifiers: Identifiers) -> QuerySet[Basket]:
    return Basket.objects.filter(
        Q(contact_id__in=identifiers.contact_ids) | Q(email__in=identifiers.emails)
    )


def baskets_export(identifiers: Identifiers) -> dict[str, list[dict[str, Any]]]:
    baskets = _baskets(identifiers)
    return {
        "baskets": export_rows(
            baskets, ["id", "email", "status", "created_at", "confirmed_at", "sent_at"]
        ),
        "basket_articles": export_rows(
            BasketItem.objects.filter(basket__in=baskets),
            ["basket_id", "article__ref", "article__title", "added_at"],
        ),
    }


def baskets_erase(identifiers: Identifiers) -> int:
    """The address goes and the client's link stops working; which articles were sent stays."""
    return _baskets(identifiers).update(email="", token_hash=None)
