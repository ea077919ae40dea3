"""Read-only queries behind the open data that no feature's page needs: public speakers, themes and
offers, and the outputs of many talkshows at once. Each runs a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload
from werkzeug.datastructures import MultiDict

from ..archive.kinds import OutputState, OutputType
from ..archive.models import KnowledgeOutput, output_talkshows
from ..extensions import db
from ..labs.models import Discipline, Lab
from ..matching.models import PUBLIC_STATES as PUBLIC_QUESTION_STATES
from ..matching.models import Offer, Question
from ..series.models import Organisation, Speaker, Talkshow, TalkshowSpeaker, Theme
from ..series.public import PUBLIC_STATUSES
from ..timezones import local_today


def outputs_by_talkshow(talkshow_ids: Iterable[int]) -> dict[int, list[KnowledgeOutput]]:
    """Published outputs per talkshow id, newest first; one query however many talkshows."""
    ids = list(talkshow_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(output_talkshows.c.talkshow_id, KnowledgeOutput)
        .join(output_talkshows, output_talkshows.c.output_id == KnowledgeOutput.id)
        .where(output_talkshows.c.talkshow_id.in_(ids), KnowledgeOutput.state == OutputState.PUBLISHED)
        .order_by(KnowledgeOutput.published_on.desc(), KnowledgeOutput.id.desc())
    ).all()
    found: dict[int, list[KnowledgeOutput]] = defaultdict(list)
    for talkshow_id, output in rows:
        found[talkshow_id].append(output)
    return found


def public_speakers() -> list[tuple[Speaker, list[str]]]:
    """Speakers of at least one public talkshow, by name, each with those talkshows' slugs (latest first)."""
    rows = db.session.execute(
        select(TalkshowSpeaker.speaker_id, Talkshow.slug)
        .join(Talkshow, Talkshow.id == TalkshowSpeaker.talkshow_id)
        .where(Talkshow.status.in_(PUBLIC_STATUSES))
        .order_by(Talkshow.starts_at.desc(), Talkshow.id.desc())
    ).all()
    talkshows: dict[int, list[str]] = defaultdict(list)
    for speaker_id, slug in rows:
        if slug not in talkshows[speaker_id]:
            talkshows[speaker_id].append(slug)
    if not talkshows:
        return []
    speakers = db.session.scalars(
        select(Speaker)
        .where(Speaker.id.in_(list(talkshows)))
        .options(selectinload(Speaker.organisation), selectinload(Speaker.labs))
        .order_by(Speaker.name, Speaker.id)
    )
    return [(speaker, talkshows[speaker.id]) for speaker in speakers]


def themes() -> list[Theme]:
    return list(db.session.scalars(select(Theme).order_by(Theme.position, Theme.name)))


def public_offers(today: date | None = None) -> list[Offer]:
    """Offers open for questions whose period has not ended (full ones too, marked not available),
    as /matching counts them."""
    query = (
        select(Offer)
        .where(Offer.is_open.is_(True), Offer.period_end >= (today or local_today()))
        .options(
            selectinload(Offer.institution),
            selectinload(Offer.themes),
            selectinload(Offer.disciplines),
            selectinload(Offer.preferred_places),
            selectinload(Offer.lab),
        )
        .order_by(Offer.period_start, Offer.slug)
    )
    return list(db.session.scalars(query))


def _unknown(model: Any, values: list[str], *conditions: Any) -> bool:
    wanted = {v.strip() for v in values if v.strip()}
    if not wanted:
        return False
    found = set(db.session.scalars(select(model.slug).where(model.slug.in_(wanted), *conditions)))
    return bool(wanted - found)


def unknown_archive_filters(args: MultiDict[str, str]) -> list[str]:
    """The /api/archive filters (``type``, ``theme``, ``lab``, ``talkshow``) with a value that names nothing
    public; one small query per filter that is used."""
    unknown = []
    types = {v.strip() for v in args.getlist("type") if v.strip()}
    if types - set(OutputType._value2member_map_):
        unknown.append("type")
    if _unknown(Theme, args.getlist("theme")):
        unknown.append("theme")
    if _unknown(Lab, args.getlist("lab")):
        unknown.append("lab")
    if _unknown(Talkshow, args.getlist("talkshow"), Talkshow.status.in_(PUBLIC_STATUSES)):
        unknown.append("talkshow")
    return unknown


def filter_values() -> dict[str, list[str]]:
    """The values the filters of /api take today, for the OpenAPI document's enums."""

    def slugs(query: Any) -> list[str]:
        return sorted(set(db.session.scalars(query)))

    return {
        "theme": slugs(select(Theme.slug)),
        "lab": slugs(select(Lab.slug)),
        "talkshow": slugs(select(Talkshow.slug).where(Talkshow.status.in_(PUBLIC_STATUSES))),
        "discipline": slugs(select(Discipline.slug)),
        "partner": slugs(select(Organisation.slug)),
        "question": slugs(select(Question.slug).where(Question.state.in_(PUBLIC_QUESTION_STATES))),
    }
