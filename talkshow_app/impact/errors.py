"""The evaluation's refusals, field-keyed and translated."""

from __future__ import annotations

from ..domain import DomainError


class EvaluationError(DomainError):
    """Input or state that stops an evaluation answer; ``errors`` maps field names to messages ("" for the form)."""
