"""A certificate's name goes with its registration's personal data ("delete my data", the retention purge).

The registrations feature anonymises a registration by setting ``anonymised_at``; whenever a flush
writes that, the same flush empties the name on that registration's certificate. The code keeps
answering at /verify ("issued; the name was removed"), so a printed certificate is still known to be
real but nobody learns whose it was. Listening here keeps the registrations feature unaware of
certificates.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect, update
from sqlalchemy.orm import Session, UOWTransaction

from ..database import utcnow
from ..registrations.models import Registration
from .models import Certificate


def _anonymised_in(session: Session) -> list[int]:
    ids = []
    for instance in session.dirty:
        if isinstance(instance, Registration) and instance.anonymised_at is not None:
            history = inspect(instance).attrs.anonymised_at.history
            if history.added:
                ids.append(instance.id)
    return ids


def _after_flush(session: Session, _flush_context: UOWTransaction, *_: Any) -> None:
    ids = _anonymised_in(session)
    if ids:
        session.connection().execute(
            update(Certificate)
            .where(Certificate.registration_id.in_(ids), Certificate.name_removed_at.is_(None))
            .values(name="", name_removed_at=utcnow())
        )


def connect() -> None:
    """Idempotent: listens to every ORM session once."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
