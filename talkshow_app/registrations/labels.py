"""What people read for the feature's enums and states: affiliations, registration statuses, closed reasons."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from .capacity import Closed
from .models import Affiliation, RegistrationStatus

AFFILIATION_LABELS = {
    Affiliation.STUDENT.value: _l("Student"),
    Affiliation.DOCENT.value: _l("Teacher or lecturer"),
    Affiliation.ONDERZOEKER.value: _l("Researcher"),
    Affiliation.BEWONER.value: _l("Resident of The Hague"),
    Affiliation.GEMEENTE.value: _l("Municipality"),
    Affiliation.ONDERNEMER.value: _l("Entrepreneur"),
    Affiliation.ANDERS.value: _l("Other"),
}

STATUS_LABELS = {
    RegistrationStatus.CONFIRMED.value: _l("Confirmed"),
    RegistrationStatus.WAITLISTED.value: _l("On the waiting list"),
    RegistrationStatus.CANCELLED.value: _l("Cancelled"),
}

# Why the talkshow takes no registrations now: on the panel, and as the refusal of a registration.
CLOSED_MESSAGES = {
    Closed.NOT_PUBLISHED: _l("This talkshow is not open for registration."),
    Closed.CANCELLED: _l("This talkshow has been cancelled, so registration is closed."),
    Closed.NOT_YET_OPEN: _l("Registration for this talkshow has not opened yet."),
    Closed.WINDOW_CLOSED: _l("Registration for this talkshow has closed."),
    Closed.PAST: _l("This talkshow has already taken place, so registration is closed."),
}
