"""The stadslabs and related initiatives of the City Deal, and the disciplines they bring."""

from __future__ import annotations

import enum
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Column, Date, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import value_enum
from ..extensions import Model
from ..series.models import Organisation, Theme
from .places import stadsdeel_slug

if TYPE_CHECKING:
    from ..images.models import StoredImage
    from ..series.models import Speaker


class LabKind(enum.StrEnum):
    STADSLAB = "stadslab"
    LIVING_LAB = "living_lab"
    KENNISWERKPLAATS = "kenniswerkplaats"
    WETENSCHAPSWINKEL = "wetenschapswinkel"
    RELATED_INITIATIVE = "related_initiative"


class LabStatus(enum.StrEnum):
    ACTIVE = "active"
    ENDED = "ended"


def _link_table(name: str, *columns: tuple[str, str]) -> Table:
    """A many-to-many table: two foreign keys that together are the key; a row goes with either side."""
    return Table(
        name,
        Model.metadata,
        *(Column(column, ForeignKey(target, ondelete="CASCADE"), primary_key=True) for column, target in columns),
    )


lab_partners = _link_table("lab_partners", ("lab_id", "labs.id"), ("organisation_id", "organisations.id"))
lab_themes = _link_table("lab_themes", ("lab_id", "labs.id"), ("theme_id", "themes.id"))
lab_disciplines = _link_table("lab_disciplines", ("lab_id", "labs.id"), ("discipline_id", "disciplines.id"))
# Which labs a speaker works in; the series reads it as ``Speaker.labs`` (labs build on the series).
speaker_labs = _link_table("speaker_labs", ("speaker_id", "speakers.id"), ("lab_id", "labs.id"))


class Discipline(Model):
    """A field of study (sociologie, data science, …); labs, questions and offers share the list."""

    __tablename__ = "disciplines"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)

    def __repr__(self) -> str:
        return f"<Discipline {self.slug}>"


class Lab(Model):
    __tablename__ = "labs"
    __table_args__ = (
        CheckConstraint("student_capacity IS NULL OR student_capacity >= 0", name="student_capacity_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    description: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[LabKind] = mapped_column(value_enum(LabKind, 30), default=LabKind.STADSLAB)
    status: Mapped[LabStatus] = mapped_column(value_enum(LabStatus), default=LabStatus.ACTIVE, index=True)
    # A work address for questions about the lab (shown as a contact link), not a private one.
    contact_name: Mapped[str] = mapped_column(String(120), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    # One of places.STADSDELEN, or "" while unknown.
    stadsdeel: Mapped[str] = mapped_column(String(40), default="", index=True)
    wijk: Mapped[str] = mapped_column(String(80), default="")
    address: Mapped[str] = mapped_column(String(255), default="")
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    programmes: Mapped[str] = mapped_column(Text, default="")
    student_capacity: Mapped[int | None]
    website: Mapped[str] = mapped_column(String(255), default="")
    start_year: Mapped[int | None]
    ended_on: Mapped[date | None] = mapped_column(Date)
    last_checked_on: Mapped[date | None] = mapped_column(Date)
    image_id: Mapped[int | None] = mapped_column(ForeignKey("images.id", ondelete="SET NULL"), index=True)

    image: Mapped[StoredImage | None] = relationship()
    partners: Mapped[list[Organisation]] = relationship(secondary=lab_partners, order_by=Organisation.name)
    themes: Mapped[list[Theme]] = relationship(secondary=lab_themes, order_by=(Theme.position, Theme.name))
    disciplines: Mapped[list[Discipline]] = relationship(secondary=lab_disciplines, order_by=Discipline.name)
    speakers: Mapped[list[Speaker]] = relationship(secondary=speaker_labs, back_populates="labs")

    @property
    def is_active(self) -> bool:
        return self.status == LabStatus.ACTIVE

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def stadsdeel_slug(self) -> str:
        return stadsdeel_slug(self.stadsdeel) if self.stadsdeel else ""

    def __repr__(self) -> str:
        return f"<Lab {self.slug}>"
