"""Organisers preview every registrant mail with demo values in both languages; nothing is sent."""

from __future__ import annotations

import pytest

from talkshow_app.accounts.models import Role
from talkshow_app.registrations import mails


def test_every_template_in_both_languages(client, db, smtp, make_user, login):
    login(make_user(Role.ORGANISER))
    response = client.get("/organiser/mail-templates")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    for kind in mails.KINDS:
        key = f"registrations.email.{kind}"
        assert f'id="mail-{key}-nl"' in page and f'id="mail-{key}-en"' in page
    assert "Beste Sanne de Wit," in page and "Dear Sanne de Wit," in page
    assert "Error:" not in page and "(TypeError" not in page and "(UndefinedError" not in page
    assert "Wie kent zijn buren nog?" in page
    html = client.get("/organiser/mail-templates/registrations.email.confirmed/en.html")
    assert html.status_code == 200 and "Sanne de Wit" in html.get_data(as_text=True)
    assert client.get("/organiser/mail-templates/nonsense/nl.html").status_code == 404
    assert len(smtp.inbox) == 0


@pytest.mark.parametrize(
    "path", ["/organiser/mail-templates", "/organiser/mail-templates/registrations.email.confirmed/nl.html"]
)
def test_editors_get_403(client, db, make_user, login, path):
    login(make_user(Role.EDITOR))
    assert client.get(path).status_code == 403
