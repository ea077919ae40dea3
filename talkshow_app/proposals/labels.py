"""Fixed texts and the kinds of output one may propose (the archive's own kinds, named as people know them)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..archive.kinds import OutputType

KINDS = {
    OutputType.REPORT.value: _l("Report"),
    OutputType.SLIDES.value: _l("Poster or presentation"),
    OutputType.RECORDING.value: _l("Video (link)"),
    OutputType.PUBLICATION.value: _l("Student project"),
    OutputType.ARTICLE.value: _l("Article"),
}
NEEDS_LINK_OR_FILE = _l("Give a link or add a file.")
NEEDS_SUBJECT = _l("Choose a talkshow, a lab or a city question this is about (at least one).")
NEEDS_CONSENT = _l("Agree to the privacy statement to send your proposal.")
NEEDS_TITLE = _l("Give your proposal a title.")
NEEDS_SUMMARY = _l("Write a short summary.")
NEEDS_NAME = _l("Enter your name.")
NEEDS_EMAIL = _l("Enter a valid e-mail address.")
CHOOSE_KIND = _l("Choose what kind of output it is.")
LINK_FORMAT = _l("Give a web address starting with https:// or http://.")
GONE = _l("Some of the chosen links no longer exist; please choose again.")
