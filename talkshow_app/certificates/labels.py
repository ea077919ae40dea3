"""The certificate feature's fixed texts (lazy: rendered in the reader's language)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

NOT_OVER = _l("You can download your certificate of attendance once the talkshow has ended.")
NOT_CHECKED_IN = _l("A certificate of attendance is only given to people who were checked in at the door.")
CANCELLED = _l("This talkshow was cancelled, so there is no certificate of attendance.")
