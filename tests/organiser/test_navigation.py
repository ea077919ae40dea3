"""One organiser menu: the same items in the same order on every organiser page, filtered by role.

Every menu link a role sees opens for that role (no link that answers 403), and an organiser
without the editor role is told on the archive board why there is no "New output" button.
"""

from __future__ import annotations

import re

import pytest
from flask import Flask
from werkzeug.routing import BuildError

from talkshow_app.accounts.models import Role

# Answers that are not pages with a menu: a CSV file, a stored file, a check-in code.
NOT_PAGES = {"registrations.organiser_csv", "archive.manage_download", "registrations.checkin_code"}
# Which items each role sees, in order (a change here is a change in who may open what).
EXPECTED = {
    Role.ORGANISER: [
        "/organiser/",
        "/organiser/talkshows",
        "/organiser/themes",
        "/organiser/speakers",
        "/organiser/organisations",
        "/organiser/venues",
        "/organiser/labs/",
        "/organiser/questions",
        "/organiser/offers",
        "/organiser/archive",
        "/organiser/mail/",
        "/organiser/impact/",
    ],
    Role.EDITOR: ["/organiser/", "/organiser/labs/", "/organiser/archive"],
}
EXPECTED[Role.ADMIN] = EXPECTED[Role.ORGANISER]


def menu(page: str) -> str:
    assert page.count('class="organiser-nav"') == 1, "exactly one organiser menu on the page"
    return page.split('class="organiser-nav"')[1].split("</nav>")[0]


def links(menu_html: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', menu_html)


def organiser_pages(app: Flask, values: dict) -> list[str]:
    """Every GET route under /organiser, with the ids of built data filled in."""
    paths = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if (
                not rule.rule.startswith("/organiser")
                or "GET" not in (rule.methods or ())
                or rule.endpoint in NOT_PAGES
            ):
                continue
            arguments = {name: values[name] for name in rule.arguments if name in values}
            if rule.endpoint == "images_manage.edit":
                arguments = {"kind": "talkshow", "subject_id": values["talkshow_id"]}
            if set(arguments) != set(rule.arguments):
                continue
            try:
                paths.append(app.url_for(rule.endpoint, **arguments))
            except BuildError:
                continue
    return sorted(set(paths))


@pytest.mark.parametrize("role", [Role.ORGANISER, Role.EDITOR, Role.ADMIN])
def test_every_organiser_page_a_role_opens_has_the_same_menu(app, client, make_user, login, built, role):
    login(make_user(role))
    pages = organiser_pages(app, built.values)
    opened = {}
    for path in pages:
        response = client.get(path)
        if response.status_code == 200 and response.mimetype == "text/html":
            without_mark = re.sub(r' aria-current="[a-z]+"', "", menu(response.get_data(as_text=True)))
            opened[path] = without_mark
    assert len(opened) >= (6 if role == Role.EDITOR else 20), sorted(opened)  # forms and detail pages too
    assert len(set(opened.values())) == 1, "the menu differs between organiser pages"
    assert links(next(iter(opened.values()))) == EXPECTED[role]


@pytest.mark.parametrize("role", [Role.ORGANISER, Role.EDITOR, Role.ADMIN])
def test_every_menu_link_a_role_sees_opens_for_that_role(client, make_user, login, built, role):
    login(make_user(role))
    seen = links(menu(client.get("/organiser/").get_data(as_text=True)))
    assert seen == EXPECTED[role]
    assert {href: client.get(href).status_code for href in seen} == dict.fromkeys(seen, 200)


def test_an_editor_sees_no_link_to_pages_that_refuse_editors(client, make_user, login, built):
    login(make_user(Role.EDITOR))
    board = menu(client.get("/organiser/archive").get_data(as_text=True))
    for refused in ("/organiser/talkshows", "/organiser/questions", "/organiser/mail/", "/organiser/themes"):
        assert refused not in board
        assert client.get(refused).status_code == 403


def test_the_current_page_is_marked_and_pages_below_mark_their_section(client, make_user, login, built):
    login(make_user(Role.ORGANISER))
    labs = menu(client.get("/organiser/labs/").get_data(as_text=True))
    assert 'href="/organiser/labs/" aria-current="page"' in labs and labs.count("aria-current") == 1
    speakers = menu(client.get("/organiser/speakers").get_data(as_text=True))
    assert 'href="/organiser/speakers" aria-current="page"' in speakers and speakers.count("aria-current") == 1
    attendees = menu(
        client.get(f"/organiser/talkshows/{built.values['talkshow_id']}/registrations").get_data(as_text=True)
    )
    assert 'href="/organiser/talkshows" aria-current="true"' in attendees and attendees.count("aria-current") == 1


def test_an_organiser_without_the_editor_role_is_told_why_and_whom_to_ask(client, make_user, login, built):
    make_user(Role.EDITOR, name="Redacteur Voorbeeld", email="redacteur@example.org")
    login(make_user(Role.ORGANISER))
    page = client.get("/organiser/archive").get_data(as_text=True)
    assert "/organiser/archive/new" not in page
    assert "de rol redacteur nodig" in page and "mailto:redacteur@example.org" in page
    assert client.get("/organiser/archive/new").status_code == 403
    english = client.get("/organiser/archive?lang=en").get_data(as_text=True)
    assert "takes the editor role, which your account does not have" in english


def test_an_editor_gets_the_button_and_no_explanation(client, make_user, login, built):
    login(make_user(Role.EDITOR))
    page = client.get("/organiser/archive").get_data(as_text=True)
    assert 'href="/organiser/archive/new"' in page and "de rol redacteur nodig" not in page
    assert client.get("/organiser/archive/new").status_code == 200
