"""Fixtures for the calendar tests."""
from __future__ import annotations

import pytest

from talkshow_app.site import Site
from tests.conftest import PUBLIC_URL

SENDER = "Den Haag Draait Door <agenda@example.org>"


@pytest.fixture
def site() -> Site:
    return Site(public_url=PUBLIC_URL, sender=SENDER)
