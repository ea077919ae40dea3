"""The feature's refusals: the app-wide not found, and field-keyed registration errors."""

from __future__ import annotations

from .. import domain
from .capacity import Closed
from .labels import CLOSED_MESSAGES


class NotFound(domain.NotFound):
    """No registration or talkshow answers to this token, code or id."""


class RegistrationError(domain.DomainError):
    """Input or state that stops a registration; ``errors`` maps field names to messages ("" for the form)."""


class RegistrationClosed(RegistrationError):
    """The talkshow takes no registrations now (cancelled, past, not open yet, closed)."""

    def __init__(self, reason: Closed):
        super().__init__({"": [CLOSED_MESSAGES[reason]]})
        self.reason = reason
