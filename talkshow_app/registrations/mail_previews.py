"""Organisers see every registrant mail with demo values, in Dutch and English, before anyone receives one.

Nothing is stored or sent: the templates are rendered with unsaved demo objects (fictional people, example.org).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask import abort, render_template
from flask_babel import force_locale
from jinja2 import TemplateError

from ..accounts.login import role_required
from ..accounts.models import Role
from ..series.models import Talkshow, Venue
from ..site import current_site
from . import mails
from .models import Registration, RegistrationStatus
from .views import blueprint

LANGUAGES = ("nl", "en")


@dataclass(frozen=True)
class Preview:
    kind: str
    language: str
    subject: str
    text: str
    html: str


def _demo_values(kind: str, language: str) -> dict[str, Any]:
    venue = Venue(name="Wijkcentrum De Mussen", address="Hoefkade 623, Den Haag")
    talkshow = Talkshow(
        title="Wie kent zijn buren nog?",
        slug="wie-kent-zijn-buren-nog",
        starts_at=datetime(2027, 3, 11, 19, 0, tzinfo=UTC),
        ends_at=datetime(2027, 3, 11, 20, 45, tzinfo=UTC),
        venue=venue,
    )
    status = RegistrationStatus.WAITLISTED if kind == "waitlisted" else RegistrationStatus.CONFIRMED
    registration = Registration(name="Sanne de Wit", email="sanne.dewit@example.org", language=language, status=status)
    site = current_site()
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
        "site": site,
        "language": language,
        "qr_content_id": None,
    }


def preview(kind: str, language: str) -> Preview:
    name = mails.template(kind)
    with force_locale(language):
        values = _demo_values(kind, language)
        try:
            subject = render_template(f"{name}.subject.txt", **values).strip()
            text = render_template(f"{name}.txt", **values).strip()
            html = render_template(f"{name}.html", **values)
        except (TemplateError, AttributeError, KeyError, TypeError) as error:  # a preview must never break the page
            return Preview(kind, language, kind, f"({type(error).__name__}: {error})", "")
    return Preview(kind, language, subject, text, html)


@blueprint.route("/organiser/mail-templates")
@role_required(Role.ORGANISER)
def mail_previews():
    previews = [preview(kind, language) for kind in mails.KINDS for language in LANGUAGES]
    return render_template("registrations/organiser/mail_previews.html", previews=previews)


@blueprint.route("/organiser/mail-templates/<kind>/<language>.html")
@role_required(Role.ORGANISER)
def mail_preview_html(kind: str, language: str):
    """The HTML body alone, for the preview's frame."""
    if kind not in mails.KINDS or language not in LANGUAGES:
        abort(404)
    return preview(kind, language).html
