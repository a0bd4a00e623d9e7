"""The search index: one row per searchable object, holding its analysed terms.

The full-text structures live beside this table and are made by migration 0002, per database:
an FTS5 table kept in sync by triggers on SQLite, a generated tsvector column on PostgreSQL.
On SQLite, a migration that alters this model remakes the table and drops those triggers;
``tests/search/test_backends.py`` checks they exist after all migrations.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    # What the other apps index: "contact", "case", "article", ...
    kind = models.CharField(max_length=32)
    # A string, so any primary key fits (integers, UUIDs, ticket numbers).
    object_id = models.CharField(max_length=64)
    # Space-joined terms from search.text.index_terms, not the original text.
    title = models.TextField(blank=True)
    tags = models.TextField(blank=True)
    body = models.TextField(blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_object"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"


class Synonym(models.Model):
    """What people say, and the words the knowledge base uses for it; edited by administrators.

    A query holding the phrase is searched as if it also said the replacement, so that
    จดแบรนด์ finds articles about เครื่องหมายการค้า.
    """

    phrase = models.CharField(
        _("people say"),
        max_length=100,
        help_text=_("A word or phrase as citizens and agents type it, e.g. จดแบรนด์."),
    )
    replacement = models.CharField(
        _("search for"),
        max_length=200,
        help_text=_("The words the articles use, e.g. จดทะเบียนเครื่องหมายการค้า."),
    )
    # The phrase in search.text.normalize form, matched against normalised queries.
    normalized = models.CharField(max_length=100, unique=True, editable=False)
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["phrase"]
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")

    def __str__(self) -> str:
        return f"{self.phrase} → {self.replacement}"
