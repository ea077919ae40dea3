"""Words people see for the archive's types, states, steps and refusals (English source, Dutch in the catalogue)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from . import uploads, workflow
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
ACTION_LABELS = {
    "created": _l("created"),
    "edited": _l("edited"),
    "file_added": _l("file added"),
    "file_removed": _l("file removed"),
    "alt_text": _l("alt text changed"),
    "commented": _l("commented"),
    workflow.Action.SUBMIT.value: _l("sent to review"),
    workflow.Action.RETURN.value: _l("returned to draft"),
    workflow.Action.PUBLISH.value: _l("published"),
    workflow.Action.WITHDRAW.value: _l("withdrawn"),
    workflow.Action.REOPEN.value: _l("reopened as draft"),
}
REFUSAL_MESSAGES = {
    uploads.Refusal.EMPTY: _l("The file is empty."),
    uploads.Refusal.TOO_LARGE: _l("The file is larger than the archive accepts (at most %(limit)s)."),
    uploads.Refusal.NO_NAME: _l("The file has no name."),
    uploads.Refusal.UNKNOWN_EXTENSION: _l("Only PDF, PNG, JPEG, WebP, PPTX and ODP files are accepted."),
    uploads.Refusal.NOT_ALLOWED: _l(
        "This kind of file is not accepted: only PDF, images (PNG, JPEG, WebP) and slides (PDF, PPTX, ODP)."
    ),
    uploads.Refusal.MISMATCH: _l("The file's content does not match its name: it is not really a %(extension)s file."),
    uploads.Refusal.BROKEN_PDF: _l("This PDF is incomplete or damaged (it has no end-of-file marker)."),
    uploads.Refusal.BROKEN_SLIDES: _l("This presentation file is damaged or not a real PPTX/ODP file."),
    uploads.Refusal.TOO_MANY_PARTS: _l(
        "This presentation file consists of too many parts (at most %(limit)s); a real presentation has far fewer.",
        limit=uploads.MAX_ZIP_MEMBERS,
    ),
    uploads.Refusal.UNPACKS_TOO_LARGE: _l(
        "This presentation file unpacks to far more data than a real presentation (at most %(limit)s MB), "
        "so it is not accepted. Save it again from your presentation program and upload that file.",
        limit=uploads.MAX_UNPACKED_BYTES // (1024 * 1024),
    ),
}
BLOCKER_MESSAGES = {
    workflow.Blocker.NOT_ALLOWED_NOW: _l("This step is not possible in the output's current state."),
    workflow.Blocker.OWN_SUBMISSION: _l("You sent this output to review yourself; another editor must publish it."),
    workflow.Blocker.RECORDING_WITHOUT_TRANSCRIPT: _l(
        "A recording needs a transcript or captions link before it can be published."
    ),
    workflow.Blocker.RECORDING_WITHOUT_MEDIA: _l(
        "A recording needs a media link (or a file) before it can be published."
    ),
    workflow.Blocker.IMAGE_WITHOUT_ALT: _l("Every image needs an alt text before the output can be published."),
    workflow.Blocker.NO_CONTENT: _l(
        "An output needs an abstract, a text, a file or a media link before it can be published."
    ),
}


def template_labels() -> dict:
    """The label dictionaries every archive partial may use (types, states, languages)."""
    return {
        "archive_type_labels": TYPE_LABELS,
        "archive_state_labels": STATE_LABELS,
        "archive_language_labels": LANGUAGES,
    }
