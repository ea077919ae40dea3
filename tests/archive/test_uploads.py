"""Deciding what a file is by its bytes (pure)."""
import io
import zipfile

import pytest

from talkshow_app.archive import uploads
from talkshow_app.archive.uploads import Refusal, UploadRefused

from .conftest import PDF_BYTES, PNG_BYTES, odp_bytes, pptx_bytes

LIMIT = 10_000


def refused(data: bytes, name: str, limit: int = LIMIT) -> Refusal:
    with pytest.raises(UploadRefused) as caught:
        uploads.detect(data, name, limit)
    return caught.value.reason


def test_real_files_are_recognised_by_content():
    assert uploads.detect(PDF_BYTES, "verslag.pdf", LIMIT).content_type == "application/pdf"
    assert uploads.detect(PNG_BYTES, "Foto.PNG", LIMIT).content_type == "image/png"
    assert uploads.detect(b"\xff\xd8\xff\xe0" + b"0" * 20, "foto.jpeg", LIMIT).extension == "jpg"
    assert uploads.detect(b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"0" * 10, "foto.webp", LIMIT).content_type == "image/webp"
    assert uploads.detect(pptx_bytes(), "dia's.pptx", LIMIT).content_type == uploads.PPTX
    assert uploads.detect(odp_bytes(), "dias.odp", LIMIT).content_type == uploads.ODP


def test_a_script_renamed_pdf_is_refused():
    assert refused(b"#!/bin/sh\nrm -rf /\n", "verslag.pdf") == Refusal.MISMATCH
    assert refused(b"<html><script>alert(1)</script></html>", "verslag.pdf") == Refusal.MISMATCH


def test_html_with_a_pdf_header_later_on_is_refused():
    assert refused(b"<script>x</script>%PDF-1.4 %%EOF", "x.pdf") == Refusal.MISMATCH


def test_a_pdf_without_end_marker_is_refused():
    assert refused(b"%PDF-1.4\n<script>", "x.pdf") == Refusal.BROKEN_PDF


def test_content_and_name_must_agree():
    assert refused(PNG_BYTES, "verslag.pdf") == Refusal.MISMATCH
    assert refused(PDF_BYTES, "foto.png") == Refusal.MISMATCH


def test_other_kinds_and_names_are_refused():
    assert refused(b"GIF89a....", "anim.gif") == Refusal.UNKNOWN_EXTENSION
    assert refused(b"<svg onload=alert(1)>", "logo.svg") == Refusal.UNKNOWN_EXTENSION
    assert refused(PDF_BYTES, "") == Refusal.NO_NAME
    assert refused(b"", "leeg.pdf") == Refusal.EMPTY


def test_oversized_files_are_refused():
    assert refused(PDF_BYTES + b"0" * LIMIT, "groot.pdf") == Refusal.TOO_LARGE


def test_zip_files_must_really_be_presentations():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("evil.sh", "rm -rf /")
    assert refused(buffer.getvalue(), "dias.pptx") == Refusal.NOT_ALLOWED
    assert refused(b"PK\x03\x04broken", "dias.pptx") == Refusal.BROKEN_SLIDES
    assert refused(pptx_bytes(), "dias.odp") == Refusal.MISMATCH


def test_paths_in_names_are_stripped_and_stored_names_are_random():
    assert uploads.display_name("../../etc/passwd") == "passwd"
    assert uploads.display_name("C:\\Users\\x\\verslag.pdf") == "verslag.pdf"
    assert uploads.display_name("..\x00.pdf") == "pdf"
    first, second = uploads.stored_name("pdf"), uploads.stored_name("pdf")
    assert first != second and first.endswith(".pdf") and "/" not in first and len(first) == 36


def test_download_names_are_ascii_with_the_real_extension():
    assert uploads.download_name("Verslag wijk Moerwijk (def).pdf", "pdf") == "Verslag-wijk-Moerwijk-def.pdf"
    assert uploads.download_name('"; rm -rf.pdf', "pdf") == "rm-rf.pdf"
    assert uploads.download_name("éé.jpeg", "jpg") == "ee.jpg"
