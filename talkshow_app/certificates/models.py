"""A certificate of attendance: minted once per registration, with the name as it was printed on it."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import UTCDateTime, utcnow
from ..extensions import Model

if TYPE_CHECKING:
    from ..series.models import Talkshow


class Certificate(Model):
    __tablename__ = "certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    # One per registration; the row stays when the registration is anonymised (its name goes, see purge.py).
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), unique=True, index=True
    )
    talkshow_id: Mapped[int] = mapped_column(ForeignKey("talkshows.id", ondelete="CASCADE"), index=True)
    # Printed on the PDF and checked at /verify/<code>: random, stored as is (it unlocks only the name below).
    code: Mapped[str] = mapped_column(String(20), unique=True)
    # The name printed on the certificate; emptied with the registration's personal data.
    name: Mapped[str] = mapped_column(String(120))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    name_removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    talkshow: Mapped[Talkshow] = relationship()

    def __repr__(self) -> str:
        return f"<Certificate {self.id}>"
