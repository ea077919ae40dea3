"""Presentations are ZIP packages: one that unpacks to far too much (a zip bomb) is refused, a real one is not."""
from __future__ import annotations

import io
import os
import struct
import time
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from talkshow_app.archive import uploads
from talkshow_app.archive.models import KnowledgeOutput, OutputFile
from talkshow_app.archive.uploads import Refusal, UploadRefused

from .conftest import pptx_bytes, stored_files

LIMIT = 15 * 1024 * 1024
MB = 1024 * 1024
CONTENT_TYPES = (
    '<Types><Override PartName="/ppt/presentation.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/></Types>'
)


def deck(path: Path | io.BytesIO, zeros: int = 0, parts: dict[str, bytes] | None = None) -> None:
    """A minimal PPTX (content types and presentation part) with ``zeros`` bytes of zeros as a media part."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES)
        package.writestr("ppt/presentation.xml", "<p:presentation/>")
        for name, data in (parts or {}).items():
            package.writestr(name, data)
        if zeros:
            chunk = bytes(MB)
            with package.open("ppt/media/image1.png", "w", force_zip64=True) as member:
                for _ in range(zeros // MB):
                    member.write(chunk)


def deck_bytes(zeros: int = 0, parts: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    deck(buffer, zeros, parts)
    return buffer.getvalue()


def refused(data: bytes, name: str = "dias.pptx") -> Refusal:
    with pytest.raises(UploadRefused) as caught:
        uploads.detect(data, name, LIMIT)
    return caught.value.reason


@pytest.fixture(scope="module")
def bomb(tmp_path_factory) -> bytes:
    """300 MB of zeros in a PPTX of well under a megabyte, written in streaming chunks."""
    path = tmp_path_factory.mktemp("bomb") / "bomb.pptx"
    deck(path, zeros=300 * MB)
    return path.read_bytes()


def test_a_zip_bomb_dressed_as_slides_is_refused_quickly(bomb):
    assert len(bomb) < MB
    started = time.perf_counter()
    assert refused(bomb) == Refusal.UNPACKS_TOO_LARGE
    assert time.perf_counter() - started < 1  # decided by the declared sizes, nothing is unpacked


def test_one_part_that_compresses_absurdly_well_is_refused():
    assert refused(deck_bytes(zeros=5 * MB)) == Refusal.UNPACKS_TOO_LARGE  # 5 MB in a few kB: far over 100:1


def test_a_package_that_unpacks_to_more_than_the_bound_is_refused(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UNPACKED_BYTES", 2 * MB)
    images = {f"ppt/media/image{n}.jpg": os.urandom(MB) for n in range(3)}  # incompressible, like real photos
    assert refused(deck_bytes(parts=images)) == Refusal.UNPACKS_TOO_LARGE


def test_a_package_with_thousands_of_parts_is_refused():
    parts = {f"ppt/slides/slide{n}.xml": b"" for n in range(uploads.MAX_ZIP_MEMBERS)}
    assert refused(deck_bytes(parts=parts)) == Refusal.TOO_MANY_PARTS


def test_a_package_that_understates_a_part_is_refused_as_damaged():
    data = bytearray(deck_bytes(parts={"ppt/media/image1.png": bytes(2 * MB)}))
    entry = data.find(b"PK\x01\x02", data.find(b"ppt/media/image1.png") + 20)
    while data[entry + 46 : entry + 46 + 20] != b"ppt/media/image1.png":
        entry = data.find(b"PK\x01\x02", entry + 4)
    data[entry + 24 : entry + 28] = struct.pack("<I", 1000)  # the central directory claims 1000 bytes
    assert refused(bytes(data)) == Refusal.BROKEN_SLIDES


def test_real_presentations_are_still_accepted():
    assert uploads.detect(pptx_bytes(), "dias.pptx", LIMIT).content_type == uploads.PPTX
    slides = {f"ppt/slides/slide{n}.xml": b"<p:sld>" + b"<a:t>Wijk</a:t>" * 2000 + b"</p:sld>" for n in range(60)}
    photos = {f"ppt/media/image{n}.jpeg": os.urandom(2 * MB) for n in range(3)}
    assert uploads.detect(deck_bytes(parts={**slides, **photos}), "dias.pptx", LIMIT).content_type == uploads.PPTX


def test_the_editor_sees_why_and_nothing_is_stored(client, db, login, editor, storage, bomb):
    login(editor)
    response = client.post(
        "/organiser/archive/new",
        data={"title": "Dia's", "output_type": "slides", "language": "nl", "licence": "CC BY 4.0", "file": (io.BytesIO(bomb), "dias.pptx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="file-error"' in page
    assert "pakt uit tot veel meer gegevens dan een echte presentatie (hoogstens 200 MB)" in page
    assert db.session.scalar(select(func.count()).select_from(KnowledgeOutput)) == 0
    assert db.session.scalar(select(func.count()).select_from(OutputFile)) == 0
    assert stored_files(storage) == []
