"""The impact page is in the organiser's menu (organisers only), and the privacy statement covers evaluations."""

from __future__ import annotations

from talkshow_app.accounts.models import Role


def test_organisers_find_impact_in_their_menu_and_editors_do_not(client, make_user, login):
    login(make_user(Role.ORGANISER))
    board = client.get("/organiser/").get_data(as_text=True)
    menu = board.split('class="organiser-nav"')[1].split("</nav>")[0]
    assert 'href="/organiser/impact/"' in menu and ">Impact<" in menu
    impact = client.get("/organiser/impact/").get_data(as_text=True)
    assert 'href="/organiser/impact/" aria-current="page"' in impact


def test_editors_do_not_see_impact_in_the_menu(client, make_user, login):
    login(make_user(Role.EDITOR))
    archive = client.get("/organiser/archive").get_data(as_text=True)
    assert 'class="organiser-nav"' in archive and "/organiser/impact/" not in archive


def test_the_privacy_statement_says_what_an_evaluation_answer_keeps(client):
    page = client.get("/privacy").get_data(as_text=True)
    assert "Als u na een talkshow de evaluatie invult" in page
    assert "niet gekoppeld aan u" in page and "minder dan 5 antwoorden" in page
    english = client.get("/privacy?lang=en").get_data(as_text=True)
    assert "not linked to you" in english
