"""The drawn theme pictures spell Dutch titles right, or at least never print a box for an accent."""

from __future__ import annotations

import pytest

from talkshow_app.images import drawing


@pytest.fixture
def no_system_font(monkeypatch):
    monkeypatch.setattr(drawing, "FONT_FILES", ("/nonexistent/font.ttf",))
    drawing._font_file.cache_clear()
    yield
    drawing._font_file.cache_clear()


def test_without_a_system_font_accents_become_their_base_letter(no_system_font):
    assert drawing._printable("Kansen en barrières, coöperatie") == "Kansen en barrieres, cooperatie"
    assert drawing.share_picture("Kansen en barrières", "#7a3e9d").startswith(b"\x89PNG")


def test_with_a_system_font_the_title_keeps_its_accents(monkeypatch):
    monkeypatch.setattr(drawing, "_font_file", lambda: "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
    assert drawing._printable("barrières") == "barrières"
