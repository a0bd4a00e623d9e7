from __future__ import annotations

from django.contrib import admin

from borikan.core.admin import ReadOnlyAdmin
from borikan.knowledge.models import Article, ArticleVersion, Basket, BasketItem


class VersionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ArticleVersion
    extra = 0
    can_delete = False
    fields = ("number", "created_at", "author", "status", "title", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Article)
class ArticleAdmin(ReadOnlyAdmin):
    """Articles are written on the knowledge-base pages (versioned and indexed there)."""

    list_display = ["title", "ref", "agency", "status", "audience", "language", "review_by"]
    list_filter = ["status", "audience", "language", "agency"]
    search_fields = ["title", "ref", "topic"]
    inlines = [VersionInline]


class ItemInline(admin.TabularInline):  # type: ignore[type-arg]
    model = BasketItem
    extra = 0
    can_delete = False
    fields = ("article", "added_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Basket)
class BasketAdmin(ReadOnlyAdmin):
    list_display = ["pk", "contact", "email", "status", "created_by", "created_at", "sent_at"]
    list_filter = ["status"]
    inlines = [ItemInline]
