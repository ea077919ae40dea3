"""The registrant's mails: queued in the outbox inside the change's transaction, rendered and delivered after it.

What each mail says is made at delivery from the row's plain context (``mails``), not here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import select

from ..database import transaction
from ..extensions import db
from ..mailing import services as mailing
from ..mailing.models import OutboxMessage
from ..series.models import Talkshow
from ..site import Site
from . import mails
from .models import Registration, RegistrationStatus
from .tokens import checkin_url, rotate_token

# Mails that come with the check-in QR code when the person has a seat.
_WITH_SEAT = {"confirmed", "promoted", "again", "reminder"}
# Mails that always carry the person's own link. Only a hash of the token is stored, so the raw
# token is not known later: without one from the caller, ``queue`` mints a fresh one (the old link
# stops working and the mail says so).
_PERSONAL_LINK = {"again", "promoted", "reminder", "cancelled", "talkshow_changed", "audience"}
# Callers already renew the link for these (``tokens.rotate_token``) and pass the new token.
_FRESH_LINK = {"again", "promoted", "reminder"}


@contextmanager
def outbox_transaction() -> Iterator[list[OutboxMessage]]:
    """One use case's transaction; the mails added to the yielded list are delivered right after it commits.

    An error rolls back the change and its mails together; a failed delivery stays queued.
    """
    messages: list[OutboxMessage] = []
    with transaction() as session:
        yield messages
        session.flush()
        ids = [message.id for message in messages]
    mailing.deliver(ids)


def queue(
    kind: str,
    registration: Registration,
    site: Site,
    *,
    token: str | None = None,
    invite: str | None = None,
    **context: Any,
) -> OutboxMessage:
    """Queue one of the registrant's mails (templates/registrations/email/<kind>.*) in their language.

    Only what to send is stored, in the caller's transaction (often inside the talkshow's seat lock):
    ids, the raw token of the personal link, the invite's kind and plain extra values. The text and
    the invite are made when the mail is sent (``mails.render_registration_mail``).

    A mail that must carry the personal link (``_PERSONAL_LINK``) and gets no ``token`` mints one
    here, in the same transaction: the registration's row gets the new hash and the raw token goes
    into the context, and the mail says that the link of earlier mails no longer works.
    """
    forgotten = kind == "forgotten"
    renewed = kind in _FRESH_LINK
    if token is None and kind in _PERSONAL_LINK:
        token, renewed = rotate_token(registration), True
    with_seat = registration.status == RegistrationStatus.CONFIRMED and kind in _WITH_SEAT
    if registration.id is None:
        db.session.flush()  # the context names the registration by its id
    stored: dict[str, Any] = {
        "registration_id": registration.id,
        "talkshow_id": registration.talkshow_id,
        "token": token,
        "link_replaces_earlier": renewed,
        "extra": mails.to_plain(context),
    }
    if forgotten:  # anonymised in the same transaction: the goodbye carries what it says (wiped once sent)
        stored["person"] = mails.person_of(registration)
    return mailing.queue_mail(
        to=registration.email,
        template=mails.template(kind),
        language=registration.language,
        context=stored,
        site=site,
        calendar_method=invite,
        registration_id=None if forgotten else registration.id,
        qr_code_text=checkin_url(site, registration.checkin_code) if with_seat else None,
        erase_after_sending=forgotten,
    )


# --- Signals from the series: moved or cancelled (the sender's transaction stores these mails) ---------------


def _active(talkshow_id: int) -> list[Registration]:
    return list(
        db.session.scalars(
            select(Registration)
            .where(
                Registration.talkshow_id == talkshow_id,
                Registration.status.in_((RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)),
                Registration.anonymised_at.is_(None),
            )
            .order_by(Registration.id)
        )
    )


def on_rescheduled(talkshow: Talkshow, site: Site, changes: set[str], previous: dict[str, Any]) -> list[OutboxMessage]:
    """Tell everyone with a seat or a place in line; seat holders get the updated invite (same UID, higher SEQUENCE)."""
    messages = []
    for registration in _active(talkshow.id):
        seated = registration.status == RegistrationStatus.CONFIRMED
        messages.append(
            queue(
                "talkshow_changed",
                registration,
                site,
                invite="REQUEST" if seated else None,
                changes=sorted(changes),
                previous=previous,
            )
        )
    return messages


def on_cancelled(talkshow: Talkshow, site: Site) -> list[OutboxMessage]:
    """Tell everyone; seat holders get METHOD:CANCEL so the event leaves their calendar."""
    messages = []
    for registration in _active(talkshow.id):
        seated = registration.status == RegistrationStatus.CONFIRMED
        messages.append(queue("talkshow_cancelled", registration, site, invite="CANCEL" if seated else None))
    return messages
