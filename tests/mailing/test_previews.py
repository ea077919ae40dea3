"""Organisers preview every mail the app sends, with demo values, in Dutch and English; nothing is sent."""

from __future__ import annotations

import pytest

from talkshow_app.accounts.models import Role
from talkshow_app.mailing import previews, rendering
from talkshow_app.site import current_site


def test_every_registered_template_has_demo_values_and_renders_in_both_languages(app, db):
    assert previews.without_demo() == [], "register demo values beside the renderer (mailing.previews.register_demo)"
    templates = sorted(rendering.registered_templates())
    assert {"registrations", "classes", "impact", "follows", "matching", "proposals", "accounts", "mailing"} <= {
        template.split("/", 1)[0] for template in templates
    }
    with app.test_request_context("/"):
        for template in templates:
            dutch, english = (previews.preview(template, language, current_site()) for language in ("nl", "en"))
            for shown in (dutch, english):
                assert shown.problem == "", (template, shown.language, shown.problem)
                assert shown.subject and shown.text and "<html" in shown.html.lower(), (template, shown.language)
                assert "example.org" not in shown.subject
            assert dutch.text != english.text, template  # each language has its own wording


def test_the_page_lists_every_template_grouped_by_feature(client, db, smtp, make_user, login):
    login(make_user(Role.ORGANISER))
    response = client.get("/organiser/mail-templates")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    for template in rendering.registered_templates():
        key = previews.key(template)
        assert f'id="mail-{key}-nl"' in page and f'id="mail-{key}-en"' in page, template
        assert f"/organiser/mail-templates/{key}/en.html" in page
    for heading in (
        "Aanmeldingen",
        "Klasreserveringen",
        "Volgers",
        "Vragen uit de stad",
        "Voorstellen voor het archief",
    ):
        assert heading in page
    assert "Een speelplek voor tieners in Moerwijk" in page and "Karim Haddou" in page and "Thomas Bakker" in page
    assert "kan niet worden getoond" not in page
    assert len(smtp.inbox) == 0


def test_the_frame_shows_one_mail_and_refuses_unknown_ones(client, db, make_user, login):
    login(make_user(Role.ORGANISER))
    html = client.get("/organiser/mail-templates/follows.email.digest/en.html")
    assert html.status_code == 200 and "Wie kent zijn buren nog?" in html.get_data(as_text=True)
    assert client.get("/organiser/mail-templates/follows.email.digest/fr.html").status_code == 404
    assert client.get("/organiser/mail-templates/nonsense/nl.html").status_code == 404


def test_a_template_without_demo_values_is_named_and_the_page_still_works(client, db, make_user, login):
    rendering.register(["demo/email/nieuw"], rendering.plain)
    try:
        assert previews.without_demo() == ["demo/email/nieuw"]
        login(make_user(Role.ORGANISER))
        response = client.get("/organiser/mail-templates")
        assert response.status_code == 200
        assert "Deze mail kan niet worden getoond: no demo values are registered" in response.get_data(as_text=True)
    finally:
        rendering._RENDERERS.pop("demo/email/nieuw")


@pytest.mark.parametrize(
    "path", ["/organiser/mail-templates", "/organiser/mail-templates/classes.email.booked/nl.html"]
)
def test_editors_get_403(client, db, make_user, login, path):
    login(make_user(Role.EDITOR))
    assert client.get(path).status_code == 403
