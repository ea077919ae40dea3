"""The registrant's mails at delivery: from the outbox row's plain context to the template's values and invite.

``notifications.queue`` stores ids, the raw personal-link token and a few plain values; this module,
registered with the mail outbox (``register``, called once by the app factory), reads the
registration and the talkshow again when the mail is sent and builds the personal invite then.
The goodbye mail of someone who asked to be forgotten carries their name and address in its
context (the registration is anonymised in the same transaction); the outbox wipes it once sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ..calendar.services import invite_ics
from ..extensions import db
from ..mailing.previews import register_demo
from ..mailing.rendering import MailParts, RenderError
from ..mailing.rendering import register as register_renderer
from ..series.models import Talkshow, Venue
from ..site import Site
from .models import Registration, RegistrationStatus
from .tokens import manage_url


def personal_invite(talkshow: Talkshow, registration: Registration | Person, site: Site, method: str) -> str:
    """The registrant's own calendar invite (REQUEST, CANCEL or PUBLISH) in their language."""
    return invite_ics(
        talkshow,
        site,
        attendee_email=registration.email,
        attendee_name=registration.name,
        method=method,
        language=registration.language,
    )


KINDS = (
    "confirmed",
    "waitlisted",
    "again",
    "promoted",
    "cancelled",
    "reminder",
    "forgotten",
    "talkshow_changed",
    "talkshow_cancelled",
    "audience",
)
_DATETIME = "$datetime"  # how a datetime travels through the JSON context


def template(kind: str) -> str:
    return f"registrations/email/{kind}"


@dataclass(frozen=True)
class Person:
    """What the goodbye mail needs of a registration that is anonymised by the time it is sent."""

    name: str
    email: str
    language: str
    status: RegistrationStatus


def to_plain(value: Any) -> Any:
    """Extra template values made JSON-safe (datetimes tagged, sets sorted); ``from_plain`` undoes it."""
    if isinstance(value, datetime):
        return {_DATETIME: value.isoformat()}
    if isinstance(value, Mapping):
        return {str(key): to_plain(item) for key, item in value.items()}
    if isinstance(value, set | frozenset):
        return sorted(to_plain(item) for item in value)
    if isinstance(value, list | tuple):
        return [to_plain(item) for item in value]
    return value


def from_plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        if set(value) == {_DATETIME}:
            return datetime.fromisoformat(value[_DATETIME])
        return {key: from_plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [from_plain(item) for item in value]
    return value


def person_of(registration: Registration) -> dict[str, str]:
    return {
        "name": registration.name,
        "email": registration.email,
        "language": registration.language,
        "status": registration.status.value,
    }


def render_registration_mail(context: Mapping[str, Any], site: Site, calendar_method: str | None) -> MailParts:
    """Values of ``templates/registrations/email/<kind>.*``; the personal invite when the row asks for one."""
    talkshow = db.session.get(Talkshow, context["talkshow_id"])
    if talkshow is None:
        raise RenderError(f"talkshow {context['talkshow_id']} no longer exists")
    registration: Registration | Person
    if context.get("person"):
        person = context["person"]
        registration = Person(person["name"], person["email"], person["language"], RegistrationStatus(person["status"]))
    else:
        found = db.session.get(Registration, context["registration_id"])
        if found is None or found.is_anonymised:
            raise RenderError(f"registration {context['registration_id']} no longer exists or was anonymised")
        registration = found
    calendar = personal_invite(talkshow, registration, site, calendar_method) if calendar_method else None
    token = context.get("token")
    extra = {key: from_plain(value) for key, value in (context.get("extra") or {}).items()}
    values = {
        "registration": registration,
        "talkshow": talkshow,
        "manage_url": manage_url(site, token) if token else None,
        "talkshow_url": site.link(f"/talkshows/{talkshow.slug}"),
        "has_invite": calendar is not None,
        "link_replaces_earlier": bool(context.get("link_replaces_earlier")),
        **extra,
    }
    return MailParts(values=values, calendar=calendar)


def demo_talkshow() -> Talkshow:
    """An unsaved talkshow for the mail previews (also used by the classes and impact mails)."""
    return Talkshow(
        title="Wie kent zijn buren nog?",
        slug="wie-kent-zijn-buren-nog",
        starts_at=datetime(2027, 3, 11, 19, 0, tzinfo=UTC),
        ends_at=datetime(2027, 3, 11, 20, 45, tzinfo=UTC),
        venue=Venue(name="Wijkcentrum De Mussen", address="Hoefkade 623, Den Haag"),
    )


def demo_values(name: str, site: Site, language: str) -> dict[str, Any]:
    """Made-up values for the organisers' preview of each registrant mail (nothing is stored)."""
    kind = name.rsplit("/", 1)[-1]
    talkshow = demo_talkshow()
    status = RegistrationStatus.WAITLISTED if kind == "waitlisted" else RegistrationStatus.CONFIRMED
    registration = Registration(name="Sanne de Wit", email="sanne.dewit@example.org", language=language, status=status)
    return {
        "registration": registration,
        "talkshow": talkshow,
        "manage_url": site.link("/registrations/voorbeeld-link"),
        "talkshow_url": site.link(f"/talkshows/{talkshow.slug}"),
        "has_invite": kind in {"confirmed", "promoted", "reminder"},
        "link_replaces_earlier": kind in {"promoted", "reminder", "talkshow_changed", "audience"},
        "position": 3,
        "by_organiser": False,
        "registered_again": True,
        "cancellation_reason": "De spreker is ziek.",
        "changes": ["time", "venue"],
        "previous": {"starts_at": datetime(2027, 3, 4, 19, 0, tzinfo=UTC), "venue_name": "Bibliotheek Transvaal"},
        "subject": "Parkeren bij het wijkcentrum",
        "text": "Parkeer bij voorkeur aan de Hoefkade.\n\nTot donderdag!",
    }


def register() -> None:
    """Connect the registrant's templates to the mail outbox and the preview page (idempotent)."""
    register_renderer([template(kind) for kind in KINDS], render_registration_mail)
    register_demo([template(kind) for kind in KINDS], demo_values)
