"""Uploaded files: what a file really is, read from its first bytes, never from its name."""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shutil
import zipfile
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _

from borikan.core.errors import DomainError, interpolate
from borikan.core.models import StoredFile

MAX_BYTES = 10 * 1024 * 1024


class FileRejectedError(DomainError):
    code = "file_rejected"


@dataclass(frozen=True)
class Sniffed:
    content_type: str
    extension: str


def _zip_office(data: bytes) -> Sniffed | None:
    """DOCX and XLSX are zip files with a known part inside."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if any(n.startswith("word/") for n in names):
        return Sniffed(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"
        )
    if any(n.startswith("xl/") for n in names):
        return Sniffed("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx")
    return None


def _text(data: bytes) -> Sniffed | None:
    if b"\x00" in data[:8192]:
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return Sniffed("text/plain; charset=utf-8", ".txt")


def sniff(data: bytes) -> Sniffed | None:
    """The type of `data` if it is one we accept (PDF, images, Word, Excel, text), else None."""
    if data.startswith(b"%PDF-"):
        return Sniffed("application/pdf", ".pdf")
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return Sniffed("image/png", ".png")
    if data.startswith(b"\xff\xd8\xff"):
        return Sniffed("image/jpeg", ".jpg")
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return Sniffed("image/webp", ".webp")
    if data.startswith(b"PK\x03\x04"):
        return _zip_office(data)
    return _text(data)


def file_check(data: bytes) -> Sniffed:
    """What data is, if it may be kept: not empty, not too large, a type we accept."""
    if len(data) == 0:
        raise FileRejectedError(_("The file is empty."), code="file_empty")
    if len(data) > MAX_BYTES:
        raise FileRejectedError(
            interpolate(_("The file is too large: at most %(mb)s MB."), mb=MAX_BYTES // 2**20),
            code="file_too_large",
            status=413,
        )
    kind = sniff(data)
    if kind is None:
        raise FileRejectedError(
            _(
                "This type of file is not accepted: send PDF, JPEG, PNG, WebP, Word, Excel or "
                "plain text."
            ),
            code="file_type",
            status=415,
        )
    return kind


class StorageFullError(DomainError):
    code = "storage_full"
    status = 507


def _storage_failed() -> StorageFullError:
    return StorageFullError(
        _(
            "The file could not be stored: the file storage is full or unavailable. Nothing was "
            "saved; please try again later or without the file."
        )
    )


def file_store(stored: StoredFile, *, name: str, data: bytes, kind: Sniffed) -> None:
    """Fill in a StoredFile from checked data and write the data under its hash (not saved).

    A storage that is full or failing raises StorageFullError (507) and leaves no part of the
    file behind; the caller's transaction then rolls back the record too."""
    digest = hashlib.sha256(data).hexdigest()
    stored.original_name = (name or "file")[-200:]
    stored.content_type, stored.extension = kind.content_type, kind.extension
    stored.size, stored.sha256 = len(data), digest
    field = stored.file.field
    storage = stored.file.storage
    target = field.generate_filename(stored, f"{digest[:16]}{kind.extension}")
    location = getattr(storage, "location", None)
    if location and os.path.isdir(location) and shutil.disk_usage(location).free < len(data):
        raise _storage_failed()
    # The name is chosen first, so a write cut short (disk filled meanwhile) can be removed.
    target = storage.get_available_name(target, max_length=field.max_length)
    try:
        saved = storage.save(target, ContentFile(data), max_length=field.max_length)
    except OSError as exc:
        with contextlib.suppress(OSError):
            storage.delete(target)
        raise _storage_failed() from exc
    setattr(stored, field.attname, saved)


def file_response(stored: StoredFile) -> FileResponse:
    """A stored file for download: never rendered inline as HTML, never sniffed."""
    response = FileResponse(
        stored.file.open("rb"),
        as_attachment=not stored.content_type.startswith(("image/", "application/pdf")),
        filename=stored.original_name,
        content_type=stored.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
