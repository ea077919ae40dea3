"""What a publication is about: its themes and stadsdelen (to find followers) and what a mail says of it.

A talkshow's stadsdelen are those of the labs its speakers work in (a venue has no stadsdeel);
an output's are those of its labs and of the labs of its talkshows' speakers. Only what is still
public is mailed: a talkshow taken back to draft before the mail leaves is left out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, union

from ..archive.kinds import OutputState
from ..archive.models import KnowledgeOutput, output_labs, output_talkshows, output_themes
from ..extensions import db
from ..labs.models import Lab, speaker_labs
from ..series.models import Talkshow, TalkshowSpeaker, TalkshowStatus
from .models import SubjectKind


@dataclass(frozen=True)
class Subject:
    kind: SubjectKind
    id: int
    title: str
    path: str
    summary: str
    starts_at: datetime | None  # talkshows only
    theme_name: str
    theme_name_en: str


def _talkshow_ids(kind: SubjectKind, subject_id: int):
    if kind == SubjectKind.TALKSHOW:
        return select(Talkshow.id).where(Talkshow.id == subject_id)
    return select(output_talkshows.c.talkshow_id).where(output_talkshows.c.output_id == subject_id)


def theme_ids(kind: SubjectKind, subject_id: int):
    """A SELECT of the subject's theme ids (for an INSERT … SELECT)."""
    of_talkshows = select(Talkshow.theme_id).where(Talkshow.id.in_(_talkshow_ids(kind, subject_id)))
    if kind == SubjectKind.TALKSHOW:
        return of_talkshows
    return union(of_talkshows, select(output_themes.c.theme_id).where(output_themes.c.output_id == subject_id))


def stadsdelen(kind: SubjectKind, subject_id: int):
    """A SELECT of the stadsdeel names of the subject's labs."""
    speakers = select(TalkshowSpeaker.speaker_id).where(
        TalkshowSpeaker.talkshow_id.in_(_talkshow_ids(kind, subject_id))
    )
    of_speakers = select(speaker_labs.c.lab_id).where(speaker_labs.c.speaker_id.in_(speakers))
    if kind == SubjectKind.TALKSHOW:
        return select(Lab.stadsdeel).where(Lab.id.in_(of_speakers), Lab.stadsdeel != "")
    lab_ids = union(of_speakers, select(output_labs.c.lab_id).where(output_labs.c.output_id == subject_id))
    return select(Lab.stadsdeel).where(Lab.id.in_(lab_ids), Lab.stadsdeel != "")


def public_subjects(pairs: Iterable[tuple[str, int]]) -> list[Subject]:
    """The still public ones of these (kind, id) pairs, talkshows first (by date), then outputs."""
    wanted = [(SubjectKind(kind), int(subject_id)) for kind, subject_id in pairs]
    talkshow_ids = [i for kind, i in wanted if kind == SubjectKind.TALKSHOW]
    output_ids = [i for kind, i in wanted if kind == SubjectKind.OUTPUT]
    found: list[Subject] = []
    if talkshow_ids:
        talkshows = db.session.scalars(
            select(Talkshow)
            .where(Talkshow.id.in_(talkshow_ids), Talkshow.status == TalkshowStatus.PUBLISHED)
            .order_by(Talkshow.starts_at)
        )
        found += [
            Subject(
                SubjectKind.TALKSHOW,
                t.id,
                t.title,
                f"/talkshows/{t.slug}",
                t.summary,
                t.starts_at,
                t.theme.name,
                t.theme.name_en,
            )
            for t in talkshows
        ]
    if output_ids:
        outputs = db.session.scalars(
            select(KnowledgeOutput)
            .where(KnowledgeOutput.id.in_(output_ids), KnowledgeOutput.state == OutputState.PUBLISHED)
            .order_by(KnowledgeOutput.published_at)
        )
        found += [
            Subject(
                SubjectKind.OUTPUT,
                o.id,
                o.title,
                f"/archive/{o.slug}",
                o.abstract[:300],
                None,
                o.themes[0].name if o.themes else "",
                o.themes[0].name_en if o.themes else "",
            )
            for o in outputs
        ]
    return found
