"""Use cases of the editorial board: drafting outputs, files, review, publication, withdrawal.

Each function takes plain values and the acting user, owns its transaction, keeps the search
index and the audit trail current inside it, and raises ArchiveError (with a message people can
read) instead of storing anything half.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..database import utcnow
from ..extensions import db
from ..labs.models import Lab
from ..matching.models import Question
from ..series.models import Organisation, Speaker, Talkshow, Theme
from ..slugs import unique_slug
from ..timezones import to_local
from . import search_index, uploads, workflow
from .kinds import OutputState, OutputType
from .models import AuditEntry, KnowledgeOutput, OutputFile, ReviewComment

REFUSAL_MESSAGES = {
    uploads.Refusal.EMPTY: _l("The file is empty."),
    uploads.Refusal.TOO_LARGE: _l("The file is larger than the archive accepts (at most %(limit)s)."),
    uploads.Refusal.NO_NAME: _l("The file has no name."),
    uploads.Refusal.UNKNOWN_EXTENSION: _l("Only PDF, PNG, JPEG, WebP, PPTX and ODP files are accepted."),
    uploads.Refusal.NOT_ALLOWED: _l("This kind of file is not accepted: only PDF, images (PNG, JPEG, WebP) and slides (PDF, PPTX, ODP)."),
    uploads.Refusal.MISMATCH: _l("The file's content does not match its name: it is not really a %(extension)s file."),
    uploads.Refusal.BROKEN_PDF: _l("This PDF is incomplete or damaged (it has no end-of-file marker)."),
    uploads.Refusal.BROKEN_SLIDES: _l("This presentation file is damaged or not a real PPTX/ODP file."),
}
BLOCKER_MESSAGES = {
    workflow.Blocker.NOT_ALLOWED_NOW: _l("This step is not possible in the output's current state."),
    workflow.Blocker.OWN_SUBMISSION: _l("You sent this output to review yourself; another editor must publish it."),
    workflow.Blocker.RECORDING_WITHOUT_TRANSCRIPT: _l("A recording needs a transcript or captions link before it can be published."),
    workflow.Blocker.RECORDING_WITHOUT_MEDIA: _l("A recording needs a media link (or a file) before it can be published."),
    workflow.Blocker.IMAGE_WITHOUT_ALT: _l("Every image needs an alt text before the output can be published."),
    workflow.Blocker.NO_CONTENT: _l("An output needs an abstract, a text, a file or a media link before it can be published."),
}
ACTION_LABELS = {
    "created": _l("created"),
    "edited": _l("edited"),
    "file_added": _l("file added"),
    "file_removed": _l("file removed"),
    "alt_text": _l("alt text changed"),
    "commented": _l("commented"),
    workflow.Action.SUBMIT.value: _l("sent to review"),
    workflow.Action.RETURN.value: _l("returned to draft"),
    workflow.Action.PUBLISH.value: _l("published"),
    workflow.Action.WITHDRAW.value: _l("withdrawn"),
    workflow.Action.REOPEN.value: _l("reopened as draft"),
}
COMMENT_REQUIRED = {workflow.Action.RETURN, workflow.Action.WITHDRAW}


class ArchiveError(Exception):
    """Refused, with a message for the person; ``field`` names the form field it belongs to."""

    def __init__(self, message: Any, field: str | None = None, messages: Sequence[Any] = ()):
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.messages = list(messages) or [message]


class NotFound(LookupError):
    """No output, file or comment answers to this id."""


@dataclass(frozen=True)
class Storage:
    """Where files go and how large they may be (from UPLOAD_FOLDER, ARCHIVE_MAX_FILE_BYTES)."""

    folder: Path
    max_file_bytes: int

    @classmethod
    def from_config(cls, config: Any) -> Storage:
        return cls(Path(config["UPLOAD_FOLDER"]), int(config.get("ARCHIVE_MAX_FILE_BYTES", 15 * 1024 * 1024)))

    def path(self, stored_name: str) -> Path:
        # stored names are our own random hex names; refuse anything else outright.
        if not stored_name or "/" in stored_name or "\\" in stored_name or stored_name.startswith("."):
            raise NotFound(stored_name)
        return self.folder / stored_name


@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes
    alt_text: str = ""


@dataclass
class OutputDraft:
    """What an editor fills in; ids refer to existing speakers, organisations, talkshows, …"""

    title: str
    output_type: OutputType | str
    abstract: str = ""
    body: str = ""
    language: str = "nl"
    licence: str = "CC BY 4.0"
    published_on: date | None = None
    media_url: str = ""
    transcript_url: str = ""
    speaker_ids: list[int] = field(default_factory=list)
    organisation_ids: list[int] = field(default_factory=list)
    talkshow_ids: list[int] = field(default_factory=list)
    theme_ids: list[int] = field(default_factory=list)
    lab_ids: list[int] = field(default_factory=list)
    question_ids: list[int] = field(default_factory=list)


def _human_size(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{max(1, size // 1024)} kB"


def check_upload(upload: Upload, storage: Storage) -> uploads.Detected:
    """The upload's real type, or ArchiveError with the reason in words (field ``file``)."""
    try:
        detected = uploads.detect(upload.data, upload.filename, storage.max_file_bytes)
    except uploads.UploadRefused as refused:
        extension = uploads.display_name(upload.filename).rpartition(".")[2].upper() or "?"
        message = REFUSAL_MESSAGES[refused.reason]
        if refused.reason == uploads.Refusal.TOO_LARGE:
            message = _l("The file is larger than the archive accepts (at most %(limit)s).", limit=_human_size(storage.max_file_bytes))
        elif refused.reason == uploads.Refusal.MISMATCH:
            message = _l("The file's content does not match its name: it is not really a %(extension)s file.", extension=extension)
        raise ArchiveError(message, field="file") from refused
    if detected.is_image and not upload.alt_text.strip():
        raise ArchiveError(_l("Describe the image in an alt text, for people who cannot see it."), field="alt_text")
    return detected


