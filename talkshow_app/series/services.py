"""Use cases of the series: what the public sees, and how organisers plan it."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from ..accounts.models import Role, User
from ..database import utcnow
from ..extensions import db
from ..labs.models import Lab
from ..slugs import unique_slug
from . import planning
from .models import Organisation, Speaker, SpeakerPart, Talkshow, TalkshowSpeaker, TalkshowStatus, Theme, Venue
from .signals import capacity_changed, talkshow_cancelled, talkshow_rescheduled

PUBLIC_STATUSES = (TalkshowStatus.PUBLISHED, TalkshowStatus.CANCELLED)


class NotFound(LookupError):
    """No public object answers to this slug."""


def _with_programme(query: Select) -> Select:
    """Load what every talkshow listing shows, in a fixed number of queries."""
    return query.options(
        selectinload(Talkshow.theme),
        selectinload(Talkshow.venue),
        selectinload(Talkshow.speaker_links)
        .selectinload(TalkshowSpeaker.speaker)
        .options(selectinload(Speaker.organisation), selectinload(Speaker.labs)),
    )


@dataclass(frozen=True)
class Programme:
    upcoming: list[Talkshow]
    past: list[Talkshow]
    theme: Theme | None


def themes() -> list[Theme]:
    return list(db.session.scalars(select(Theme).order_by(Theme.position, Theme.name)))


def next_talkshows(limit: int = 3, now: datetime | None = None) -> list[Talkshow]:
    now = now or utcnow()
    query = (
        select(Talkshow)
        .where(Talkshow.status.in_(PUBLIC_STATUSES), Talkshow.ends_at >= now)
        .order_by(Talkshow.starts_at)
        .limit(limit)
    )
    return list(db.session.scalars(_with_programme(query)))


def programme(theme_slug: str | None = None, now: datetime | None = None) -> Programme:
    """Published talkshows, upcoming first (soonest first), then past (latest first)."""
    now = now or utcnow()
    theme = None
    query = select(Talkshow).where(Talkshow.status.in_(PUBLIC_STATUSES))
    if theme_slug:
        theme = db.session.scalar(select(Theme).where(Theme.slug == theme_slug))
        if theme is None:
            raise NotFound(theme_slug)
        query = query.where(Talkshow.theme_id == theme.id)
    talkshows = list(db.session.scalars(_with_programme(query.order_by(Talkshow.starts_at))))
    upcoming = [t for t in talkshows if t.ends_at >= now]
    past = [t for t in reversed(talkshows) if t.ends_at < now]
    return Programme(upcoming=upcoming, past=past, theme=theme)


def public_talkshow(slug: str) -> Talkshow:
    query = _with_programme(select(Talkshow).where(Talkshow.slug == slug, Talkshow.status.in_(PUBLIC_STATUSES)))
    talkshow = db.session.scalar(query)
    if talkshow is None:
        raise NotFound(slug)
    return talkshow


def public_speaker(slug: str) -> Speaker:
    query = select(Speaker).where(Speaker.slug == slug).options(
        selectinload(Speaker.organisation),
        selectinload(Speaker.labs).selectinload(Lab.partners),
        selectinload(Speaker.appearances).selectinload(TalkshowSpeaker.talkshow).selectinload(Talkshow.theme),
    )
    speaker = db.session.scalar(query)
    if speaker is None:
        raise NotFound(slug)
    return speaker


def labs_of(talkshow: Talkshow) -> list[Lab]:
    """The labs the talkshow's speakers work in, each once, in speaking order."""
    seen: dict[int, Lab] = {}
    for link in talkshow.speaker_links:
        for lab in link.speaker.labs:
            seen.setdefault(lab.id, lab)
    return list(seen.values())


# --------------------------------------------------------------------------------------------
# The organiser side: planning talkshows and keeping the series' reference data.
# Every use case takes the acting user, checks the role, owns its transaction and raises
# PlanningError with field-level messages instead of storing anything half.
# --------------------------------------------------------------------------------------------

MAX_CAPACITY = 5000
MAX_SPEAKERS = 10  # the form shows this many line-up rows, so an edit can never drop a speaker
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


