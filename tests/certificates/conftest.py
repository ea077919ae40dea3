"""Certificate fixtures: a talkshow that has ended, with speakers, and registrations on it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest


@pytest.fixture
def ended(make_talkshow, make_speaker, make_theme):
    """A talkshow that ended yesterday evening, with two speakers."""
    starts_at = datetime.now(UTC).replace(microsecond=0, second=0) - timedelta(days=1, hours=3)
    theme = make_theme(name="Gezonde wijken", name_en="Healthy neighbourhoods")
    speakers = [(make_speaker(name="Noor Haddou"), "host"), (make_speaker(name="Pieter van Dam"), "guest")]
    return make_talkshow(
        title="Wie zorgt er voor de wijk?",
        slug="wie-zorgt-er-voor-de-wijk",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        theme=theme,
        speakers=speakers,
    )