def _audit(output: KnowledgeOutput, actor: User | None, action: str, detail: str = "") -> None:
    output.audit_entries.append(AuditEntry(actor_id=actor.id if actor else None, action=action, detail=detail[:4000]))


def _by_ids(model, ids: Sequence[int]) -> list:
    ids = sorted({int(i) for i in ids})
    if not ids:
        return []
    found = list(db.session.scalars(select(model).where(model.id.in_(ids))))
    if len(found) != len(ids):
        raise ArchiveError(_l("Some of the chosen links no longer exist; please choose again."))
    return found


def _clean_url(value: str, field_name: str) -> str:
    value = (value or "").strip()
    if value and not (value.startswith("https://") or value.startswith("http://")):
        raise ArchiveError(_l("Give a web address starting with https:// or http://."), field=field_name)
    return value


def _apply(output: KnowledgeOutput, draft: OutputDraft) -> list[str]:
    """Copy the draft onto the output; the names of the fields that changed, for the audit trail."""
    title = draft.title.strip()
    if not title:
        raise ArchiveError(_l("Give the output a title."), field="title")
    try:
        output_type = OutputType(draft.output_type)
    except ValueError as error:
        raise ArchiveError(_l("Choose a type."), field="output_type") from error
    values: dict[str, Any] = {
        "title": title[:200],
        "output_type": output_type,
        "abstract": draft.abstract.strip(),
        "body": draft.body.strip(),
        "language": (draft.language or "nl").strip()[:8],
        "licence": (draft.licence or "CC BY 4.0").strip()[:60],
        "published_on": draft.published_on,
        "media_url": _clean_url(draft.media_url, "media_url"),
        "transcript_url": _clean_url(draft.transcript_url, "transcript_url"),
    }
    changed = [name for name, value in values.items() if getattr(output, name, None) != value]
    for name, value in values.items():
        setattr(output, name, value)
    links = {
        "speakers": _by_ids(Speaker, draft.speaker_ids),
        "organisations": _by_ids(Organisation, draft.organisation_ids),
        "talkshows": _by_ids(Talkshow, draft.talkshow_ids),
        "themes": _by_ids(Theme, draft.theme_ids),
        "labs": _by_ids(Lab, draft.lab_ids),
        "questions": _by_ids(Question, draft.question_ids),
    }
    for name, objects in links.items():
        if {o.id for o in getattr(output, name)} != {o.id for o in objects}:
            changed.append(name)
        setattr(output, name, objects)
    output.search_text = _search_text(output)
    return changed


def _search_text(output: KnowledgeOutput) -> str:
    """Names people may search for that are not in the output's own text."""
    names = [s.name for s in output.speakers] + [o.name for o in output.organisations]
    names += [t.title for t in output.talkshows] + [t.name for t in output.themes] + [lab.name for lab in output.labs]
    return " ".join(names)


def _store(prepared: list[tuple[Upload, uploads.Detected]], output: KnowledgeOutput, actor: User | None, storage: Storage) -> list[Path]:
    """Write files under random names; the caller removes them again if the commit fails."""
    storage.folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for upload, detected in prepared:
        name = uploads.stored_name(detected.extension)
        path = storage.path(name)
        with open(path, "xb") as handle:  # never overwrite
            handle.write(upload.data)
        written.append(path)
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
        _audit(output, actor, "file_added", display)
    return written


