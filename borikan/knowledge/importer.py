"""Reading articles from files: JSON Lines, CSV, or a folder of Markdown files.

Every record is checked by the same service as the editor's form; a bad record is reported
with its line (or file) and skipped, never half-saved, and the good ones are kept.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from borikan.core.errors import DomainError
from borikan.knowledge.models import Article
from borikan.knowledge.services import ArticleInput, article_save, article_unchanged

_TAG_SPLIT = re.compile(r"[,;|]")
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)
_HEADING = re.compile(r"^#\s+(.+)$", re.MULTILINE)


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged + len(self.errors)


@dataclass(frozen=True)
class Record:
    where: str  # "line 12", "guides/export.md": for messages
    fields: dict[str, Any]


def _tags(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(tag) for tag in value]
    return [tag for tag in _TAG_SPLIT.split(str(value or "")) if tag.strip()]


def _links(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(link) for link in value]
    return [link for link in re.split(r"[\s|]+", str(value or "")) if link]


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    return dt.date.fromisoformat(str(value))


def record_input(record: Record, *, agency: str = "") -> ArticleInput:
    """An ArticleInput from one record; ValueError when a field cannot be read."""
    data = record.fields
    if not isinstance(data, dict):
        raise ValueError("a record must be an object with id, agency, title, body, tags")
    return ArticleInput(
        ref=str(data["id"]) if data.get("id") not in (None, "") else None,
        agency_code=str(data.get("agency") or agency),
        title=str(data.get("title") or ""),
        body=str(data.get("body") or ""),
        tags=_tags(data.get("tags")),
        topic=str(data.get("topic") or ""),
        source_links=_links(data.get("source_links") or data.get("links")),
        audience=str(data.get("audience") or "public"),
        status=str(data.get("status") or "published"),
        language=str(data.get("lang") or data.get("language") or "th"),
        review_by=_date(data.get("review_by")),
        note="import",
    )


def read_jsonl(path: Path) -> Iterator[Record]:
    with path.open(encoding="utf-8-sig") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                fields = json.loads(line)
            except json.JSONDecodeError as exc:
                fields = {"__error__": f"not JSON ({exc.msg})"}
            yield Record(where=f"line {number}", fields=fields)


def read_csv(path: Path) -> Iterator[Record]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            yield Record(where=f"line {number}", fields=dict(row))


def read_markdown_folder(path: Path) -> Iterator[Record]:
    """Each .md file an article; `key: value` front matter between --- lines is optional."""
    for file in sorted(path.rglob("*.md")):
        text = file.read_text(encoding="utf-8-sig")
        fields: dict[str, Any] = {}
        match = _FRONT_MATTER.match(text)
        if match:
            for line in match.group(1).splitlines():
                key, sep, value = line.partition(":")
                if sep:
                    fields[key.strip().lower()] = value.strip().strip("\"'")
            text = text[match.end() :]
        if not fields.get("title"):
            heading = _HEADING.search(text)
            if heading:
                fields["title"] = heading.group(1).strip()
                text = text[: heading.start()] + text[heading.end() :]
        fields.setdefault("id", file.relative_to(path).with_suffix("").as_posix())
        fields["body"] = text.strip()
        yield Record(where=str(file.relative_to(path)), fields=fields)


def read_records(path: Path) -> Iterator[Record]:
    if path.is_dir():
        return read_markdown_folder(path)
    if path.suffix.lower() == ".csv":
        return read_csv(path)
    return read_jsonl(path)


def import_articles(
    path: Path,
    *,
    agency: str = "",
    progress: Callable[[ImportReport], None] | None = None,
) -> ImportReport:
    """Create or update (by reference) the articles in path; report what happened to each."""
    report = ImportReport()
    for record in read_records(path):
        if "__error__" in record.fields:
            report.errors.append(f"{record.where}: {record.fields['__error__']}")
            continue
        try:
            data = record_input(record, agency=agency)
        except (ValueError, KeyError, TypeError) as exc:
            report.errors.append(f"{record.where}: {exc}")
            continue
        existing = Article.objects.filter(ref=data.ref).first() if data.ref else None
        if existing is not None and article_unchanged(article=existing, data=data):
            report.unchanged += 1
        else:
            try:
                with transaction.atomic():
                    article_save(data=data, by=None, article=existing)
            except DomainError as exc:
                report.errors.append(
                    f"{record.where}: {exc.message_in('th')} / {exc.message_in('en')}"
                )
                continue
            if existing is None:
                report.created += 1
            else:
                report.updated += 1
        if progress is not None:
            progress(report)
    return report
