"""Every public page with the date it last changed, for /sitemap.xml. Drafts and other non-public items are left out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from xml.sax.saxutils import escape  # nosec B406 - escape() writes XML here; nothing is parsed

from sqlalchemy import func, select

from ..archive.kinds import OutputState
from ..archive.models import KnowledgeOutput
from ..extensions import db
from ..labs.models import Lab
from ..matching.models import PUBLIC_STATES as PUBLIC_QUESTION_STATES
from ..matching.models import Question
from ..series.models import Speaker, Talkshow, TalkshowSpeaker, Theme
from ..series.public import PUBLIC_STATUSES


@dataclass(frozen=True)
class Entry:
    path: str
    lastmod: date | datetime | None = None


def _latest(*moments: date | datetime | None) -> date | datetime | None:
    known = [m if isinstance(m, datetime) else datetime(m.year, m.month, m.day, tzinfo=UTC) for m in moments if m]
    return max(known) if known else None


def talkshow_entries() -> tuple[list[Entry], datetime | None]:
    rows = db.session.execute(
        select(Talkshow.slug, Talkshow.updated_at).where(Talkshow.status.in_(PUBLIC_STATUSES)).order_by(Talkshow.id)
    ).all()
    entries = [Entry(f"/talkshows/{slug}", updated) for slug, updated in rows]
    return entries, max((updated for _slug, updated in rows), default=None)


def theme_entries() -> list[Entry]:
    rows = db.session.execute(
        select(Theme.slug, func.max(Talkshow.updated_at))
        .join(Talkshow, Talkshow.theme_id == Theme.id)
        .where(Talkshow.status.in_(PUBLIC_STATUSES))
        .group_by(Theme.slug)
        .order_by(Theme.slug)
    ).all()
    return [Entry(f"/talkshows?theme={slug}", updated) for slug, updated in rows]


def speaker_entries() -> list[Entry]:
    rows = db.session.execute(
        select(Speaker.slug, func.max(Talkshow.updated_at))
        .join(TalkshowSpeaker, TalkshowSpeaker.speaker_id == Speaker.id)
        .join(Talkshow, Talkshow.id == TalkshowSpeaker.talkshow_id)
        .where(Talkshow.status.in_(PUBLIC_STATUSES))
        .group_by(Speaker.slug)
        .order_by(Speaker.slug)
    ).all()
    return [Entry(f"/speakers/{slug}", updated) for slug, updated in rows]


def lab_entries() -> list[Entry]:
    rows = db.session.execute(select(Lab.slug, Lab.last_checked_on).order_by(Lab.slug)).all()
    return [Entry(f"/labs/{slug}", checked) for slug, checked in rows]


def question_entries() -> list[Entry]:
    query = select(Question.slug, Question.updated_at).where(Question.state.in_(PUBLIC_QUESTION_STATES))
    rows = db.session.execute(query.order_by(Question.id)).all()
    return [Entry(f"/questions/{slug}", updated) for slug, updated in rows]


def output_entries() -> tuple[list[Entry], datetime | None]:
    rows = db.session.execute(
        select(KnowledgeOutput.slug, KnowledgeOutput.updated_at)
        .where(KnowledgeOutput.state == OutputState.PUBLISHED)
        .order_by(KnowledgeOutput.id)
    ).all()
    entries = [Entry(f"/archive/{slug}", updated) for slug, updated in rows]
    return entries, max((updated for _slug, updated in rows), default=None)


def entries(extra_paths: list[str]) -> list[Entry]:
    """The listings first (dated by their newest item), then each item; ``extra_paths`` are further fixed pages."""
    talkshows, talkshows_changed = talkshow_entries()
    outputs, outputs_changed = output_entries()
    questions = question_entries()
    labs = lab_entries()
    questions_changed = _latest(*(entry.lastmod for entry in questions))
    labs_changed = _latest(*(entry.lastmod for entry in labs))
    listings = [
        Entry("/", talkshows_changed),
        Entry("/talkshows", talkshows_changed),
        Entry("/labs", labs_changed),
        Entry("/questions", questions_changed),
        Entry("/matching", _latest(questions_changed, labs_changed)),
        Entry("/archive", outputs_changed),
    ]
    fixed = [Entry(path) for path in extra_paths]
    return listings + fixed + theme_entries() + talkshows + speaker_entries() + labs + questions + outputs


def _w3c(moment: date | datetime) -> str:
    if isinstance(moment, datetime):
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return moment.isoformat()


def render(base_url: str, items: list[Entry]) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for item in items:
        lastmod = f"<lastmod>{_w3c(item.lastmod)}</lastmod>" if item.lastmod else ""
        lines.append(f"  <url><loc>{escape(base_url + item.path)}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"
