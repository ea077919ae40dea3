"""What people read for the series' statuses, speaker parts and readiness checks (lazy translations)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from .models import SpeakerPart, TalkshowStatus
from .planning import Check

CHECK_LABELS = {
    Check.THEME: _l("Theme"),
    Check.DATE: _l("Date and time"),
    Check.VENUE: _l("Venue"),
    Check.HOST: _l("Host"),
    Check.GUEST: _l("At least one guest"),
    Check.CAPACITY: _l("Seats"),
    Check.PUBLISHED: _l("Published"),
}

# Keyed by the enum, which is a str: templates look them up with ``status.value`` as well.
STATUS_LABELS = {
    TalkshowStatus.DRAFT: _l("Draft"),
    TalkshowStatus.PUBLISHED: _l("Published"),
    TalkshowStatus.CANCELLED: _l("Cancelled"),
}

PART_LABELS = {
    SpeakerPart.HOST: _l("host"),
    SpeakerPart.GUEST: _l("guest"),
    SpeakerPart.RESEARCHER: _l("researcher"),
    SpeakerPart.STUDENT: _l("student"),
    SpeakerPart.RESIDENT: _l("resident"),
}
