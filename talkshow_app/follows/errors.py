"""The feature's refusals."""

from __future__ import annotations

from .. import domain


class FollowError(domain.DomainError):
    """Input that stops a follow; ``errors`` maps field names to messages."""
