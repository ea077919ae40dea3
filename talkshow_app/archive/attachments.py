"""An output's files: checking uploads, storing them beside the database, adding, removing, downloading.

A file is written under a random name before the commit and removed again when the commit fails,
so the disk and the database never disagree; a removed file leaves the disk only after the commit.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from flask_babel import lazy_gettext as _l

from ..accounts.models import Role, User
from ..database import transaction
from ..domain import require_role
from . import uploads
from .board import audit, editable_output, ensure_changeable, file_of
from .errors import ArchiveError, NotFound
from .inputs import Storage, Upload
from .labels import REFUSAL_MESSAGES
from .models import KnowledgeOutput, OutputFile

ALT_TEXT_MISSING = _l("Describe the image in an alt text, for people who cannot see it.")


def _human_size(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{max(1, size // 1024)} kB"


def check_upload(upload: Upload, storage: Storage) -> uploads.Detected:
    """The upload's real type, or ArchiveError with the reason in words (field ``file``)."""
    try:
        detected = uploads.detect(upload.data, upload.filename, storage.max_file_bytes)
    except uploads.UploadRefused as refused:
        raise ArchiveError(_refusal_message(refused.reason, upload, storage), field="file") from refused
    if detected.is_image and not upload.alt_text.strip():
        raise ArchiveError(ALT_TEXT_MISSING, field="alt_text")
    return detected


def _refusal_message(reason: uploads.Refusal, upload: Upload, storage: Storage):
    if reason == uploads.Refusal.TOO_LARGE:
        return _l(
            "The file is larger than the archive accepts (at most %(limit)s).",
            limit=_human_size(storage.max_file_bytes),
        )
    if reason == uploads.Refusal.MISMATCH:
        extension = uploads.display_name(upload.filename).rpartition(".")[2].upper() or "?"
        return _l(
            "The file's content does not match its name: it is not really a %(extension)s file.",
            extension=extension,
        )
    return REFUSAL_MESSAGES[reason]


@contextmanager
def written_files() -> Iterator[list[Path]]:
    """Paths added to the list inside the block are removed again if the block fails (the commit too)."""
    written: list[Path] = []
    try:
        yield written
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise


def store_files(
    prepared: Sequence[tuple[Upload, uploads.Detected]],
    output: KnowledgeOutput,
    actor: User | None,
    storage: Storage,
    written: list[Path],
) -> None:
    """Write checked files under random names, noting each path in ``written`` (see written_files)."""
    storage.folder.mkdir(parents=True, exist_ok=True)
    for upload, detected in prepared:
        name = uploads.stored_name(detected.extension)
        path = storage.path(name)
        with open(path, "xb") as handle:  # never overwrite
            written.append(path)
            handle.write(upload.data)
        display = uploads.display_name(upload.filename)
        output.files.append(
            OutputFile(
                original_name=display,
                stored_name=name,
                content_type=detected.content_type,
                size=len(upload.data),
                alt_text=upload.alt_text.strip()[:500],
                uploaded_by_id=actor.id if actor else None,
            )
        )
        audit(output, actor, "file_added", display)


def add_files(output_id: int, files: Sequence[Upload], actor: User, storage: Storage) -> KnowledgeOutput:
    require_role(actor, Role.EDITOR)
    with written_files() as written, transaction():
        output = editable_output(output_id)
        ensure_changeable(output)
        prepared = [(upload, check_upload(upload, storage)) for upload in files]
        store_files(prepared, output, actor, storage, written)
    return output


def _changeable_file(output_id: int, file_id: int) -> tuple[KnowledgeOutput, OutputFile]:
    output = editable_output(output_id)
    ensure_changeable(output)
    return output, file_of(output, file_id)


def remove_file(output_id: int, file_id: int, actor: User, storage: Storage) -> None:
    require_role(actor, Role.EDITOR)
    with transaction():
        output, stored = _changeable_file(output_id, file_id)
        path = storage.path(stored.stored_name)
        output.files.remove(stored)
        audit(output, actor, "file_removed", stored.original_name)
    path.unlink(missing_ok=True)  # after the commit: a failed commit keeps both row and file


def set_alt_text(output_id: int, file_id: int, alt_text: str, actor: User) -> None:
    require_role(actor, Role.EDITOR)
    with transaction():
        output, stored = _changeable_file(output_id, file_id)
        alt_text = alt_text.strip()[:500]
        if stored.is_image and not alt_text:
            raise ArchiveError(ALT_TEXT_MISSING, field="alt_text")
        stored.alt_text = alt_text
        audit(output, actor, "alt_text", stored.original_name)


def open_file(output: KnowledgeOutput, file_id: int, storage: Storage) -> tuple[OutputFile, Path]:
    """A file of an output the caller may see, and where it is on disk; NotFound if either is missing."""
    stored = file_of(output, file_id)
    path = storage.path(stored.stored_name)
    if not path.is_file():
        raise NotFound(file_id)
    return stored, path
