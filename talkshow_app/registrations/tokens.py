"""The registrant's secret link and the check-in code: random, stored only as a hash (the link) or a code."""

from __future__ import annotations

import hashlib
import secrets
from typing import TYPE_CHECKING

from ..site import Site

if TYPE_CHECKING:
    from .models import Registration


def new_token() -> str:
    """256 random bits for the registrant's secret link."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """Only this is stored: a leaked database gives nobody a working link."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_checkin_code() -> str:
    return secrets.token_urlsafe(16)


def rotate_token(registration: Registration) -> str:
    """A fresh link (only its hash is stored, so the old link cannot be mailed again); the old one stops working."""
    token = new_token()
    registration.token_hash = token_hash(token)
    return token


def manage_url(site: Site, token: str) -> str:
    return site.link(f"/registrations/{token}")


def checkin_url(site: Site, code: str) -> str:
    return site.link(f"/organiser/checkin/{code}")
