"""The editorial board's reads, and what every editorial use case shares: one output, its audit trail.

Reads need no role here (the organiser area's views guard them); the write use cases in
editing, attachments and review check the acting editor themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..extensions import db
from ..labs.models import Lab
from ..matching.models import Question
from ..series.models import Organisation, Speaker, Talkshow, Theme
from ..timezones import to_local
from .errors import ArchiveError, NotFound
from .kinds import OutputState
from .models import AuditEntry, KnowledgeOutput, OutputFile, ReviewComment


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


def file_of(output: KnowledgeOutput, file_id: int) -> OutputFile:
    """One of the output's files, or NotFound."""
    stored = next((f for f in output.files if f.id == file_id), None)
    if stored is None:
        raise NotFound(file_id)
    return stored


def ensure_changeable(output: KnowledgeOutput) -> None:
    """What the public sees was reviewed by two editors; changing it means going through review again."""
    if output.state == OutputState.PUBLISHED:
        raise ArchiveError(_l("A published output cannot be changed. Withdraw it first, then reopen it as a draft."))


def audit(output: KnowledgeOutput, actor: User | None, action: str, detail: str = "") -> None:
    """One line in the output's audit trail, stored with the change it describes."""
    entry = AuditEntry(actor_id=actor.id if actor else None, action=action, detail=detail[:4000])
    output.audit_entries.append(entry)


def board(state: OutputState | None = None) -> list[KnowledgeOutput]:
    """The editorial board's list: everything, newest change first."""
    query = select(KnowledgeOutput).order_by(KnowledgeOutput.updated_at.desc(), KnowledgeOutput.id.desc())
    if state is not None:
        query = query.where(KnowledgeOutput.state == state)
    options = (selectinload(KnowledgeOutput.submitted_by), selectinload(KnowledgeOutput.files))
    return list(db.session.scalars(query.options(*options)))


def parse_state(raw: str | None) -> OutputState | None:
    """The board's state filter from the URL; anything unknown shows every state."""
    return OutputState(raw) if raw is not None and raw in OutputState._value2member_map_ else None


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
    session = db.session
    return Choices(
        speakers=[(s.id, s.name) for s in session.scalars(select(Speaker).order_by(Speaker.name))],
        organisations=[(o.id, o.name) for o in session.scalars(select(Organisation).order_by(Organisation.name))],
        talkshows=[
            (t.id, f"{t.title} ({to_local(t.starts_at):%d-%m-%Y})")
            for t in session.scalars(select(Talkshow).order_by(Talkshow.starts_at.desc()))
        ],
        themes=[(t.id, t.name) for t in session.scalars(select(Theme).order_by(Theme.position, Theme.name))],
        labs=[(lab.id, lab.name) for lab in session.scalars(select(Lab).order_by(Lab.name))],
        questions=[(q.id, q.title) for q in session.scalars(select(Question).order_by(Question.title))],
    )