def _commit_or_undo(written: list[Path]) -> None:
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        for path in written:
            path.unlink(missing_ok=True)
        raise


def create_output(draft: OutputDraft, actor: User, storage: Storage, files: Sequence[Upload] = ()) -> KnowledgeOutput:
    prepared = [(upload, check_upload(upload, storage)) for upload in files]
    output = KnowledgeOutput(state=OutputState.DRAFT, created_by_id=actor.id, search_text="")
    try:
        _apply(output, draft)
    except ArchiveError:
        db.session.rollback()
        raise
    output.slug = unique_slug(output.title, lambda s: db.session.scalar(select(func.count()).where(KnowledgeOutput.slug == s)) > 0, 120)
    db.session.add(output)
    _audit(output, actor, "created", output.title)
    written: list[Path] = []
    try:
        written = _store(prepared, output, actor, storage)
        search_index.refresh(db.session, output)
    except Exception:
        db.session.rollback()
        for path in written:
            path.unlink(missing_ok=True)
        raise
    _commit_or_undo(written)
    return output


def editable_output(output_id: int) -> KnowledgeOutput:
    """An output in any state, with everything the organiser area shows."""
    options = [
        selectinload(KnowledgeOutput.files),
        selectinload(KnowledgeOutput.comments).selectinload(ReviewComment.author),
        selectinload(KnowledgeOutput.audit_entries).selectinload(AuditEntry.actor),
        selectinload(KnowledgeOutput.speakers),
        selectinload(KnowledgeOutput.organisations),
        selectinload(KnowledgeOutput.talkshows),
        selectinload(KnowledgeOutput.themes),
        selectinload(KnowledgeOutput.labs),
    ]
    output = db.session.scalar(select(KnowledgeOutput).where(KnowledgeOutput.id == output_id).options(*options))
    if output is None:
        raise NotFound(output_id)
    return output


def _ensure_changeable(output: KnowledgeOutput) -> None:
    """What the public sees was reviewed by two editors; changing it means going through review again."""
    if output.state == OutputState.PUBLISHED:
        db.session.rollback()
        raise ArchiveError(_l("A published output cannot be changed. Withdraw it first, then reopen it as a draft."))


def update_output(output_id: int, draft: OutputDraft, actor: User) -> KnowledgeOutput:
    output = editable_output(output_id)
    _ensure_changeable(output)
    try:
        changed = _apply(output, draft)
    except ArchiveError:
        db.session.rollback()
        raise
    if changed:
        _audit(output, actor, "edited", ", ".join(changed))
        search_index.refresh(db.session, output)
    db.session.commit()
    return output


def add_files(output_id: int, files: Sequence[Upload], actor: User, storage: Storage) -> KnowledgeOutput:
    output = editable_output(output_id)
    _ensure_changeable(output)
    prepared = [(upload, check_upload(upload, storage)) for upload in files]
    written = _store(prepared, output, actor, storage)
    _commit_or_undo(written)
    return output


def remove_file(output_id: int, file_id: int, actor: User, storage: Storage) -> None:
    output = editable_output(output_id)
    _ensure_changeable(output)
    stored = next((f for f in output.files if f.id == file_id), None)
    if stored is None:
        raise NotFound(file_id)
    path = storage.path(stored.stored_name)
    output.files.remove(stored)
    _audit(output, actor, "file_removed", stored.original_name)
    db.session.commit()
    path.unlink(missing_ok=True)  # after the commit: a failed commit keeps both row and file


def set_alt_text(output_id: int, file_id: int, alt_text: str, actor: User) -> None:
    output = editable_output(output_id)
    _ensure_changeable(output)
    stored = next((f for f in output.files if f.id == file_id), None)
    if stored is None:
        raise NotFound(file_id)
    alt_text = alt_text.strip()[:500]
    if stored.is_image and not alt_text:
        raise ArchiveError(_l("Describe the image in an alt text, for people who cannot see it."), field="alt_text")
    stored.alt_text = alt_text
    _audit(output, actor, "alt_text", stored.original_name)
    db.session.commit()


def candidate(output: KnowledgeOutput) -> workflow.Candidate:
    return workflow.Candidate(
        state=output.state,
        output_type=output.output_type,
        submitted_by_id=output.submitted_by_id,
        media_url=output.media_url,
        transcript_url=output.transcript_url,
        has_files=bool(output.files),
        images_without_alt=sum(1 for f in output.files if f.is_image and not f.alt_text.strip()),
        has_text=bool(output.abstract.strip() or output.body.strip()),
    )


