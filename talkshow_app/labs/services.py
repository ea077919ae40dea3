"""Use cases of the lab directory: finding labs, one lab's page, and keeping the directory up to date.

``find_labs`` is the one place that turns filters into labs; the list, the map markers and the
open data all call it, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, scoped_session, selectinload

from ..accounts.models import Role, User
from ..database import get_by_ids, slug_taken, transaction
from ..domain import require_role
from ..extensions import db
from ..series.models import Organisation, Speaker, Talkshow, TalkshowSpeaker, TalkshowStatus, Theme
from ..slugs import unique_slug
from .errors import LabError, LabNotFound
from .freshness import is_stale
from .models import Discipline, Lab, LabKind, LabStatus, lab_partners, speaker_labs
from .places import STADSDELEN, is_stadsdeel, stadsdeel_from_slug, stadsdeel_slug

# The status filter: active labs unless asked otherwise.
STATUS_CHOICES = ("active", "ended", "all")
DEFAULT_STATUS = "active"
FILTER_NAMES = ("theme", "stadsdeel", "discipline", "partner", "status")
# Who keeps the directory up to date (admins may do everything).
MANAGERS = (Role.ORGANISER, Role.EDITOR)


@dataclass(frozen=True)
class LabFilters:
    """What a visitor narrowed the directory to; values are slugs (stadsdeel: its name)."""

    theme: str | None = None
    stadsdeel: str | None = None
    discipline: str | None = None
    partner: str | None = None
    status: str = DEFAULT_STATUS

    def query_args(self) -> dict[str, Any]:
        """The filters as URL parameters (defaults left out), for links and for /api/labs."""
        args = {
            "theme": self.theme,
            "stadsdeel": stadsdeel_slug(self.stadsdeel) if self.stadsdeel else None,
            "discipline": self.discipline,
            "partner": self.partner,
            "status": self.status if self.status != DEFAULT_STATUS else None,
        }
        return {key: value for key, value in args.items() if value}

    @property
    def is_narrowed(self) -> bool:
        return bool(self.query_args())


@dataclass(frozen=True)
class ParsedFilters:
    filters: LabFilters
    # URL parameters whose values name nothing we know, by parameter name: they are ignored.
    invalid: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class FilterOptions:
    themes: list[Theme]
    stadsdelen: tuple[str, ...]
    disciplines: list[Discipline]
    partners: list[Organisation]


def filter_options() -> FilterOptions:
    """What the filters can be set to: only partners that take part in a lab are offered."""
    partners = db.session.scalars(
        select(Organisation)
        .where(Organisation.id.in_(select(lab_partners.c.organisation_id)))
        .order_by(Organisation.name)
    ).all()
    return FilterOptions(
        themes=list(db.session.scalars(select(Theme).order_by(Theme.position, Theme.name))),
        stadsdelen=STADSDELEN,
        disciplines=list(db.session.scalars(select(Discipline).order_by(Discipline.name))),
        partners=list(partners),
    )


def parse_filters(args: Mapping[str, str]) -> ParsedFilters:
    """Read filters from URL parameters; values that name nothing known are reported, not used."""
    invalid: dict[str, str] = {}

    def known(name: str, model) -> str | None:
        value = (args.get(name) or "").strip()
        if not value:
            return None
        if db.session.scalar(select(model.id).where(model.slug == value)) is None:
            invalid[name] = value
            return None
        return value

    raw_stadsdeel = (args.get("stadsdeel") or "").strip()
    stadsdeel = stadsdeel_from_slug(raw_stadsdeel)
    if raw_stadsdeel and stadsdeel is None:
        invalid["stadsdeel"] = raw_stadsdeel
    status = (args.get("status") or "").strip() or DEFAULT_STATUS
    if status not in STATUS_CHOICES:
        invalid["status"] = status
        status = DEFAULT_STATUS
    filters = LabFilters(
        theme=known("theme", Theme),
        stadsdeel=stadsdeel,
        discipline=known("discipline", Discipline),
        partner=known("partner", Organisation),
        status=status,
    )
    return ParsedFilters(filters=filters, invalid=invalid)


def find_labs(filters: LabFilters) -> list[Lab]:
    """The labs matching every filter, by name, with what a listing shows loaded up front."""
    query = select(Lab)
    if filters.status != "all":
        query = query.where(Lab.status == LabStatus(filters.status))
    if filters.theme:
        query = query.where(Lab.themes.any(Theme.slug == filters.theme))
    if filters.stadsdeel:
        query = query.where(Lab.stadsdeel == filters.stadsdeel)
    if filters.discipline:
        query = query.where(Lab.disciplines.any(Discipline.slug == filters.discipline))
    if filters.partner:
        query = query.where(Lab.partners.any(Organisation.slug == filters.partner))
    query = query.order_by(Lab.name, Lab.id).options(
        selectinload(Lab.partners), selectinload(Lab.themes), selectinload(Lab.disciplines)
    )
    return list(db.session.scalars(query))


@dataclass(frozen=True)
class LabPage:
    lab: Lab
    speakers: list[Speaker]
    talkshows: list[Talkshow]


def lab_page(slug: str) -> LabPage:
    """One lab with its speakers and the published talkshows they appeared in (latest first)."""
    lab = db.session.scalar(
        select(Lab)
        .where(Lab.slug == slug)
        .options(
            selectinload(Lab.partners),
            selectinload(Lab.themes),
            selectinload(Lab.disciplines),
            selectinload(Lab.speakers).selectinload(Speaker.organisation),
        )
    )
    if lab is None:
        raise LabNotFound(slug)
    speakers = sorted(lab.speakers, key=lambda speaker: speaker.name)
    lab_speaker_ids = select(speaker_labs.c.speaker_id).where(speaker_labs.c.lab_id == lab.id)
    talkshows = db.session.scalars(
        select(Talkshow)
        .where(
            Talkshow.status == TalkshowStatus.PUBLISHED,
            Talkshow.id.in_(select(TalkshowSpeaker.talkshow_id).where(TalkshowSpeaker.speaker_id.in_(lab_speaker_ids))),
        )
        .order_by(Talkshow.starts_at.desc())
        .options(selectinload(Talkshow.theme), selectinload(Talkshow.venue))
    ).all()
    return LabPage(lab=lab, speakers=speakers, talkshows=list(talkshows))


# --- The organiser area -------------------------------------------------------------------


@dataclass(frozen=True)
class LabData:
    """Everything an organiser fills in about a lab, as plain values."""

    name: str
    kind: LabKind
    description: str = ""
    partner_ids: tuple[int, ...] = ()
    contact_name: str = ""
    contact_email: str = ""
    stadsdeel: str = ""
    wijk: str = ""
    address: str = ""
    latitude: float | None = None
    longitude: float | None = None
    theme_ids: tuple[int, ...] = ()
    discipline_ids: tuple[int, ...] = ()
    programmes: str = ""
    student_capacity: int | None = None
    website: str = ""
    start_year: int | None = None


@dataclass(frozen=True)
class LabRow:
    lab: Lab
    is_stale: bool


def organiser_overview(today: date) -> list[LabRow]:
    """All labs for the organiser list: active ones first, then by name, stale ones marked."""
    labs = db.session.scalars(select(Lab).order_by(Lab.status, Lab.name).options(selectinload(Lab.partners))).all()
    return [LabRow(lab=lab, is_stale=lab.is_active and is_stale(lab.last_checked_on, today)) for lab in labs]


def lab_for_editing(slug: str) -> Lab:
    lab = db.session.scalar(
        select(Lab)
        .where(Lab.slug == slug)
        .options(selectinload(Lab.partners), selectinload(Lab.themes), selectinload(Lab.disciplines))
    )
    if lab is None:
        raise LabNotFound(slug)
    return lab


def _chosen(model: Any, ids: tuple[int, ...], field_name: str, errors: dict[str, list[Any]]) -> list[Any]:
    found = get_by_ids(model, ids)
    if len(found) != len(set(ids)):
        errors[field_name] = [_l("One of the chosen options no longer exists; please choose again.")]
    return found


def _checked(data: LabData) -> dict[str, Any]:
    """The lab's new values, or LabError with every problem, keyed by the form's field names."""
    errors: dict[str, list[Any]] = {}
    if data.stadsdeel and not is_stadsdeel(data.stadsdeel):
        errors["stadsdeel"] = [_l("Choose one of the eight districts.")]
    if (data.latitude is None) != (data.longitude is None):
        errors["longitude" if data.longitude is None else "latitude"] = [
            _l("Give both latitude and longitude, or neither.")
        ]
    values = {
        "name": data.name.strip(),
        "kind": data.kind,
        "description": data.description.strip(),
        "contact_name": data.contact_name.strip(),
        "contact_email": data.contact_email.strip(),
        "stadsdeel": data.stadsdeel,
        "wijk": data.wijk.strip(),
        "address": data.address.strip(),
        "latitude": data.latitude,
        "longitude": data.longitude,
        "programmes": data.programmes.strip(),
        "student_capacity": data.student_capacity,
        "website": data.website.strip(),
        "start_year": data.start_year,
        "partners": _chosen(Organisation, data.partner_ids, "partners", errors),
        "themes": _chosen(Theme, data.theme_ids, "themes", errors),
        "disciplines": _chosen(Discipline, data.discipline_ids, "disciplines", errors),
    }
    if errors:
        raise LabError(errors)
    return values


@contextmanager
def _saving() -> Iterator[scoped_session[Session]]:
    """One transaction; a clash with another lab (a unique slug taken meanwhile) is refused, not a 500."""
    try:
        with transaction() as session:
            yield session
    except IntegrityError as error:
        clash = _l("The lab could not be saved because it clashes with another lab; please try again.")
        raise LabError.on("", clash) from error


def create_lab(data: LabData, actor: User | None, today: date) -> Lab:
    """A new, active lab; filling in the form counts as checking it."""
    require_role(actor, *MANAGERS)
    values = _checked(data)
    with _saving() as session:
        slug = unique_slug(data.name, slug_taken(Lab))
        lab = Lab(slug=slug, status=LabStatus.ACTIVE, last_checked_on=today, **values)
        session.add(lab)
    return lab


def update_lab(slug: str, data: LabData, actor: User | None, today: date) -> Lab:
    """Save an organiser's changes; the slug stays, so links from partners keep working."""
    require_role(actor, *MANAGERS)
    lab = lab_for_editing(slug)
    values = _checked(data)
    with _saving():
        for name, value in values.items():
            setattr(lab, name, value)
        lab.last_checked_on = today
    return lab


