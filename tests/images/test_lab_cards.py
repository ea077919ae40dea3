"""The lab directory shows a lab's picture on its card when it has one, and no picture (no empty box) when not."""

from __future__ import annotations

import re

from tests.images.conftest import png_bytes, upload


def lab_card(page: str, slug: str) -> str:
    cards = re.findall(r'<li class="lab-card">.*?</li>', page, flags=re.S)
    return next(card for card in cards if f'href="/labs/{slug}"' in card)


def test_a_lab_card_shows_the_labs_picture_and_only_then(organiser_client, db, make_lab):
    with_picture = make_lab(slug="schilderswijk", name="Wijklab Schilderswijk")
    make_lab(slug="moerwijk", name="Wijklab Moerwijk")
    response = upload(organiser_client, "lab", with_picture.id, png_bytes(), alt="Het buurthuis aan de Hoefkade")
    assert response.status_code == 302

    page = organiser_client.get("/labs").get_data(as_text=True)
    card = lab_card(page, "schilderswijk")
    assert 'alt="Het buurthuis aan de Hoefkade"' in card and "/media/images/" in card
    assert "<img" not in lab_card(page, "moerwijk") and "<picture" not in lab_card(page, "moerwijk")
