"""The picture upload form: the file, what it shows, or that it is decorative."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, StringField

from .models import ALT_MAX_LENGTH


class ImageForm(FlaskForm):
    image = FileField(_l("Picture (JPEG, PNG, WebP or GIF)"))
    alt = StringField(_l("What the picture shows (alt text)"))
    decorative = BooleanField(_l("The picture is decorative: it adds nothing the text does not say"))

    def file_bytes(self, max_bytes: int) -> bytes:
        """At most one byte more than allowed, so a file that is too large is recognised without reading it all."""
        upload = self.image.data
        if upload is None or not hasattr(upload, "read"):
            return b""
        data = upload.read(max_bytes + 1)
        return data if isinstance(data, bytes) else b""

    def alt_text(self) -> str:
        return (self.alt.data or "")[: ALT_MAX_LENGTH * 4]


class RemoveImageForm(FlaskForm):
    pass
