"""The board's "what waits" panel: counts from the data, each shown to the roles that can act on it."""

from __future__ import annotations

import re
from datetime import date
from types import SimpleNamespace

import pytest
from sqlalchemy import event

from talkshow_app.accounts.models import Role
from talkshow_app.archive.kinds import OutputState
from talkshow_app.extensions import db as _db
from talkshow_app.mailing.models import OutboxStatus
from talkshow_app.organiser.waiting import waiting_for
from tests.organiser.conftest import mail, output

# What the built data waits for, as (count, link) per panel line.
ALL = {
    "questions": ("2", "/organiser/questions?state=submitted"),
    "review": ("1", "/organiser/archive?state=in_review"),
    "proposals": ("1", "/organiser/archive?state=draft"),
    "labs": ("2", "/organiser/labs/"),
    "mail": ("1", "/organiser/mail/"),
}
SEES = {
    Role.ORGANISER: {"questions", "labs", "mail"},
    Role.EDITOR: {"review", "proposals", "labs"},
    Role.ADMIN: set(ALL),
}


def panel(page: str) -> dict[str, tuple[str, str]]:
    section = page.split('class="waiting-panel"')[1].split("</section>")[0]
    found = re.findall(
        r'<li class="waiting-(\w+)"><a href="([^"]+)">[^<]*<span class="waiting-count">(\d+)</span>', section
    )
    return {key: (count, href.replace("&amp;", "&")) for key, href, count in found}


@pytest.mark.parametrize("role", [Role.ORGANISER, Role.EDITOR, Role.ADMIN])
def test_the_board_shows_what_waits_for_this_role(client, make_user, login, built, role):
    login(make_user(role))
    page = client.get("/organiser/").get_data(as_text=True)
    assert "Wat er wacht" in page
    shown = panel(page)
    assert shown == {key: ALL[key] for key in SEES[role]}
    assert {href: client.get(href).status_code for _count, href in shown.values()} == {
        href: 200 for _count, href in shown.values()
    }


def test_the_panel_speaks_english_on_request(client, make_user, login, built):
    login(make_user(Role.ORGANISER))
    page = client.get("/organiser/?lang=en").get_data(as_text=True)
    assert "What waits" in page and "Questions to moderate" in page and "Mails that failed" in page


def test_nothing_waiting_says_so(client, make_user, login):
    login(make_user(Role.EDITOR))
    page = client.get("/organiser/").get_data(as_text=True)
    assert "Er wacht op dit moment niets op u." in page and 'class="waiting-list"' not in page


def test_the_counts_take_one_statement_whatever_the_data(app, db, built):
    everyone = SimpleNamespace(is_authenticated=True, has_role=lambda *roles: True)
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    def run() -> list:
        statements.clear()
        with app.test_request_context():
            event.listen(_db.engine, "before_cursor_execute", count)
            try:
                return waiting_for(everyone, date.today())
            finally:
                event.remove(_db.engine, "before_cursor_execute", count)

    before = {item.key: item.count for item in run()}
    assert len(statements) == 1
    db.session.add_all([mail(n, OutboxStatus.FAILED) for n in range(10, 20)])
    db.session.add_all([output(f"nog-een-rapport-{n}", OutputState.IN_REVIEW) for n in range(5)])
    db.session.commit()
    after = {item.key: item.count for item in run()}
    assert len(statements) == 1
    assert after["mail"] == before["mail"] + 10 and after["review"] == before["review"] + 5
