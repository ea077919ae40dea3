"""Planning talkshows: create and edit them (with schedule conflicts), publish, unpublish, cancel.

Every use case takes the acting user, checks the role, owns its transaction and raises
``PlanningError`` with field-level messages instead of storing anything half. Moving a published
talkshow, changing its seats or cancelling it tells the other features by signals sent inside the
transaction, so a change and its mails are stored together or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..accounts.models import Role, User
from ..database import get_by_ids, slug_taken, transaction, utcnow
from ..domain import NotFound, require_role
from ..extensions import db
from ..slugs import unique_slug
from . import planning
from .errors import CONFLICT_FIELDS, FieldErrors, PlanningError, conflict_message
from .models import Speaker, SpeakerPart, Talkshow, TalkshowSpeaker, TalkshowStatus, Theme, Venue
from .signals import capacity_changed, talkshow_cancelled, talkshow_rescheduled

MAX_CAPACITY = 5000
MAX_SPEAKERS = 10  # the form shows this many line-up rows, so an edit can never drop a speaker
MAX_REASON = 1000  # the cancellation reason goes into every registrant's mail


@dataclass(frozen=True)
class Saved:
    """A changed talkshow and how many registrants get a mail about the change (0: nobody is told)."""

    talkshow: Talkshow
    notified: int = 0


def _queued(results: list[tuple[Any, Any]]) -> int:
    """The mails the signal's receivers queued: each receiver answers with the list of its outbox rows."""
    return sum(len(answer) for _receiver, answer in results if isinstance(answer, list | tuple))


@dataclass(frozen=True)
class SpeakerSlot:
    speaker_id: int
    part: str


@dataclass(frozen=True)
class TalkshowInput:
    """A talkshow as an organiser describes it; times aware (UTC or any offset)."""

    title: str
    theme_id: int | None
    starts_at: datetime | None
    ends_at: datetime | None
    summary: str = ""
    description: str = ""
    venue_id: int | None = None
    capacity: int = 0
    class_max: int = 30  # classes: the largest block (0: no class bookings) and when unused seats return
    class_release_hours: int = 48
    registration_opens_at: datetime | None = None
    registration_closes_at: datetime | None = None
    livestream_url: str = ""
    speakers: tuple[SpeakerSlot, ...] = ()


def planned(talkshow: Talkshow) -> planning.PlannedTalkshow:
    """A talkshow as the planning rules see it (speakers must be loaded)."""
    return planning.PlannedTalkshow(
        id=talkshow.id,
        slug=talkshow.slug,
        title=talkshow.title,
        starts_at=talkshow.starts_at,
        ends_at=talkshow.ends_at,
        status=talkshow.status.value,
        theme_id=talkshow.theme_id,
        venue_id=talkshow.venue_id,
        capacity=talkshow.capacity,
        speakers=tuple(
            planning.Appearance(link.speaker_id, link.speaker.name, link.part.value) for link in talkshow.speaker_links
        ),
    )


def _overlapping(starts_at: datetime, ends_at: datetime, exclude_id: int | None) -> list[planning.PlannedTalkshow]:
    query = (
        select(Talkshow)
        .where(Talkshow.status != TalkshowStatus.CANCELLED, Talkshow.starts_at < ends_at, Talkshow.ends_at > starts_at)
        .options(selectinload(Talkshow.speaker_links).selectinload(TalkshowSpeaker.speaker))
    )
    if exclude_id is not None:
        query = query.where(Talkshow.id != exclude_id)
    return [planned(t) for t in db.session.scalars(query)]


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("naive datetime given to the planning services")
    return moment.astimezone(UTC)


def _is_web_address(value: str) -> bool:
    parts = urlsplit(value)
    return len(value) <= 500 and parts.scheme in {"http", "https"} and bool(parts.netloc)


