"""How the lab directory's use cases refuse.

``LabNotFound`` rises to the app's 404 handler. ``LabError`` is a ``DomainError``: its messages
are keyed by the lab form's field names ("" for the whole form), so a view puts them on its form
or flashes ``error.message``.
"""

from __future__ import annotations

from .. import domain


class LabNotFound(domain.NotFound):
    """No lab answers to this slug or id."""


class LabError(domain.DomainError):
    """A change to a lab that cannot be made."""
