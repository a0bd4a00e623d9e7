"""The search index: one row per searchable object, holding its analysed terms.

The full-text structures live beside this table and are made by migration 0002, per database:
an FTS5 table kept in sync by triggers on SQLite, a generated tsvector column on PostgreSQL.
On SQLite, a migration that alters this model remakes the table and drops those triggers;
``tests/search/test_backends.py`` checks they exist after all migrations.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone


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
