"""The output form's links (speakers, organisations, talkshows, themes, labs, questions) are checkbox lists."""

from __future__ import annotations

import re

LINKS = ("speakers", "organisations", "talkshows", "themes", "labs", "questions")


def test_links_are_checkbox_fieldsets_and_a_failed_submit_keeps_the_ticks(
    client, login, editor, make_theme, make_lab, make_talkshow
):
    theme = make_theme(name="Klimaat", slug="klimaat")
    lab = make_lab(name="Stadslab Moerwijk", slug="stadslab-moerwijk")
    make_talkshow(title="Avond over de wijk", slug="avond-wijk")
    login(editor)
    form = client.get("/organiser/archive/new").get_data(as_text=True)
    assert "<select multiple" not in form and 'multiple="multiple"' not in form and " multiple>" not in form
    for name in LINKS:
        assert re.search(rf'<fieldset class="field field-group[^"]*scrollable-choices[^"]*" id="{name}"', form), name
    assert f'type="checkbox" value="{theme.id}"' in form and "<legend>Thema" in form
    response = client.post(
        "/organiser/archive/new",
        data={"title": "", "output_type": "article", "themes": [str(theme.id)], "labs": [str(lab.id)]},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Geef de publicatie een titel." in page
    assert re.search(rf'<input checked id="themes-\d+" name="themes" type="checkbox" value="{theme.id}">', page)
    assert re.search(rf'<input checked id="labs-\d+" name="labs" type="checkbox" value="{lab.id}">', page)