def publication_problems(output: KnowledgeOutput) -> list[Any]:
    """What an editor must still fix before this output can go public, in words."""
    return [BLOCKER_MESSAGES[b] for b in workflow.publication_blockers(candidate(output))]


def transition(
    output_id: int, action: workflow.Action | str, actor: User, comment: str = "", four_eyes: bool = True, today: date | None = None
) -> KnowledgeOutput:
    """Move the output through the workflow, with an optional (sometimes required) comment."""
    output = editable_output(output_id)
    action = workflow.Action(action)
    comment = comment.strip()
    if action in COMMENT_REQUIRED and not comment:
        raise ArchiveError(_l("Say why in a comment, so the author knows what to do."), field="comment")
    try:
        new_state = workflow.decide(candidate(output), action, actor.id, four_eyes=four_eyes)
    except workflow.WorkflowBlocked as blocked:
        messages = [BLOCKER_MESSAGES[b] for b in blocked.blockers]
        raise ArchiveError(messages[0], messages=messages) from blocked
    output.state = new_state
    if action == workflow.Action.SUBMIT:
        output.submitted_by_id = actor.id
    if action == workflow.Action.PUBLISH:
        output.published_at = output.published_at or utcnow()
        output.published_on = output.published_on or today or to_local(utcnow()).date()
    if comment:
        output.comments.append(ReviewComment(author_id=actor.id, body=comment[:5000]))
    _audit(output, actor, action.value, comment[:500])
    search_index.refresh(db.session, output)
    if action in (workflow.Action.PUBLISH, workflow.Action.WITHDRAW):
        search_index.refresh_statistics(db.session)  # the public archive changed size
    db.session.commit()
    return output


def comment_on(output_id: int, actor: User, body: str) -> ReviewComment:
    body = body.strip()
    if not body:
        raise ArchiveError(_l("Write a comment first."), field="body")
    output = editable_output(output_id)
    comment = ReviewComment(author_id=actor.id, body=body[:5000])
    output.comments.append(comment)
    _audit(output, actor, "commented", body[:200])
    db.session.commit()
    return comment


def board(state: OutputState | None = None) -> list[KnowledgeOutput]:
    """The editorial board's list: everything, newest change first."""
    query = select(KnowledgeOutput).order_by(KnowledgeOutput.updated_at.desc(), KnowledgeOutput.id.desc())
    if state is not None:
        query = query.where(KnowledgeOutput.state == state)
    return list(db.session.scalars(query.options(selectinload(KnowledgeOutput.submitted_by), selectinload(KnowledgeOutput.files))))


def state_counts() -> dict[str, int]:
    rows = db.session.execute(select(KnowledgeOutput.state, func.count()).group_by(KnowledgeOutput.state)).all()
    return {state.value: count for state, count in rows}


@dataclass(frozen=True)
class Choices:
    speakers: list[tuple[int, str]]
    organisations: list[tuple[int, str]]
    talkshows: list[tuple[int, str]]
    themes: list[tuple[int, str]]
    labs: list[tuple[int, str]]
    questions: list[tuple[int, str]]


def choices() -> Choices:
    """What an output can be linked to, for the editor's form."""
    questions = [(q.id, q.title) for q in db.session.scalars(select(Question).order_by(Question.title))]
    return Choices(
        speakers=[(s.id, s.name) for s in db.session.scalars(select(Speaker).order_by(Speaker.name))],
        organisations=[(o.id, o.name) for o in db.session.scalars(select(Organisation).order_by(Organisation.name))],
        talkshows=[
            (t.id, f"{t.title} ({to_local(t.starts_at):%d-%m-%Y})")
            for t in db.session.scalars(select(Talkshow).order_by(Talkshow.starts_at.desc()))
        ],
        themes=[(t.id, t.name) for t in db.session.scalars(select(Theme).order_by(Theme.position, Theme.name))],
        labs=[(lab.id, lab.name) for lab in db.session.scalars(select(Lab).order_by(Lab.name))],
        questions=questions,
    )


def open_file(output: KnowledgeOutput, file_id: int, storage: Storage) -> tuple[OutputFile, Path]:
    stored = next((f for f in output.files if f.id == file_id), None)
    if stored is None:
        raise NotFound(file_id)
    path = storage.path(stored.stored_name)
    if not path.is_file():
        raise NotFound(file_id)
    return stored, path