class PlanningError(ValueError):
    """Refused input: ``errors`` maps a field name ("" for the whole form) to messages.

    ``conflicts`` holds the schedule conflicts found; when all of them may be overridden and no
    other error exists, the organiser can save anyway.
    """

    def __init__(self, errors: dict[str, list[Any]] | None = None, conflicts: Sequence[planning.Conflict] = ()):
        self.errors = {field: list(messages) for field, messages in (errors or {}).items() if messages}
        self.conflicts = list(conflicts)
        # Field names only: the messages are lazy translations, rendered where a language is known.
        super().__init__("refused: " + ", ".join(sorted(self.errors) or ["conflicts"]))

    @property
    def can_be_overridden(self) -> bool:
        return bool(self.conflicts) and all(c.can_be_overridden for c in self.conflicts) and set(self.errors) <= {
            _CONFLICT_FIELDS[c.kind] for c in self.conflicts
        }


class NotAllowed(PermissionError):
    """The acting user may not plan the series."""


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
    registration_opens_at: datetime | None = None
    registration_closes_at: datetime | None = None
    livestream_url: str = ""
    speakers: tuple[SpeakerSlot, ...] = ()


@dataclass(frozen=True)
class ThemeInput:
    name: str
    colour: str
    name_en: str = ""
    description: str = ""
    is_core: bool = False
    position: int = 0


@dataclass(frozen=True)
class OrganisationInput:
    name: str
    short_name: str = ""
    website: str = ""
    is_partner: bool = False


@dataclass(frozen=True)
class VenueInput:
    name: str
    address: str
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class SpeakerInput:
    name: str
    role_title: str = ""
    organisation_id: int | None = None
    bio: str = ""
    photo_url: str = ""
    lab_ids: tuple[int, ...] = ()


def conflict_message(conflict: planning.Conflict) -> Any:
    """The sentence an organiser reads about one conflict."""
    if conflict.kind is planning.ConflictKind.ENDS_BEFORE_START:
        return _l("The end must be later than the start.")
    if conflict.kind is planning.ConflictKind.VENUE_OVERLAP:
        return _l("The venue is already booked at this time for “%(title)s”.", title=conflict.other_title)
    return _l("%(speaker)s already takes part in “%(title)s” at this time.", speaker=conflict.speaker_name, title=conflict.other_title)


_CONFLICT_FIELDS = {
    planning.ConflictKind.ENDS_BEFORE_START: "ends_at",
    planning.ConflictKind.VENUE_OVERLAP: "venue_id",
    planning.ConflictKind.SPEAKER_OVERLAP: "speakers",
}


def _require_organiser(actor: User | None) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.has_role(Role.ORGANISER):
        raise NotAllowed("only organisers plan the series")


def _commit() -> None:
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise


def _slug_taken(model: Any, exclude_id: int | None = None):
    def is_taken(candidate: str) -> bool:
        query = select(model.id).where(model.slug == candidate)
        if exclude_id is not None:
            query = query.where(model.id != exclude_id)
        return db.session.scalar(query) is not None

    return is_taken


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


