"""One uploaded picture: its description and the widths stored on disk (files named after ``key``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ..database import UTCDateTime, utcnow
from ..extensions import Model

ALT_MAX_LENGTH = 300


class StoredImage(Model):
    """Talkshows, speakers, labs and knowledge outputs point at one of these (``image_id`` / ``photo_id``).

    The files live under ``UPLOAD_FOLDER/images`` as ``<key>-<width>.webp`` and ``.jpg``; the key is a
    hash of the cleaned pixels, so the files never change and are served as immutable.
    """

    __tablename__ = "images"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40), index=True)
    width: Mapped[int]  # of the largest stored width
    height: Mapped[int]
    widths: Mapped[str] = mapped_column(String(60))  # "320,640,1280"
    # What the picture shows, for people who cannot see it; empty only when decorative.
    alt: Mapped[str] = mapped_column(String(ALT_MAX_LENGTH), default="")
    decorative: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    @property
    def width_list(self) -> list[int]:
        return [int(part) for part in self.widths.split(",") if part.strip().isdigit()]

    @property
    def alt_text(self) -> str:
        return "" if self.decorative else self.alt

    def __repr__(self) -> str:
        return f"<StoredImage {self.key}>"
