"""What the editorial use cases take: an output's draft, uploaded files, where files are stored. Pure."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .errors import NotFound
from .kinds import OutputType

DEFAULT_MAX_FILE_BYTES = 15 * 1024 * 1024


@dataclass(frozen=True)
class Storage:
    """Where files go and how large they may be (from UPLOAD_FOLDER, ARCHIVE_MAX_FILE_BYTES)."""

    folder: Path
    max_file_bytes: int

    @classmethod
    def from_config(cls, config: Any) -> Storage:
        return cls(Path(config["UPLOAD_FOLDER"]), int(config.get("ARCHIVE_MAX_FILE_BYTES", DEFAULT_MAX_FILE_BYTES)))

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
