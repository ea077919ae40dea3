"""The talkshow page names a speaker's part once, even when the job title says the same."""

from __future__ import annotations

from talkshow_app.series.models import SpeakerPart


def _speaker_item(page: str, name: str) -> str:
    speakers = page.split('class="speaker-list"', 1)[1].split("</ul>", 1)[0]
    items = [item for item in speakers.split("<li")[1:] if name in item]
    assert len(items) == 1, f"{name} not once in the speaker list"
    return items[0]


def test_a_host_titled_presentator_is_called_presentator_once(client, make_talkshow, make_speaker):
    host = make_speaker(name="Joost van der Meer", role_title="Presentator")
    guest = make_speaker(name="Fatima el Amrani", role_title="Wethouder")
    talkshow = make_talkshow(speakers=[(host, SpeakerPart.HOST.value), (guest, SpeakerPart.GUEST.value)])
    page = client.get(f"/talkshows/{talkshow.slug}").get_data(as_text=True)
    item = _speaker_item(page, "Joost van der Meer")
    assert "(presentator)" in item
    assert item.lower().count("presentator") == 1, item
    assert "Wethouder" in _speaker_item(page, "Fatima el Amrani")


def test_the_stylesheet_styles_phone_fields_like_text_fields():
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "static" / "css" / "app.css").read_text()
    rule = next(line for line in css.splitlines() if line.startswith("input[type=text]"))
    for kind in ("tel", "email", "url", "number", "date"):
        assert f"input[type={kind}]" in rule, kind
