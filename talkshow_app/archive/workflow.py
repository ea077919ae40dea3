"""The editorial workflow as rules. Pure: no Flask, no database.

draft → in review → published → withdrawn (and back to draft for rework). Publishing takes a
second pair of eyes: the editor who sent an output to review cannot also publish it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from .kinds import OutputState, OutputType


class Action(enum.StrEnum):
    SUBMIT = "submit"
    RETURN = "return"
    PUBLISH = "publish"
    WITHDRAW = "withdraw"
    REOPEN = "reopen"


TRANSITIONS: dict[tuple[OutputState, Action], OutputState] = {
    (OutputState.DRAFT, Action.SUBMIT): OutputState.IN_REVIEW,
    (OutputState.IN_REVIEW, Action.RETURN): OutputState.DRAFT,
    (OutputState.IN_REVIEW, Action.PUBLISH): OutputState.PUBLISHED,
    (OutputState.PUBLISHED, Action.WITHDRAW): OutputState.WITHDRAWN,
    (OutputState.WITHDRAWN, Action.REOPEN): OutputState.DRAFT,
}


class Blocker(enum.StrEnum):
    NOT_ALLOWED_NOW = "not_allowed_now"
    OWN_SUBMISSION = "own_submission"
    RECORDING_WITHOUT_TRANSCRIPT = "recording_without_transcript"
    RECORDING_WITHOUT_MEDIA = "recording_without_media"
    IMAGE_WITHOUT_ALT = "image_without_alt"
    NO_CONTENT = "no_content"


@dataclass(frozen=True)
class Candidate:
    """What the rules need to know about an output, as plain values."""

    state: OutputState
    output_type: OutputType
    submitted_by_id: int | None
    media_url: str
    transcript_url: str
    has_files: bool
    images_without_alt: int
    has_text: bool


def allowed_actions(state: OutputState) -> list[Action]:
    return [action for (source, action) in TRANSITIONS if source == state]


def publication_blockers(candidate: Candidate) -> list[Blocker]:
    """What still stands between this output and the public, whoever publishes it."""
    blockers = []
    if candidate.output_type == OutputType.RECORDING:
        if not candidate.media_url and not candidate.has_files:
            blockers.append(Blocker.RECORDING_WITHOUT_MEDIA)
        if not candidate.transcript_url:
            blockers.append(Blocker.RECORDING_WITHOUT_TRANSCRIPT)
    if candidate.images_without_alt:
        blockers.append(Blocker.IMAGE_WITHOUT_ALT)
    if not (candidate.has_text or candidate.has_files or candidate.media_url):
        blockers.append(Blocker.NO_CONTENT)
    return blockers


def decide(candidate: Candidate, action: Action, actor_id: int, four_eyes: bool = True) -> OutputState:
    """The state after ``action``, or WorkflowBlocked with every reason it cannot happen."""
    target = TRANSITIONS.get((candidate.state, action))
    if target is None:
        raise WorkflowBlocked([Blocker.NOT_ALLOWED_NOW])
    if action == Action.PUBLISH:
        blockers = publication_blockers(candidate)
        if four_eyes and candidate.submitted_by_id == actor_id:
            blockers.insert(0, Blocker.OWN_SUBMISSION)
        if blockers:
            raise WorkflowBlocked(blockers)
    return target


class WorkflowBlocked(Exception):
    def __init__(self, blockers: list[Blocker]):
        super().__init__(", ".join(b.value for b in blockers))
        self.blockers = blockers