def _validate_talkshow(data: TalkshowInput, talkshow_id: int | None, allow_conflicts: bool) -> dict[str, Any]:
    """Check everything; return the cleaned values, or raise PlanningError with every problem at once."""
    errors: dict[str, list[Any]] = {}

    def add(field: str, message: Any) -> None:
        errors.setdefault(field, []).append(message)

    title = (data.title or "").strip()
    if not title:
        add("title", _l("Enter a title."))
    elif len(title) > 200:
        add("title", _l("The title can be at most %(max)d characters.", max=200))
    summary = (data.summary or "").strip()
    if len(summary) > 500:
        add("summary", _l("The summary can be at most %(max)d characters.", max=500))
    theme = db.session.get(Theme, data.theme_id) if data.theme_id else None
    if theme is None:
        add("theme_id", _l("Choose a theme."))
    venue = None
    if data.venue_id:
        venue = db.session.get(Venue, data.venue_id)
        if venue is None:
            add("venue_id", _l("Choose a venue from the list."))
    starts_at, ends_at = _aware(data.starts_at), _aware(data.ends_at)
    if starts_at is None:
        add("starts_at", _l("Enter the start date and time."))
    if ends_at is None:
        add("ends_at", _l("Enter the end date and time."))
    if not 0 <= data.capacity <= MAX_CAPACITY:
        add("capacity", _l("The number of seats must be between 0 and %(max)d.", max=MAX_CAPACITY))
    livestream = (data.livestream_url or "").strip()
    if livestream and (len(livestream) > 500 or urlsplit(livestream).scheme not in {"http", "https"} or not urlsplit(livestream).netloc):
        add("livestream_url", _l("Enter a full web address starting with https://."))
    opens, closes = _aware(data.registration_opens_at), _aware(data.registration_closes_at)
    if opens and closes and closes <= opens:
        add("registration_closes_at", _l("Registration must close after it opens."))
    if opens and starts_at and opens >= starts_at:
        add("registration_opens_at", _l("Registration must open before the talkshow starts."))
    if closes and ends_at and closes > ends_at:
        add("registration_closes_at", _l("Registration must close before the talkshow ends."))

    slots: list[tuple[Speaker, SpeakerPart]] = []
    seen: set[int] = set()
    speakers = {s.id: s for s in db.session.scalars(select(Speaker).where(Speaker.id.in_({s.speaker_id for s in data.speakers})))}
    for slot in data.speakers:
        speaker = speakers.get(slot.speaker_id)
        try:
            part = SpeakerPart(slot.part)
        except ValueError:
            add("speakers", _l("Choose a part for every speaker."))
            continue
        if speaker is None:
            add("speakers", _l("Choose speakers from the list."))
        elif speaker.id in seen:
            add("speakers", _l("%(name)s is listed more than once.", name=speaker.name))
        else:
            seen.add(speaker.id)
            slots.append((speaker, part))

    if len(data.speakers) > MAX_SPEAKERS:
        add("speakers", _l("A talkshow can have at most %(max)d speakers.", max=MAX_SPEAKERS))

    conflicts: list[planning.Conflict] = []
    if starts_at and ends_at:
        candidate = planning.PlannedTalkshow(
            id=talkshow_id, slug="", title=title, starts_at=starts_at, ends_at=ends_at,
            venue_id=venue.id if venue else None,
            speakers=tuple(planning.Appearance(s.id, s.name, p.value) for s, p in slots),
        )
        others = _overlapping(starts_at, ends_at, talkshow_id) if ends_at > starts_at else []
        conflicts = planning.conflicts(candidate, others)
        for conflict in conflicts:
            if conflict.can_be_overridden and allow_conflicts:
                continue
            add(_CONFLICT_FIELDS[conflict.kind], conflict_message(conflict))
    if errors:
        raise PlanningError(errors, [c for c in conflicts if not (allow_conflicts and c.can_be_overridden)])
    return {
        "title": title, "theme": theme, "summary": summary, "description": (data.description or "").strip(),
        "starts_at": starts_at, "ends_at": ends_at, "venue": venue, "capacity": data.capacity,
        "registration_opens_at": opens, "registration_closes_at": closes, "livestream_url": livestream,
        "slots": slots,
    }


def _apply_line_up(talkshow: Talkshow, slots: list[tuple[Speaker, SpeakerPart]]) -> None:
    """Keep existing links (their ids) where the speaker stays; order follows the form."""
    existing = {link.speaker_id: link for link in talkshow.speaker_links}
    links = []
    for position, (speaker, part) in enumerate(slots):
        link = existing.pop(speaker.id, None) or TalkshowSpeaker(speaker=speaker)
        link.part, link.position = part, position
        links.append(link)
    talkshow.speaker_links = links


def create_talkshow(data: TalkshowInput, actor: User, allow_conflicts: bool = False) -> Talkshow:
    """A new talkshow, always a draft: publishing is a separate, deliberate step."""
    _require_organiser(actor)
    values = _validate_talkshow(data, None, allow_conflicts)
    slots = values.pop("slots")
    talkshow = Talkshow(slug=unique_slug(values["title"], _slug_taken(Talkshow), max_length=120), status=TalkshowStatus.DRAFT, **values)
    _apply_line_up(talkshow, slots)
    db.session.add(talkshow)
    _commit()
    return talkshow


def update_talkshow(talkshow_id: int, data: TalkshowInput, actor: User, allow_conflicts: bool = False) -> Talkshow:
    """Save an edit; a published talkshow that moves in time or place gets a new calendar sequence
    and tells the other features (mails, waiting list) before the commit."""
    _require_organiser(actor)
    talkshow = _talkshow_for_update(talkshow_id)
    values = _validate_talkshow(data, talkshow.id, allow_conflicts)
    slots = values.pop("slots")
    previous = {
        "starts_at": talkshow.starts_at, "ends_at": talkshow.ends_at,
        "venue_id": talkshow.venue_id, "venue_name": talkshow.venue.name if talkshow.venue else None,
        "venue_address": talkshow.venue.address if talkshow.venue else None,
    }
    previous_capacity = talkshow.capacity
    for name, value in values.items():
        setattr(talkshow, name, value)
    _apply_line_up(talkshow, slots)
    changes: set[str] = set()
    if (talkshow.starts_at, talkshow.ends_at) != (previous["starts_at"], previous["ends_at"]):
        changes.add("time")
    if (talkshow.venue.id if talkshow.venue else None) != previous["venue_id"]:
        changes.add("venue")
    try:
        db.session.flush()
        if changes and talkshow.is_published:
            talkshow.sequence += 1
            talkshow_rescheduled.send(talkshow, changes=changes, previous=previous)
        if talkshow.capacity != previous_capacity:
            capacity_changed.send(talkshow, previous_capacity=previous_capacity)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return talkshow


