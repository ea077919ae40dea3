"""How matching's use cases refuse: field-keyed, translated messages the views show as they are.

``NotFound`` (no such question or offer) rises to the app's 404 handler. The others are
``DomainError``s: a view puts ``error.errors`` on its form or flashes ``error.message``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flask_babel import lazy_gettext as _l

from .. import domain


class NotFound(domain.NotFound):
    """No such question, offer or lab (or not for this audience)."""


class MatchingError(domain.DomainError):
    """A use case refused; each subclass has its own message for the whole form."""

    default_message: Any = _l("That did not work. Please check your input.")

    def __init__(self, errors: Mapping[str, Sequence[Any]] | None = None):
        super().__init__(errors or {"": [self.default_message]})


class InvalidTransition(MatchingError):
    """The question cannot go to that state from where it is."""

    default_message = _l("That is not possible in the question's current state.")


class OfferFull(MatchingError):
    """The offer has no capacity left or is closed."""

    default_message = _l("This offer is full or closed; the match was not confirmed.")


class AlreadyMatched(MatchingError):
    """This question is already matched to that offer or lab."""

    default_message = _l("This question is already matched to it.")


class OfferInUse(MatchingError):
    """The offer has confirmed matches and cannot be deleted; close it instead."""

    default_message = _l("This offer has confirmed matches and cannot be deleted; close it instead.")


class CandidateGone(MatchingError, NotFound):
    """The offer or lab to confirm is gone, closed or past: refused with a message, not a 404 page
    (the question itself is there; a missing question is a plain ``NotFound``)."""

    default_message = _l("That offer or lab is no longer available.")
