"""Use cases of the lab directory: finding labs, one lab's page, and keeping the directory up to date.

``find_labs`` is the one place that turns filters into labs; the list, the map markers and the
open data all call it, so they cannot disagree.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..series.models import Organisation, Speaker, Talkshow, TalkshowSpeaker, TalkshowStatus, Theme, speaker_labs
from ..slugs import unique_slug
from .freshness import is_stale
from .models import Discipline, Lab, LabKind, LabStatus, lab_partners
from .places import STADSDELEN, is_stadsdeel, stadsdeel_from_slug, stadsdeel_slug

# The status filter: active labs unless asked otherwise.
STATUS_CHOICES = ("active", "ended", "all")
DEFAULT_STATUS = "active"
FILTER_NAMES = ("theme", "stadsdeel", "discipline", "partner", "status")


class LabNotFound(LookupError):
    """No lab answers to this slug or id."""


class LabError(ValueError):
    """A change to a lab that cannot be made; the message is shown to the organiser."""


@dataclass(frozen=True)
class LabFilters:
    """What a visitor narrowed the directory to; values are slugs (stadsdeel: its name)."""

    theme: str | None = None
    stadsdeel: str | None = None
    discipline: str | None = None
    partner: str | None = None
    status: str = DEFAULT_STATUS

    def query_args(self) -> dict[str, str]:
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
        select(Organisation).where(Organisation.id.in_(select(lab_partners.c.organisation_id))).order_by(Organisation.name)
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


def map_markers(labs: list[Lab]) -> list[dict]:
    """The labs that have a place on the map, as the page's script needs them."""
    return [
        {
            "slug": lab.slug,
            "name": lab.name,
            "latitude": lab.latitude,
            "longitude": lab.longitude,
            "stadsdeel": lab.stadsdeel,
            "wijk": lab.wijk,
            "partners": [partner.name for partner in lab.partners],
        }
        for lab in labs
        if lab.has_location
    ]


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
    labs = db.session.scalars(
        select(Lab).order_by(Lab.status, Lab.name).options(selectinload(Lab.partners))
    ).all()
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


def _by_ids(model, ids: tuple[int, ...]) -> list:
    if not ids:
        return []
    found = list(db.session.scalars(select(model).where(model.id.in_(ids))))
    if len(found) != len(set(ids)):
        raise LabError(_l("One of the chosen options no longer exists; please choose again."))
    return found


def _apply(lab: Lab, data: LabData) -> None:
    if data.stadsdeel and not is_stadsdeel(data.stadsdeel):
        raise LabError(_l("Choose one of the eight stadsdelen."))
    if (data.latitude is None) != (data.longitude is None):
        raise LabError(_l("Give both latitude and longitude, or neither."))
    lab.name = data.name.strip()
    lab.kind = data.kind
    lab.description = data.description.strip()
    lab.contact_name = data.contact_name.strip()
    lab.contact_email = data.contact_email.strip()
    lab.stadsdeel = data.stadsdeel
    lab.wijk = data.wijk.strip()
    lab.address = data.address.strip()
    lab.latitude = data.latitude
    lab.longitude = data.longitude
    lab.programmes = data.programmes.strip()
    lab.student_capacity = data.student_capacity
    lab.website = data.website.strip()
    lab.start_year = data.start_year
    lab.partners = _by_ids(Organisation, data.partner_ids)
    lab.themes = _by_ids(Theme, data.theme_ids)
    lab.disciplines = _by_ids(Discipline, data.discipline_ids)


def _slug_taken(slug: str) -> bool:
    return db.session.scalar(select(Lab.id).where(Lab.slug == slug)) is not None


def _commit() -> None:
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise LabError(_l("The lab could not be saved because it clashes with another lab; please try again.")) from error


def create_lab(data: LabData, today: date) -> Lab:
    """A new, active lab; filling in the form counts as checking it."""
    lab = Lab(slug=unique_slug(data.name, _slug_taken), status=LabStatus.ACTIVE, last_checked_on=today)
    try:
        _apply(lab, data)
    except LabError:
        db.session.rollback()
        raise
    db.session.add(lab)
    _commit()
    return lab


def update_lab(slug: str, data: LabData, today: date) -> Lab:
    """Save an organiser's changes; the slug stays, so links from partners keep working."""
    lab = lab_for_editing(slug)
    try:
        _apply(lab, data)
    except LabError:
        db.session.rollback()
        raise
    lab.last_checked_on = today
    _commit()
    return lab


def mark_checked(slug: str, today: date) -> Lab:
    """An organiser confirms the entry is still right."""
    lab = lab_for_editing(slug)
    lab.last_checked_on = today
    _commit()
    return lab


def end_lab(slug: str, today: date) -> Lab:
    """The lab stopped: it leaves the default directory but keeps its page and history."""
    lab = lab_for_editing(slug)
    if lab.status == LabStatus.ENDED:
        raise LabError(_l("This lab has already ended."))
    lab.status = LabStatus.ENDED
    lab.ended_on = today
    lab.last_checked_on = today
    _commit()
    return lab


def reopen_lab(slug: str, today: date) -> Lab:
    lab = lab_for_editing(slug)
    if lab.status == LabStatus.ACTIVE:
        raise LabError(_l("This lab is already active."))
    lab.status = LabStatus.ACTIVE
    lab.ended_on = None
    lab.last_checked_on = today
    _commit()
    return lab


def form_choices() -> dict[str, list[tuple[int, str]]]:
    """Options for the lab form's multiple choices."""
    return {
        "partners": [(o.id, o.name) for o in db.session.scalars(select(Organisation).order_by(Organisation.name))],
        "themes": [(t.id, t.name) for t in db.session.scalars(select(Theme).order_by(Theme.position, Theme.name))],
        "disciplines": [(d.id, d.name) for d in db.session.scalars(select(Discipline).order_by(Discipline.name))],
    }