def _talkshow_for_update(talkshow_id: int) -> Talkshow:
    talkshow = db.session.scalar(
        select(Talkshow).where(Talkshow.id == talkshow_id).options(
            selectinload(Talkshow.venue), selectinload(Talkshow.speaker_links).selectinload(TalkshowSpeaker.speaker)
        )
    )
    if talkshow is None:
        raise NotFound(str(talkshow_id))
    return talkshow


def publish_talkshow(talkshow_id: int, actor: User, now: datetime | None = None) -> Talkshow:
    """Make a draft public. A cancelled talkshow stays cancelled: people were told it is off."""
    _require_organiser(actor)
    talkshow = _talkshow_for_update(talkshow_id)
    if talkshow.is_published:
        return talkshow
    if talkshow.is_cancelled:
        raise PlanningError({"": [_l("A cancelled talkshow cannot be published again. Plan a new one instead.")]})
    talkshow.status = TalkshowStatus.PUBLISHED
    talkshow.published_at = talkshow.published_at or now or utcnow()
    talkshow.sequence += 1
    _commit()
    return talkshow


def unpublish_talkshow(talkshow_id: int, actor: User) -> Talkshow:
    """Take a published talkshow back to draft (off the site and out of the open data)."""
    _require_organiser(actor)
    talkshow = _talkshow_for_update(talkshow_id)
    if talkshow.is_cancelled:
        raise PlanningError({"": [_l("A cancelled talkshow cannot be taken back to draft.")]})
    talkshow.status = TalkshowStatus.DRAFT
    _commit()
    return talkshow


def cancel_talkshow(talkshow_id: int, actor: User, now: datetime | None = None) -> Talkshow:
    """Call a talkshow off; it stays visible as cancelled and registrants are told (by listeners)."""
    _require_organiser(actor)
    talkshow = _talkshow_for_update(talkshow_id)
    if talkshow.is_cancelled:
        return talkshow
    talkshow.status = TalkshowStatus.CANCELLED
    talkshow.cancelled_at = now or utcnow()
    talkshow.sequence += 1
    try:
        db.session.flush()
        talkshow_cancelled.send(talkshow)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return talkshow


def talkshow_for_editing(talkshow_id: int) -> Talkshow:
    return _talkshow_for_update(talkshow_id)


def schedule_conflicts(talkshow_id: int) -> list[planning.Conflict]:
    """The stored talkshow's conflicts with the rest of the series (after a "save anyway")."""
    talkshow = _talkshow_for_update(talkshow_id)
    return planning.conflicts(planned(talkshow), _overlapping(talkshow.starts_at, talkshow.ends_at, talkshow.id))


# --- The series board -------------------------------------------------------------------------


@dataclass(frozen=True)
class BoardRow:
    talkshow: Talkshow
    readiness: planning.Readiness
    conflicts: list[planning.Conflict]


@dataclass(frozen=True)
class Board:
    coverage: planning.Coverage
    rows: list[BoardRow]


def series_board(target: int) -> Board:
    """Everything the board shows, in a fixed number of queries."""
    talkshows = list(
        db.session.scalars(
            select(Talkshow)
            .order_by(Talkshow.starts_at, Talkshow.id)
            .options(
                selectinload(Talkshow.theme),
                selectinload(Talkshow.venue),
                selectinload(Talkshow.speaker_links).selectinload(TalkshowSpeaker.speaker),
            )
        )
    )
    plans = [planned(t) for t in talkshows]
    conflicts = planning.conflicts_by_talkshow(plans)
    core = [planning.ThemeRef(t.id, t.slug, t.name) for t in themes() if t.is_core]
    return Board(
        coverage=planning.coverage(plans, core, target),
        rows=[BoardRow(t, planning.readiness(p), conflicts.get(t.id, [])) for t, p in zip(talkshows, plans, strict=True)],
    )


# --- Themes, organisations, venues, speakers ---------------------------------------------------


