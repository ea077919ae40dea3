"""What every feature's use cases share: not found, not allowed, refused input.

No Flask and no database here. Services raise these; the app answers ``NotFound`` with the
friendly 404 page and ``NotAllowed`` with 403 (``errors.py``), and views turn a ``DomainError``'s
field-keyed messages into form errors.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol


class NotFound(LookupError):
    """No object answers to this slug, id or token (or not for this audience)."""


class NotAllowed(PermissionError):
    """The acting person may not do this."""


class DomainError(ValueError):
    """Refused input or state: ``errors`` maps a field name ("" for the whole form) to messages.

    Messages are lazy translations, rendered where a language is known; ``str()`` names only the
    fields, so logs never carry what a person typed.
    """

    def __init__(self, errors: Mapping[str, Sequence[Any]] | None = None):
        self.errors: dict[str, list[Any]] = {field: list(msgs) for field, msgs in (errors or {}).items() if msgs}
        super().__init__("refused: " + ", ".join(sorted(self.errors) or ["-"]))

    @classmethod
    def on(cls, field: str, message: Any) -> DomainError:
        """One message on one field ("" for the form as a whole)."""
        return cls({field: [message]})

    @property
    def messages(self) -> list[Any]:
        """Every message, form-wide ones first."""
        ordered = sorted(self.errors, key=lambda field: field != "")
        return [message for field in ordered for message in self.errors[field]]

    @property
    def message(self) -> Any:
        """The first message, for a flash or a JSON error."""
        messages = self.messages
        return messages[0] if messages else ""


class Actor(Protocol):
    is_authenticated: bool

    def has_role(self, *roles: Any) -> bool: ...


def require_role(actor: Actor | None, *roles: Any) -> None:
    """Every write service calls this first: the view's decorator is not the only guard."""
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.has_role(*roles):
        raise NotAllowed("role required: " + ", ".join(str(getattr(r, "value", r)) for r in roles))


def field_errors(errors: Mapping[str, Iterable[Any]]) -> dict[str, list[str]]:
    """Messages rendered as text (for JSON or tests)."""
    return {field: [str(m) for m in msgs] for field, msgs in errors.items()}
