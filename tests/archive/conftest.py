"""Archive fixtures: editors, file bytes, and published outputs made through the services."""
from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from talkshow_app.accounts.models import Role
from talkshow_app.archive import editing, inputs, review
from talkshow_app.archive.kinds import OutputType
from talkshow_app.archive.models import KnowledgeOutput
from tests.matching.conftest import make_question  # noqa: F401  (outputs answer city questions)

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40


def pptx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr(
            "[Content_Types].xml",
            '<Types><Override PartName="/ppt/presentation.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/></Types>',
        )
        package.writestr("ppt/presentation.xml", "<p:presentation/>")
    return buffer.getvalue()


def odp_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.presentation")
        package.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


@pytest.fixture
def editor(make_user):
    return make_user(role=Role.EDITOR, name="Eva Redacteur")


@pytest.fixture
def second_editor(make_user):
    return make_user(role=Role.EDITOR, name="Bram Tweede")


@pytest.fixture
def storage(app) -> inputs.Storage:
    return inputs.Storage.from_config(app.config)


def stored_files(storage: inputs.Storage) -> list[str]:
    return sorted(p.name for p in storage.folder.glob("*")) if storage.folder.exists() else []


@pytest.fixture
def make_output(db, editor, second_editor, storage) -> Callable[..., KnowledgeOutput]:
    """An output through the real workflow; published unless ``publish=False``."""

    def make(publish: bool = True, files=(), **fields: Any) -> KnowledgeOutput:
        fields.setdefault("title", "Verslag van de avond")
        fields.setdefault("output_type", OutputType.REPORT)
        fields.setdefault("abstract", "Wat er gezegd is.")
        published_on = fields.pop("published_on", date(2026, 3, 12))
        output = editing.create_output(
            inputs.OutputDraft(published_on=published_on, **fields), editor, storage, files=files
        )
        if publish:
            review.transition(output.id, "submit", editor)
            review.transition(output.id, "publish", second_editor)
        return db.session.get(KnowledgeOutput, output.id)

    return make
