"""The archive's refusals: the app-wide not found, and field-keyed editorial errors. Pure: no Flask."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .. import domain


class NotFound(domain.NotFound):
    """No output, file or comment answers to this id or slug (or not for this audience)."""


class ArchiveError(domain.DomainError):
    """Refused, with messages for the person; ``field`` names the form field the first one belongs to.

    ``ArchiveError(message, field=None, messages=())`` puts ``messages`` (or just ``message``) on
    ``field`` ("" for the whole form); a mapping of field names to messages works too.
    """

    def __init__(
        self,
        message: Any | Mapping[str, Sequence[Any]] = None,
        field: str | None = None,
        messages: Sequence[Any] = (),
    ):
        if isinstance(message, Mapping):
            super().__init__(message)
        else:
            super().__init__({field or "": list(messages) or [message]})

    @property
    def field(self) -> str | None:
        """The form field the refusal is about, or None for the whole form."""
        return next((name for name in self.errors if name), None)
