"""The lab form's partners, themes and disciplines are checkbox lists, not Ctrl-click multi-selects."""

from __future__ import annotations

import re

from talkshow_app.accounts.models import Role


def test_lab_choices_are_checkboxes_and_a_failed_submit_keeps_the_ticks(
    client, make_user, login, make_theme, make_organisation
):
    login(make_user(role=Role.ORGANISER))
    partner = make_organisation(slug="hhs", name="De Haagse Hogeschool")
    theme = make_theme(slug="wonen", name="Wonen")
    form = client.get("/organiser/labs/new").get_data(as_text=True)
    assert "<select multiple" not in form and 'multiple="multiple"' not in form and " multiple>" not in form
    assert re.search(r'<fieldset class="field[^"]*" id="partners"', form) and 'name="partners" type="checkbox"' in form
    response = client.post(
        "/organiser/labs/new",
        data={"name": "", "partners": [str(partner.id)], "themes": [str(theme.id)]},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert re.search(rf'<input checked id="partners-\d+" name="partners" type="checkbox" value="{partner.id}">', page)
    assert re.search(rf'<input checked id="themes-\d+" name="themes" type="checkbox" value="{theme.id}">', page)
