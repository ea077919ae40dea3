"""The registration panel that the talkshow page and the register page show (forms and free seats)."""

from __future__ import annotations

from typing import Any

from .forms import RegistrationForm, ResendForm
from .labels import CLOSED_MESSAGES
from .seats import availability


def registration_panel(talkshow: Any, form: RegistrationForm | None = None) -> dict[str, Any]:
    """What the panel shows: the form, free seats, or why registration is closed."""
    available = availability(talkshow)
    return {
        "form": form or RegistrationForm(),
        "resend_form": ResendForm(prefix="resend"),
        "counts": available.counts,
        "seats_left": available.seats_left,
        "closed_message": CLOSED_MESSAGES[available.closed] if available.closed else None,
    }
