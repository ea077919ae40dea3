"""Words people see for the archive's types and states (English source, Dutch in the catalogue)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from .kinds import OutputState, OutputType

TYPE_LABELS = {
    OutputType.RECORDING.value: _l("Recording"),
    OutputType.SUMMARY.value: _l("Summary of the evening"),
    OutputType.REPORT.value: _l("Report"),
    OutputType.PUBLICATION.value: _l("Publication"),
    OutputType.SLIDES.value: _l("Slides"),
    OutputType.PHOTO_SERIES.value: _l("Photo series"),
    OutputType.ARTICLE.value: _l("Article"),
    OutputType.DATASET.value: _l("Dataset"),
}
STATE_LABELS = {
    OutputState.DRAFT.value: _l("Draft"),
    OutputState.IN_REVIEW.value: _l("In review"),
    OutputState.PUBLISHED.value: _l("Published"),
    OutputState.WITHDRAWN.value: _l("Withdrawn"),
}
ACTION_BUTTONS = {
    "submit": _l("Send to review"),
    "return": _l("Return to draft"),
    "publish": _l("Publish"),
    "withdraw": _l("Withdraw"),
    "reopen": _l("Reopen as draft"),
}
FACET_LABELS = {
    "theme": _l("Theme"),
    "type": _l("Type"),
    "year": _l("Year"),
    "lab": _l("Lab"),
    "talkshow": _l("Talkshow"),
}
LANGUAGES = {"nl": _l("Dutch"), "en": _l("English")}
LICENCES = ("CC BY 4.0", "CC BY-SA 4.0", "CC BY-NC 4.0", "CC0 1.0")
