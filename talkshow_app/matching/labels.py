"""The names people read for matching's choices and states, in the current language."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from .models import AskerKind, CapacityUnit, HelpKind, Level, OfferKind, QuestionState
from .reasons import reason_texts

ASKER_LABELS = {
    AskerKind.RESIDENT: _l("Resident"),
    AskerKind.ORGANISATION: _l("Organisation"),
    AskerKind.MUNICIPALITY: _l("Municipal department"),
}
HELP_LABELS = {
    HelpKind.RESEARCH: _l("Research"),
    HelpKind.STUDENT_PROJECT: _l("Student project"),
    HelpKind.DESIGN: _l("Design"),
    HelpKind.ADVICE: _l("Advice"),
}
STATE_LABELS = {
    QuestionState.SUBMITTED: _l("Submitted, awaiting moderation"),
    QuestionState.ACCEPTED: _l("Open"),
    QuestionState.REJECTED: _l("Rejected"),
    QuestionState.MATCHED: _l("Matched"),
    QuestionState.IN_PROGRESS: _l("In progress"),
    QuestionState.DONE: _l("Done"),
}
OFFER_KIND_LABELS = {
    OfferKind.COURSE: _l("Course"),
    OfferKind.MINOR: _l("Minor"),
    OfferKind.THESIS_TRACK: _l("Thesis track"),
    OfferKind.INTERNSHIP: _l("Internship"),
    OfferKind.RESEARCH_GROUP: _l("Research group"),
    OfferKind.LAB_CAPACITY: _l("Lab capacity"),
}
LEVEL_LABELS = {
    Level.MBO: _l("mbo"),
    Level.HBO_BACHELOR: _l("hbo bachelor"),
    Level.HBO_MASTER: _l("hbo master"),
    Level.WO_BACHELOR: _l("university bachelor"),
    Level.WO_MASTER: _l("university master"),
    Level.RESEARCH: _l("researchers"),
}
UNIT_LABELS = {CapacityUnit.TEAMS: _l("teams"), CapacityUnit.STUDENTS: _l("students")}
KIND_LABELS = {"offer": _l("Offer"), "lab": _l("Lab")}


def template_names() -> dict[str, Any]:
    """What matching's templates look names up in (a context processor hands it to every page for now)."""
    return {
        "question_state_labels": STATE_LABELS,
        "asker_labels": ASKER_LABELS,
        "help_labels": HELP_LABELS,
        "offer_kind_labels": OFFER_KIND_LABELS,
        "level_labels": LEVEL_LABELS,
        "unit_labels": UNIT_LABELS,
        "match_kind_labels": KIND_LABELS,
        "reason_texts": reason_texts,
    }
