"""Attachment storage full or failing: a clear message in Thai and English, and nothing
half-saved — no case, no attachment row, no piece of the file on disk, the typed-in form kept."""

from __future__ import annotations

import resource
import signal
import subprocess
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from borikan.cases.models import Attachment, Case
from borikan.cases.services import case_attach
from borikan.core.errors import DomainError

PDF_HEAD = b"%PDF-1.4\n"


@pytest.fixture
def full_disk(tmp_path):
    """A real 1 MB file system (tmpfs) as the file storage; needs root, as on CI."""
    mount = tmp_path / "media"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
        capture_output=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small file system here: {done.stderr.decode().strip()}")
    try:
        with override_settings(MEDIA_ROOT=mount):
            yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def _files_under(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


def test_a_complaint_whose_file_does_not_fit_is_not_saved_and_the_form_is_kept(db, full_disk):
    cache.clear()
    upload = SimpleUploadedFile("ใบเสร็จ.pdf", PDF_HEAD + b"0" * (2 * 1024 * 1024))
    response = Client().post(
        "/complaint/",
        {
            "kind": "complaint",
            "subject": "ร้านขายปุ๋ยเกินราคา",
            "description": "ขายแพงกว่าป้าย 200 บาท",
            "first_name_th": "สมใจ",
            "last_name_th": "ซื่อสัตย์",
            "phone": "0861112222",
            "consent": "on",
            "file": upload,
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "พื้นที่เก็บไฟล์เต็ม" in html  # the message, in Thai
    assert "ร้านขายปุ๋ยเกินราคา" in html and "0861112222" in html  # what was typed is kept
    assert Case.objects.count() == 0 and Attachment.objects.count() == 0
    assert _files_under(full_disk) == []


def test_a_write_cut_short_leaves_no_piece_of_the_file(open_case, people, tmp_path):
    case = open_case()
    media = tmp_path / "media"
    limit = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # over the limit: EFBIG, not a kill
    try:
        with override_settings(MEDIA_ROOT=media):
            resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, limit[1]))
            try:
                with pytest.raises(DomainError) as error:
                    case_attach(
                        case=case, by=people["agent"], name="scan.pdf",
                        data=PDF_HEAD + b"1" * (300 * 1024),
                    )  # fmt: skip
            finally:
                resource.setrlimit(resource.RLIMIT_FSIZE, limit)
    finally:
        signal.signal(signal.SIGXFSZ, previous)
    assert (error.value.code, error.value.status) == ("storage_full", 507)
    assert "Nothing was saved" in error.value.message_in("en")
    assert case.attachments.count() == 0
    assert _files_under(media) == []
