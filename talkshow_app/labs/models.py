from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..series.models import Organisation, speaker_labs

if TYPE_CHECKING:
    from ..series.models import Speaker

lab_partners = Table(
    "lab_partners",
    db.Model.metadata,
    Column("lab_id", ForeignKey("labs.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True),
)


class Lab(db.Model):
    __tablename__ = "labs"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    description: Mapped[str] = mapped_column(Text, default="")

    partners: Mapped[list[Organisation]] = relationship(secondary=lab_partners, order_by=Organisation.name)
    speakers: Mapped[list[Speaker]] = relationship(secondary=speaker_labs, back_populates="labs")

    def __repr__(self) -> str:
        return f"<Lab {self.slug}>"
