from __future__ import annotations

import pytest

from talkshow_app.cli import DEMO_LOADERS


@pytest.fixture
def demo(db):
    """The demo series: talkshows, labs, questions, offers and archive outputs, as `flask demo-data` loads them."""
    for load in DEMO_LOADERS:
        load()
    db.session.commit()