def _check_fields(data: TalkshowInput, errors: FieldErrors) -> dict[str, Any]:
    """Every value but the line-up, cleaned; problems go into ``errors``."""
    title = (data.title or "").strip()
    if not title:
        errors.add("title", _l("Enter a title."))
    elif len(title) > 200:
        errors.add("title", _l("The title can be at most %(max)d characters.", max=200))
    summary = (data.summary or "").strip()
    if len(summary) > 500:
        errors.add("summary", _l("The summary can be at most %(max)d characters.", max=500))
    theme = db.session.get(Theme, data.theme_id) if data.theme_id else None
    if theme is None:
        errors.add("theme_id", _l("Choose a theme."))
    venue = db.session.get(Venue, data.venue_id) if data.venue_id else None
    if data.venue_id and venue is None:
        errors.add("venue_id", _l("Choose a venue from the list."))
    starts_at, ends_at = _aware(data.starts_at), _aware(data.ends_at)
    if starts_at is None:
        errors.add("starts_at", _l("Enter the start date and time."))
    if ends_at is None:
        errors.add("ends_at", _l("Enter the end date and time."))
    if not 0 <= data.capacity <= MAX_CAPACITY:
        errors.add("capacity", _l("The number of seats must be between 0 and %(max)d.", max=MAX_CAPACITY))
    if not 0 <= data.class_max <= MAX_CAPACITY:
        errors.add("class_max", _l("Enter a number between 0 and %(max)d.", max=MAX_CAPACITY))
    if not 0 <= data.class_release_hours <= 24 * 60:
        errors.add("class_release_hours", _l("Enter a number between 0 and %(max)d.", max=24 * 60))
    livestream = (data.livestream_url or "").strip()
    if livestream and not _is_web_address(livestream):
        errors.add("livestream_url", _l("Enter a full web address starting with https://."))
    opens, closes = _aware(data.registration_opens_at), _aware(data.registration_closes_at)
    if opens and closes and closes <= opens:
        errors.add("registration_closes_at", _l("Registration must close after it opens."))
    if opens and starts_at and opens >= starts_at:
        errors.add("registration_opens_at", _l("Registration must open before the talkshow starts."))
    if closes and ends_at and closes > ends_at:
        errors.add("registration_closes_at", _l("Registration must close before the talkshow ends."))
    return {
        "title": title,
        "theme": theme,
        "summary": summary,
        "description": (data.description or "").strip(),
        "starts_at": starts_at,
        "ends_at": ends_at,
        "venue": venue,
        "capacity": data.capacity,
        "class_max": data.class_max,
        "class_release_hours": data.class_release_hours,
        "registration_opens_at": opens,
        "registration_closes_at": closes,
        "livestream_url": livestream,
    }


def _check_line_up(slots: tuple[SpeakerSlot, ...], errors: FieldErrors) -> list[tuple[Speaker, SpeakerPart]]:
    line_up: list[tuple[Speaker, SpeakerPart]] = []
    seen: set[int] = set()
    speakers = {s.id: s for s in get_by_ids(Speaker, (slot.speaker_id for slot in slots))}
    for slot in slots:
        speaker = speakers.get(slot.speaker_id)
        try:
            part = SpeakerPart(slot.part)
        except ValueError:
            errors.add("speakers", _l("Choose a part for every speaker."))
            continue
        if speaker is None:
            errors.add("speakers", _l("Choose speakers from the list."))
        elif speaker.id in seen:
            errors.add("speakers", _l("%(name)s is listed more than once.", name=speaker.name))
        else:
            seen.add(speaker.id)
            line_up.append((speaker, part))
    if len(slots) > MAX_SPEAKERS:
        errors.add("speakers", _l("A talkshow can have at most %(max)d speakers.", max=MAX_SPEAKERS))
    return line_up


def _check_schedule(
    values: dict[str, Any], talkshow_id: int | None, allow_conflicts: bool, errors: FieldErrors
) -> list[planning.Conflict]:
    """The conflicts that stand (overridable ones are dropped when the organiser allows them)."""
    starts_at, ends_at, venue = values["starts_at"], values["ends_at"], values["venue"]
    if not (starts_at and ends_at):
        return []
    candidate = planning.PlannedTalkshow(
        id=talkshow_id,
        slug="",
        title=values["title"],
        starts_at=starts_at,
        ends_at=ends_at,
        venue_id=venue.id if venue else None,
        speakers=tuple(planning.Appearance(s.id, s.name, p.value) for s, p in values["slots"]),
    )
    others = _overlapping(starts_at, ends_at, talkshow_id) if ends_at > starts_at else []
    standing = [c for c in planning.conflicts(candidate, others) if not (allow_conflicts and c.can_be_overridden)]
    for conflict in standing:
        errors.add(CONFLICT_FIELDS[conflict.kind], conflict_message(conflict))
    return standing


def _validate_talkshow(data: TalkshowInput, talkshow_id: int | None, allow_conflicts: bool) -> dict[str, Any]:
    """Check everything; return the cleaned values, or raise PlanningError with every problem at once."""
    errors = FieldErrors()
    values = _check_fields(data, errors)
    values["slots"] = _check_line_up(data.speakers, errors)
    conflicts = _check_schedule(values, talkshow_id, allow_conflicts, errors)
    if errors:
        raise PlanningError(errors, conflicts)
    return values


def _apply_line_up(talkshow: Talkshow, slots: list[tuple[Speaker, SpeakerPart]]) -> None:
    """Keep existing links (their ids) where the speaker stays; order follows the form."""
    existing = {link.speaker_id: link for link in talkshow.speaker_links}
    links = []
    for position, (speaker, part) in enumerate(slots):
        link = existing.pop(speaker.id, None) or TalkshowSpeaker(speaker=speaker)
        link.part, link.position = part, position
        links.append(link)
    talkshow.speaker_links = links


def talkshow_for_editing(talkshow_id: int) -> Talkshow:
    talkshow = db.session.scalar(
        select(Talkshow)
        .where(Talkshow.id == talkshow_id)
        .options(
            selectinload(Talkshow.venue), selectinload(Talkshow.speaker_links).selectinload(TalkshowSpeaker.speaker)
        )
    )
    if talkshow is None:
        raise NotFound(str(talkshow_id))
    return talkshow


