"""The registrant's own page: where they stand in line, the code for the door, and changing their details.

Changing details takes the same rules as registering (``inputs.clean_input``): bad input stores nothing.
The address is not changed here: it is the key of the registration (one per address per talkshow).
"""

from __future__ import annotations

from dataclasses import dataclass

import segno
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import func, or_, select

from ..database import transaction
from ..extensions import db
from .errors import RegistrationError
from .inputs import RegistrationInput, clean_input
from .models import Affiliation, Registration, RegistrationStatus
from .seats import by_token

DETAIL_FIELDS = ("name", "affiliation", "organisation", "accessibility_needs")


@dataclass(frozen=True)
class DetailsInput:
    name: str
    affiliation: str | None = None
    organisation: str = ""
    accessibility_needs: str = ""


def waiting_position(registration: Registration) -> int | None:
    """1 for the first in line (the line is served by ``queued_at``, then id); None when not waiting."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    ahead = db.session.scalar(
        select(func.count())
        .select_from(Registration)
        .where(
            Registration.talkshow_id == registration.talkshow_id,
            Registration.status == RegistrationStatus.WAITLISTED,
            or_(
                Registration.queued_at < registration.queued_at,
                (Registration.queued_at == registration.queued_at) & (Registration.id < registration.id),
            ),
        )
    )
    return int(ahead or 0) + 1


def door_code_svg(text: str, title: str) -> Markup:
    """The check-in QR code as inline SVG, named by ``title`` for screen readers (segno escapes it)."""
    svg = segno.make(text, error="m").svg_inline(scale=5, border=2, svgclass="door-code-image", title=title)
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1))  # nosec B704 - segno's own output, title escaped


def change_details(token: str, data: DetailsInput) -> Registration:
    """Store new name, affiliation, organisation and needs; raises ``RegistrationError`` (field-keyed) on bad input."""
    with transaction():
        registration = by_token(token)
        clean = clean_input(
            RegistrationInput(
                name=data.name,
                email=registration.email,
                consent=True,
                affiliation=data.affiliation,
                organisation=data.organisation,
                accessibility_needs=data.accessibility_needs,
                language=registration.language,
            ),
            require_consent=False,
        )
        if registration.status == RegistrationStatus.CANCELLED:
            raise RegistrationError.on("", _l("This registration is cancelled; there are no details left to change."))
        registration.name = clean.name
        registration.affiliation = Affiliation(clean.affiliation) if clean.affiliation else None
        registration.organisation = clean.organisation
        registration.accessibility_needs = clean.accessibility_needs
    return registration