def mark_checked(slug: str, actor: User | None, today: date) -> Lab:
    """An organiser confirms the entry is still right."""
    require_role(actor, *MANAGERS)
    lab = lab_for_editing(slug)
    with _saving():
        lab.last_checked_on = today
    return lab


def _change_status(slug: str, actor: User | None, today: date, status: LabStatus, already: Any) -> Lab:
    require_role(actor, *MANAGERS)
    lab = lab_for_editing(slug)
    if lab.status == status:
        raise LabError.on("", already)
    with _saving():
        lab.status = status
        lab.ended_on = today if status == LabStatus.ENDED else None
        lab.last_checked_on = today
    return lab


def end_lab(slug: str, actor: User | None, today: date) -> Lab:
    """The lab stopped: it leaves the default directory but keeps its page and history."""
    return _change_status(slug, actor, today, LabStatus.ENDED, _l("This lab has already ended."))


def reopen_lab(slug: str, actor: User | None, today: date) -> Lab:
    return _change_status(slug, actor, today, LabStatus.ACTIVE, _l("This lab is already active."))


def form_choices() -> dict[str, list[tuple[int, str]]]:
    """Options for the lab form's multiple choices."""
    return {
        "partners": [(o.id, o.name) for o in db.session.scalars(select(Organisation).order_by(Organisation.name))],
        "themes": [(t.id, t.name) for t in db.session.scalars(select(Theme).order_by(Theme.position, Theme.name))],
        "disciplines": [(d.id, d.name) for d in db.session.scalars(select(Discipline).order_by(Discipline.name))],
    }
