"""The words people read on the impact pages: column headings, affiliations, the suppressed-count texts."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..registrations.labels import AFFILIATION_LABELS
from .figures import NOT_GIVEN

SUPPRESSED = "×"  # a hidden count of people (1 to 4, or one that would give such a count away), HTML and CSV
FEW_ANSWERS = _l("< 5 answers")

AFFILIATIONS = {**AFFILIATION_LABELS, NOT_GIVEN: _l("Not given")}

COLUMNS = {
    "theme": _l("Theme"),
    "season": _l("Season"),
    "date": _l("Date"),
    "talkshow": _l("Talkshow"),
    "affiliation": _l("Affiliation"),
    "talkshows_held": _l("Talkshows held"),
    "seats_filled": _l("Seats filled"),
    "attended": _l("Attended"),
    "questions_received": _l("Received"),
    "questions_accepted": _l("Accepted"),
    "questions_matched": _l("Matched"),
    "questions_done": _l("Done"),
    "teams_across_institutions": _l("Teams across institutions"),
    "outputs_published": _l("Knowledge outputs published"),
    "labs_active": _l("Labs active"),
    "average_score": _l("Average score (1–5)"),
    "capacity": _l("Seats"),
    "no_show_rate": _l("No-show rate"),
    "days_to_full": _l("Days until full"),
    "registered_28": _l("4 weeks before"),
    "registered_14": _l("2 weeks before"),
    "registered_7": _l("1 week before"),
    "registered_1": _l("1 day before"),
    "registered_0": _l("At the start"),
    "kind": _l("Kind of mail"),
    "queued": _l("Queued"),
    "sent": _l("Sent"),
    "failed": _l("Failed"),
}

TOTAL = _l("All themes")
ALL_SEASONS = _l("All seasons")
