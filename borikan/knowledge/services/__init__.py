"""Writes to the knowledge base: articles, and the baskets sent to clients."""

from borikan.knowledge.services.articles import (
    EDITOR_ROLES,
    SEARCH_KIND,
    ArticleError,
    ArticleInput,
    article_attach,
    article_may_edit,
    article_reindex,
    article_save,
    articles_reindex,
    search_text,
)
from borikan.knowledge.services.baskets import (
    BasketError,
    basket_add,
    basket_confirm,
    basket_link_interaction,
    basket_open,
    basket_remove,
    basket_send,
    basket_send_link,
    baskets_repoint_contact,
)

__all__ = [
    "EDITOR_ROLES",
    "SEARCH_KIND",
    "ArticleError",
    "ArticleInput",
    "BasketError",
    "article_attach",
    "article_may_edit",
    "article_reindex",
    "article_save",
    "articles_reindex",
    "basket_add",
    "basket_confirm",
    "basket_link_interaction",
    "basket_open",
    "basket_remove",
    "basket_send",
    "basket_send_link",
    "baskets_repoint_contact",
    "search_text",
]