def create_talkshow(data: TalkshowInput, actor: User | None, allow_conflicts: bool = False) -> Talkshow:
    """A new talkshow, always a draft: publishing is a separate, deliberate step."""
    require_role(actor, Role.ORGANISER)
    values = _validate_talkshow(data, None, allow_conflicts)
    slots = values.pop("slots")
    with transaction() as session:
        slug = unique_slug(values["title"], slug_taken(Talkshow), max_length=120)
        talkshow = Talkshow(slug=slug, status=TalkshowStatus.DRAFT, **values)
        _apply_line_up(talkshow, slots)
        session.add(talkshow)
    return talkshow


def update_talkshow(talkshow_id: int, data: TalkshowInput, actor: User | None, allow_conflicts: bool = False) -> Saved:
    """Save an edit; a published talkshow that moves in time or place gets a new calendar sequence
    and tells the other features (mails, waiting list) before the commit. ``notified`` counts the
    registrants mailed about the new time or place."""
    require_role(actor, Role.ORGANISER)
    talkshow = talkshow_for_editing(talkshow_id)
    values = _validate_talkshow(data, talkshow.id, allow_conflicts)
    slots = values.pop("slots")
    previous = {
        "starts_at": talkshow.starts_at,
        "ends_at": talkshow.ends_at,
        "venue_id": talkshow.venue_id,
        "venue_name": talkshow.venue.name if talkshow.venue else None,
        "venue_address": talkshow.venue.address if talkshow.venue else None,
    }
    previous_capacity = talkshow.capacity
    notified = 0
    with transaction() as session:
        for name, value in values.items():
            setattr(talkshow, name, value)
        _apply_line_up(talkshow, slots)
        changes: set[str] = set()
        if (talkshow.starts_at, talkshow.ends_at) != (previous["starts_at"], previous["ends_at"]):
            changes.add("time")
        if (talkshow.venue.id if talkshow.venue else None) != previous["venue_id"]:
            changes.add("venue")
        session.flush()
        if changes and talkshow.is_published:
            talkshow.sequence += 1
            notified = _queued(talkshow_rescheduled.send(talkshow, changes=changes, previous=previous))
        if talkshow.capacity != previous_capacity:
            capacity_changed.send(talkshow, previous_capacity=previous_capacity)
    return Saved(talkshow, notified)


def publish_talkshow(talkshow_id: int, actor: User | None, now: datetime | None = None) -> Talkshow:
    """Make a draft public. A cancelled talkshow stays cancelled: people were told it is off."""
    require_role(actor, Role.ORGANISER)
    talkshow = talkshow_for_editing(talkshow_id)
    if talkshow.is_published:
        return talkshow
    if talkshow.is_cancelled:
        raise PlanningError.on("", _l("A cancelled talkshow cannot be published again. Plan a new one instead."))
    with transaction():
        talkshow.status = TalkshowStatus.PUBLISHED
        talkshow.published_at = talkshow.published_at or now or utcnow()
        talkshow.sequence += 1
    return talkshow


def unpublish_talkshow(talkshow_id: int, actor: User | None) -> Talkshow:
    """Take a published talkshow back to draft (off the site and out of the open data)."""
    require_role(actor, Role.ORGANISER)
    talkshow = talkshow_for_editing(talkshow_id)
    if talkshow.is_cancelled:
        raise PlanningError.on("", _l("A cancelled talkshow cannot be taken back to draft."))
    with transaction():
        talkshow.status = TalkshowStatus.DRAFT
    return talkshow


def cancel_talkshow(talkshow_id: int, actor: User | None, now: datetime | None = None, reason: str = "") -> Saved:
    """Call a talkshow off; it stays visible as cancelled and registrants are told (by listeners).

    The optional ``reason`` is kept on the talkshow and sent along, so the cancellation mail can say why.
    ``notified`` counts the registrants mailed; cancelling twice mails nobody the second time.
    """
    require_role(actor, Role.ORGANISER)
    reason = (reason or "").strip()
    if len(reason) > MAX_REASON:
        raise PlanningError.on("reason", _l("The reason can be at most %(max)d characters.", max=MAX_REASON))
    talkshow = talkshow_for_editing(talkshow_id)
    if talkshow.is_cancelled:
        return Saved(talkshow)
    with transaction() as session:
        talkshow.status = TalkshowStatus.CANCELLED
        talkshow.cancelled_at = now or utcnow()
        talkshow.cancellation_reason = reason or None
        talkshow.sequence += 1
        session.flush()
        notified = _queued(talkshow_cancelled.send(talkshow, reason=reason or None))
    return Saved(talkshow, notified)


def schedule_conflicts(talkshow_id: int) -> list[planning.Conflict]:
    """The stored talkshow's conflicts with the rest of the series (after a "save anyway")."""
    talkshow = talkshow_for_editing(talkshow_id)
    return planning.conflicts(planned(talkshow), _overlapping(talkshow.starts_at, talkshow.ends_at, talkshow.id))


def organiser_talkshows() -> list[Talkshow]:
    """Every talkshow, drafts included, soonest first."""
    query = (
        select(Talkshow)
        .order_by(Talkshow.starts_at, Talkshow.id)
        .options(selectinload(Talkshow.theme), selectinload(Talkshow.venue))
    )
    return list(db.session.scalars(query))
