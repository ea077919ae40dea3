"""The words people read for the feature's choices."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from .models import Frequency

FREQUENCY_LABELS = {
    Frequency.DIRECT: _l("Soon after publication (at most one e-mail a day)"),
    Frequency.WEEKLY: _l("A weekly digest"),
}