def _text(errors: dict[str, list[Any]], field: str, value: str, maximum: int, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        errors.setdefault(field, []).append(_l("This field is required."))
    elif len(value) > maximum:
        errors.setdefault(field, []).append(_l("This can be at most %(max)d characters.", max=maximum))
    return value


def _web_address(errors: dict[str, list[Any]], field: str, value: str) -> str:
    value = (value or "").strip()
    parts = urlsplit(value)
    if value and (len(value) > 255 or parts.scheme not in {"http", "https"} or not parts.netloc):
        errors.setdefault(field, []).append(_l("Enter a full web address starting with https://."))
    return value


def _get(model: Any, object_id: int) -> Any:
    obj = db.session.get(model, object_id)
    if obj is None:
        raise NotFound(str(object_id))
    return obj


def _clean_theme(data: ThemeInput) -> dict[str, Any]:
    errors: dict[str, list[Any]] = {}
    values = {
        "name": _text(errors, "name", data.name, 120, required=True),
        "name_en": _text(errors, "name_en", data.name_en, 120),
        "description": _text(errors, "description", data.description, 2000),
        "is_core": bool(data.is_core),
        "position": data.position,
    }
    colour = (data.colour or "").strip()
    if not _COLOUR.fullmatch(colour):
        errors.setdefault("colour", []).append(_l("Enter a colour as # followed by six hexadecimal digits, e.g. #1d4f91."))
    values["colour"] = colour.lower()
    if not 0 <= data.position <= 1000:
        errors.setdefault("position", []).append(_l("The position must be between 0 and 1000."))
    if errors:
        raise PlanningError(errors)
    return values


def create_theme(data: ThemeInput, actor: User) -> Theme:
    _require_organiser(actor)
    values = _clean_theme(data)
    theme = Theme(slug=unique_slug(values["name"], _slug_taken(Theme)), **values)
    db.session.add(theme)
    _commit()
    return theme


def update_theme(theme_id: int, data: ThemeInput, actor: User) -> Theme:
    """The slug stays: feeds and filters link to it."""
    _require_organiser(actor)
    theme = _get(Theme, theme_id)
    for name, value in _clean_theme(data).items():
        setattr(theme, name, value)
    _commit()
    return theme


def delete_theme(theme_id: int, actor: User) -> None:
    _require_organiser(actor)
    theme = _get(Theme, theme_id)
    if db.session.scalar(select(func.count(Talkshow.id)).where(Talkshow.theme_id == theme.id)):
        raise PlanningError({"": [_l("This theme still has talkshows; give them another theme first.")]})
    db.session.delete(theme)
    _commit()


def _clean_organisation(data: OrganisationInput, organisation_id: int | None) -> dict[str, Any]:
    errors: dict[str, list[Any]] = {}
    values = {
        "name": _text(errors, "name", data.name, 160, required=True),
        "short_name": _text(errors, "short_name", data.short_name, 40),
        "website": _web_address(errors, "website", data.website),
        "is_partner": bool(data.is_partner),
    }
    query = select(Organisation.id).where(func.lower(Organisation.name) == values["name"].lower())
    if organisation_id is not None:
        query = query.where(Organisation.id != organisation_id)
    if values["name"] and db.session.scalar(query) is not None:
        errors.setdefault("name", []).append(_l("An organisation with this name exists already."))
    if errors:
        raise PlanningError(errors)
    return values


def create_organisation(data: OrganisationInput, actor: User) -> Organisation:
    _require_organiser(actor)
    values = _clean_organisation(data, None)
    organisation = Organisation(slug=unique_slug(values["name"], _slug_taken(Organisation)), **values)
    db.session.add(organisation)
    _commit()
    return organisation


def update_organisation(organisation_id: int, data: OrganisationInput, actor: User) -> Organisation:
    _require_organiser(actor)
    organisation = _get(Organisation, organisation_id)
    for name, value in _clean_organisation(data, organisation.id).items():
        setattr(organisation, name, value)
    _commit()
    return organisation


def delete_organisation(organisation_id: int, actor: User) -> None:
    """Speakers keep their place in talkshows; they just lose the organisation."""
    _require_organiser(actor)
    organisation = _get(Organisation, organisation_id)
    db.session.delete(organisation)
    _commit()


def _clean_venue(data: VenueInput) -> dict[str, Any]:
    errors: dict[str, list[Any]] = {}
    values: dict[str, Any] = {
        "name": _text(errors, "name", data.name, 160, required=True),
        "address": _text(errors, "address", data.address, 255, required=True),
        "latitude": data.latitude,
        "longitude": data.longitude,
    }
    if data.latitude is not None and not -90 <= data.latitude <= 90:
        errors.setdefault("latitude", []).append(_l("The latitude must be between -90 and 90."))
    if data.longitude is not None and not -180 <= data.longitude <= 180:
        errors.setdefault("longitude", []).append(_l("The longitude must be between -180 and 180."))
    if (data.latitude is None) != (data.longitude is None):
        errors.setdefault("longitude" if data.longitude is None else "latitude", []).append(
            _l("Enter both latitude and longitude, or neither.")
        )
    if errors:
        raise PlanningError(errors)
    return values


def create_venue(data: VenueInput, actor: User) -> Venue:
    _require_organiser(actor)
    values = _clean_venue(data)
    venue = Venue(slug=unique_slug(values["name"], _slug_taken(Venue)), **values)
    db.session.add(venue)
    _commit()
    return venue


def update_venue(venue_id: int, data: VenueInput, actor: User) -> Venue:
    """Changing a venue's address is not a reschedule: the place stays, its description improves."""
    _require_organiser(actor)
    venue = _get(Venue, venue_id)
    for name, value in _clean_venue(data).items():
        setattr(venue, name, value)
    _commit()
    return venue


def delete_venue(venue_id: int, actor: User) -> None:
    _require_organiser(actor)
    venue = _get(Venue, venue_id)
    if db.session.scalar(select(func.count(Talkshow.id)).where(Talkshow.venue_id == venue.id)):
        raise PlanningError({"": [_l("Talkshows take place at this venue; move them elsewhere first.")]})
    db.session.delete(venue)
    _commit()


def _clean_speaker(data: SpeakerInput) -> dict[str, Any]:
    errors: dict[str, list[Any]] = {}
    values: dict[str, Any] = {
        "name": _text(errors, "name", data.name, 120, required=True),
        "role_title": _text(errors, "role_title", data.role_title, 160),
        "bio": _text(errors, "bio", data.bio, 2000),
        "photo_url": _web_address(errors, "photo_url", data.photo_url),
        "organisation": None,
    }
    if data.organisation_id:
        values["organisation"] = db.session.get(Organisation, data.organisation_id)
        if values["organisation"] is None:
            errors.setdefault("organisation_id", []).append(_l("Choose an organisation from the list."))
    wanted = set(data.lab_ids)
    labs = list(db.session.scalars(select(Lab).where(Lab.id.in_(wanted)).order_by(Lab.name))) if wanted else []
    if len(labs) != len(wanted):
        errors.setdefault("lab_ids", []).append(_l("Choose labs from the list."))
    values["labs"] = labs
    if errors:
        raise PlanningError(errors)
    return values


def create_speaker(data: SpeakerInput, actor: User) -> Speaker:
    _require_organiser(actor)
    values = _clean_speaker(data)
    speaker = Speaker(slug=unique_slug(values["name"], _slug_taken(Speaker)), **values)
    db.session.add(speaker)
    _commit()
    return speaker


def update_speaker(speaker_id: int, data: SpeakerInput, actor: User) -> Speaker:
    _require_organiser(actor)
    speaker = _get(Speaker, speaker_id)
    for name, value in _clean_speaker(data).items():
        setattr(speaker, name, value)
    _commit()
    return speaker


def delete_speaker(speaker_id: int, actor: User) -> None:
    _require_organiser(actor)
    speaker = _get(Speaker, speaker_id)
    if speaker.appearances:
        raise PlanningError({"": [_l("This speaker appears in talkshows; remove them from the line-up first.")]})
    db.session.delete(speaker)
    _commit()


def organisations() -> list[Organisation]:
    return list(db.session.scalars(select(Organisation).order_by(Organisation.is_partner.desc(), Organisation.name)))


def venues() -> list[Venue]:
    return list(db.session.scalars(select(Venue).order_by(Venue.name)))


def speakers() -> list[Speaker]:
    return list(db.session.scalars(select(Speaker).order_by(Speaker.name).options(selectinload(Speaker.organisation), selectinload(Speaker.labs))))


def labs() -> list[Lab]:
    return list(db.session.scalars(select(Lab).order_by(Lab.name)))


def organiser_talkshows() -> list[Talkshow]:
    """Every talkshow, drafts included, soonest first."""
    return list(db.session.scalars(
        select(Talkshow).order_by(Talkshow.starts_at, Talkshow.id).options(selectinload(Talkshow.theme), selectinload(Talkshow.venue))
    ))
