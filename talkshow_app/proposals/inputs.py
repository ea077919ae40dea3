"""What the proposal form gives the use case. Pure."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..archive.inputs import Upload


@dataclass
class ProposalInput:
    title: str
    summary: str
    kind: str
    link: str
    name: str
    email: str
    consent: bool
    language: str = "nl"
    talkshow_id: int | None = None
    lab_id: int | None = None
    question_id: int | None = None
    files: list[Upload] = field(default_factory=list)
    alt_text: str = ""
