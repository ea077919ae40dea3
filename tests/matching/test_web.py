"""The public pages, open data and organiser area of matching, through the test client."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from talkshow_app.accounts.models import Role
from talkshow_app.mailing.models import OutboxMessage
from talkshow_app.matching.models import Match, Offer, Question, QuestionState


def _form(theme_obj, **overrides) -> dict:
    data = {
        "title": "Hoe houden we het Zuiderpark schoon?",
        "description": "Na zomerse dagen ligt het park vol afval. Wij willen weten wat bezoekers helpt om het op te ruimen.",
        "asker_kind": "organisation",
        "asker_organisation": "Buurtvereniging Zuiderpark",
        "theme": str(theme_obj.id),
        "stadsdeel": "Escamp",
        "wijk": "Moerwijk",
        "help_kind": "student_project",
        "starts_on": (date.today() + timedelta(days=14)).isoformat(),
        "deadline": (date.today() + timedelta(days=100)).isoformat(),
        "contact_name": "Henk de Vries",
        "contact_email": "henk.devries@example.org",
        "contact_phone": "06 1234 5678",
        "consent": "y",
    }
    data.update(overrides)
    return data


def test_a_visitor_submits_a_question_and_an_organiser_accepts_and_matches_it(
    app, client, db, make_theme, make_offer, make_discipline, make_user, login
):
    theme = make_theme(name="Leefbaarheid")
    design = make_discipline("Ontwerp")
    offer = make_offer(title="Minor Wijkgericht werken", themes=[theme], disciplines=[design], stadsdelen=("Escamp",))

    page = client.get("/questions/new")
    assert page.status_code == 200 and "Stel een vraag" in page.get_data(as_text=True)
    response = client.post("/questions/new", data=_form(theme, disciplines=[str(design.id)]))
    assert response.status_code == 302 and response.headers["Location"].endswith("/questions/new/thanks")
    assert "beoordeelt" in client.get(response.headers["Location"]).get_data(as_text=True)

    question = db.session.scalar(select(Question))
    assert question.state == QuestionState.SUBMITTED and [d.name for d in question.disciplines] == ["Ontwerp"]
    assert client.get(f"/questions/{question.slug}").status_code == 404  # moderated first
    assert question.title not in client.get("/questions").get_data(as_text=True)

    login(make_user(Role.ORGANISER))
    listing = client.get("/organiser/questions").get_data(as_text=True)
    assert question.title in listing
    detail = client.get(f"/organiser/questions/{question.id}").get_data(as_text=True)
    assert "henk.devries@example.org" in detail  # organisers see the contact
    assert client.post(f"/organiser/questions/{question.id}/state", data={"state": "accepted"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Question, question.id).state == QuestionState.ACCEPTED
    assert question.title in client.get("/questions").get_data(as_text=True)

    page = client.get(f"/organiser/questions/{question.id}").get_data(as_text=True)
    assert "Minor Wijkgericht werken" in page and "Bevestig deze match" in page
    response = client.post(f"/organiser/questions/{question.id}/confirm", data={"kind": "offer", "slug": offer.slug})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Question, question.id).state == QuestionState.MATCHED
    assert db.session.get(Offer, offer.id).remaining_capacity == offer.capacity - 1
    recipients = set(db.session.scalars(select(OutboxMessage.to_address)))
    assert recipients == {"henk.devries@example.org", offer.contact_email}
    public = client.get(f"/questions/{question.slug}").get_data(as_text=True)
    assert "Minor Wijkgericht werken" in public


def test_bad_question_input_shows_dutch_field_messages_and_stores_nothing(client, db, make_theme):
    theme = make_theme()
    cases = [
        ({"title": ""}, "Schrijf uw vraag in één zin."),
        ({"contact_email": "geen-adres"}, "Vul een geldig e-mailadres in."),
        ({"consent": ""}, "toestemming"),
        ({"deadline": (date.today() + timedelta(days=5)).isoformat()}, "De deadline moet op of na de vroegste start liggen."),
        ({"asker_organisation": ""}, "Noem uw organisatie of afdeling."),
        ({"stadsdeel": "", "wijk": "Moerwijk"}, "Kies het stadsdeel"),
        ({"theme": "999999"}, None),
        ({"theme": "abc"}, None),
        ({"stadsdeel": "Atlantis"}, None),
        ({"asker_kind": "alien"}, None),
        ({"disciplines": ["12345"]}, None),
        ({"starts_on": "gisteren"}, None),
    ]
    for overrides, message in cases:
        response = client.post("/questions/new", data=_form(theme, **overrides))
        assert response.status_code == 400, overrides
        body = response.get_data(as_text=True)
        assert "field-error" in body
        if message:
            assert message in body, (overrides, message)
    assert db.session.scalar(select(func.count(Question.id))) == 0


@pytest.mark.csrf
def test_the_question_form_needs_its_csrf_token(client, db, make_theme):
    response = client.post("/questions/new", data=_form(make_theme()))
    assert response.status_code == 400
    assert db.session.scalar(select(func.count(Question.id))) == 0


def test_rejected_and_submitted_questions_are_404_to_the_public(client, make_question):
    for state in (QuestionState.SUBMITTED, QuestionState.REJECTED):
        question = make_question(state=state)
        assert client.get(f"/questions/{question.slug}").status_code == 404
        assert client.get(f"/api/questions/{question.slug}/matches").status_code == 404
    assert client.get("/questions/bestaat-niet").status_code == 404
    assert client.get("/api/questions/bestaat-niet/matches").get_json()["error"]["code"] == "not_found"


def test_json_matches_follow_the_contract_and_agree_with_the_page(client, make_question, make_offer, make_lab,
                                                                  make_discipline, make_organisation):
    social, data, law = make_discipline("Sociaal werk"), make_discipline("Data science"), make_discipline("Rechten")
    question = make_question(disciplines=[social, data, law])
    hhs, leiden = make_organisation(name="De Haagse Hogeschool"), make_organisation(name="Universiteit Leiden")
    make_offer(slug="hhs-social-work", title="Minor Social Work", institution=hhs, themes=[question.theme],
               disciplines=[social, law])
    make_offer(slug="leiden-data", title="Data science onderzoeksgroep", institution=leiden, themes=[question.theme],
               disciplines=[data])
    make_lab(slug="stadslab-x", name="Stadslab X", themes=[question.theme], stadsdeel="Centrum")

    body = client.get(f"/api/questions/{question.slug}/matches")
    assert body.status_code == 200 and body.mimetype == "application/json"
    payload = body.get_json()
    assert set(payload) == {"matches", "teams"}
    for match in payload["matches"]:
        assert set(match) == {"kind", "slug", "title", "score", "reasons"}
        assert match["kind"] in ("offer", "lab") and 0 <= match["score"] <= 1
        assert match["reasons"] and all(isinstance(r, str) and r for r in match["reasons"])
    scores = [m["score"] for m in payload["matches"]]
    assert scores == sorted(scores, reverse=True)
    assert {m["slug"] for m in payload["matches"]} == {"hhs-social-work", "leiden-data", "stadslab-x"}
    team = payload["teams"][0]
    assert set(team) == {"members", "disciplines_covered", "score"}
    assert sorted(team["members"]) == ["hhs-social-work", "leiden-data"]
    assert team["disciplines_covered"] == ["Data science", "Rechten", "Sociaal werk"]
    # Reasons are Dutch by default and name both what fits and what is missing.
    social_reasons = next(m for m in payload["matches"] if m["slug"] == "hhs-social-work")["reasons"]
    assert any(r.startswith("Brengt") for r in social_reasons) and any(r.startswith("Mist") for r in social_reasons)

    page = client.get(f"/questions/{question.slug}").get_data(as_text=True)
    positions = [page.index(m["title"]) for m in payload["matches"]]
    assert positions == sorted(positions)  # the page shows the same order as the JSON
    assert "Multidisciplinaire teams" in page


def test_contact_details_never_reach_public_html_or_json(client, make_question, make_offer, make_lab, make_talkshow):
    question = make_question(contact_name="Geheime Naam", contact_email="geheim@example.org", contact_phone="070 999 8888")
    make_offer(themes=[question.theme])
    talkshow = make_talkshow(theme=question.theme)
    pages = [
        "/questions", f"/questions/{question.slug}", f"/api/questions/{question.slug}/matches", "/matching",
        f"/talkshows/{talkshow.slug}",
    ]
    for url in pages:
        body = client.get(url).get_data(as_text=True)
        assert question.title in body or url.startswith("/api"), url
        for secret in ("Geheime Naam", "geheim@example.org", "070 999 8888"):
            assert secret not in body, (url, secret)


def _bulk(make_question, make_offer, make_lab, make_discipline, themes, n):
    disciplines = [make_discipline() for _ in range(3)]
    for i in range(n):
        theme = themes[i % len(themes)]
        make_question(theme=theme, disciplines=disciplines[: 1 + i % 3], stadsdeel=["Centrum", "Laak", ""][i % 3])
        make_offer(themes=[theme], disciplines=disciplines[i % 3: i % 3 + 2], stadsdelen=("Laak",) if i % 2 else ())
        make_lab(themes=[theme], disciplines=disciplines[:1], stadsdeel="Escamp", latitude=52.04, longitude=4.27)


def test_question_page_and_overview_use_a_fixed_number_of_queries(
    client, make_question, make_offer, make_lab, make_discipline, make_theme, count_queries
):
    themes = [make_theme(), make_theme()]
    target = make_question(theme=themes[0])
    _bulk(make_question, make_offer, make_lab, make_discipline, themes, 2)
    with count_queries() as small_page:
        assert client.get(f"/questions/{target.slug}").status_code == 200
    with count_queries() as small_overview:
        assert client.get("/matching").status_code == 200
    with count_queries() as small_list:
        assert client.get("/questions").status_code == 200
    _bulk(make_question, make_offer, make_lab, make_discipline, themes, 12)
    with count_queries() as big_page:
        assert client.get(f"/questions/{target.slug}").status_code == 200
    with count_queries() as big_overview:
        response = client.get("/matching")
    with count_queries() as big_list:
        assert client.get("/questions").status_code == 200
    with count_queries() as big_labs:
        labs = client.get("/matching/labs.json")
    assert len(big_page) == len(small_page)
    assert len(big_overview) == len(small_overview)
    assert len(big_list) == len(small_list)
    # The page holds no lab markers (its size does not grow with the labs); its map loads them, in one query.
    assert '"kind": "lab"' not in response.get_data(as_text=True)
    assert [m["kind"] for m in labs.get_json()] == ["lab"] * 14 and len(big_labs) == 1


def test_overview_sets_demand_beside_supply_and_flags_waiting_questions(client, make_question, make_offer, make_theme, make_lab):
    covered, lonely = make_theme(name="Onderwijs", slug="onderwijs"), make_theme(name="Veiligheid", slug="veiligheid")
    make_question(theme=covered, title="Gedekte vraag", stadsdeel="Laak")
    waiting = make_question(theme=lonely, title="Eenzame vraag", stadsdeel="Loosduinen")
    make_question(theme=covered, title="Afgeronde vraag", state=QuestionState.DONE)
    make_offer(themes=[covered], stadsdelen=("Laak",))
    lab = make_lab(themes=[covered], stadsdeel="Laak", latitude=52.06, longitude=4.32, name="Lab Laak")
    page = client.get("/matching").get_data(as_text=True)
    assert page.index("Gedekte vraag") < page.index("Afgeronde vraag")  # open questions first
    assert page.index("Eenzame vraag") < page.index("Afgeronde vraag")
    row = page[page.index('data-theme="veiligheid"'):]
    row = row[: row.index("</tr>")]
    assert "wacht zonder aanbod" in row
    laak = page[page.index('data-stadsdeel="Laak"'):]
    laak = laak[: laak.index("</tr>")]
    assert re.search(r"<td[^>]*>1</td>", laak) and "wacht zonder aanbod" not in laak  # cells carry a data-label
    loosduinen = page[page.index('data-stadsdeel="Loosduinen"'):]
    assert "wacht zonder aanbod" in loosduinen[: loosduinen.index("</tr>")]
    assert f"/questions/{waiting.slug}" in page
    assert '"kind": "question"' in page and 'data-labs-url="/matching/labs.json"' in page  # the map's two kinds
    labs = client.get("/matching/labs.json")
    assert labs.headers["Cache-Control"].startswith("public") and labs.headers["ETag"]
    assert labs.get_json() == [
        {"kind": "lab", "title": "Lab Laak", "url": f"/labs/{lab.slug}", "lat": 52.06, "lng": 4.32, "label": "Laak"}
    ]
    assert client.get("/matching/labs.json", headers={"If-None-Match": labs.headers["ETag"]}).status_code == 304
    assert "<caption>" in page and 'scope="col"' in page


def test_question_filters_live_in_the_url_and_bad_values_are_400(client, make_question, make_theme):
    a, b = make_theme(slug="thema-a"), make_theme(slug="thema-b")
    make_question(theme=a, title="Vraag in Laak", stadsdeel="Laak")
    make_question(theme=b, title="Vraag voor de hele stad", stadsdeel="")
    make_question(theme=a, title="Klaar in Laak", stadsdeel="Laak", state=QuestionState.DONE)
    page = client.get("/questions?theme=thema-a&stadsdeel=laak&state=accepted").get_data(as_text=True)
    assert "Vraag in Laak" in page and "Klaar in Laak" not in page and "hele stad" not in page.split("result-count")[1]
    page = client.get("/questions?stadsdeel=stad").get_data(as_text=True)
    assert "Vraag voor de hele stad" in page and "Vraag in Laak" not in page
    for bad in ("theme=bestaat-niet", "stadsdeel=atlantis", "state=rejected", "state=%00"):
        assert client.get(f"/questions?{bad}").status_code == 400, bad


def test_the_question_list_comes_in_pages_of_thirty_with_the_filters_kept(client, make_question, make_theme, count_queries):
    theme = make_theme(slug="wonen")
    for n in range(33):
        make_question(theme=theme, title=f"Vraag nummer {n:02d}", stadsdeel="Laak")
    make_question(title="Vraag van een ander thema", stadsdeel="Laak")
    first = client.get("/questions?theme=wonen").get_data(as_text=True)
    assert "Gevonden vragen: 33" in first and first.count('class="question-card"') == 30
    assert 'rel="next" href="/questions?page=2&amp;theme=wonen"' in first and 'rel="prev"' not in first
    assert "Pagina 1 van 2" in first
    with count_queries() as seen:
        second = client.get("/questions?theme=wonen&page=2").get_data(as_text=True)
    assert second.count('class="question-card"') == 3 and 'rel="prev" href="/questions?theme=wonen"' in second
    shown = {line for line in (first + second).split(">") if line.startswith("Vraag nummer")}
    assert len(shown) == 33, "every question on exactly one page"
    assert "Vraag van een ander thema" not in first + second
    for odd in ("page=abc", "page=-1", "page=99999999999"):  # forgiving, as /archive: page 1 or the last page
        assert client.get(f"/questions?theme=wonen&{odd}").status_code == 200, odd
    assert client.get("/questions?theme=wonen&page=7").get_data(as_text=True).count('class="question-card"') == 3
    api = client.get("/api/questions?theme=wonen&per_page=30&page=2").get_json()
    assert (api["total"], api["pages"], len(api["questions"])) == (33, 2, 3)
    assert len(seen) <= 8, "a count and one page of questions, not all of them"


def test_talkshow_page_shows_open_questions_of_its_theme_and_linked_offers(client, make_talkshow, make_question, make_offer):
    talkshow = make_talkshow()
    make_question(theme=talkshow.theme, title="Open vraag bij dit thema")
    make_question(theme=talkshow.theme, title="Al gematchte vraag", state=QuestionState.MATCHED)
    make_question(title="Vraag van een ander thema")
    make_offer(title="Minor die meekijkt", talkshows=[talkshow])
    page = client.get(f"/talkshows/{talkshow.slug}").get_data(as_text=True)
    assert "Open vraag bij dit thema" in page and "Minor die meekijkt" in page
    assert "Al gematchte vraag" not in page and "Vraag van een ander thema" not in page


def test_lab_page_lists_questions_matched_to_the_lab_or_its_offers(client, db, make_lab, make_question, make_offer, make_user):
    lab = make_lab(name="Wijklab")
    offer = make_offer(lab=lab)
    direct, via_offer, other = make_question(title="Direct aan het lab"), make_question(title="Via een aanbod"), make_question(title="Niet gematcht")
    user = make_user()
    db.session.add_all([
        Match(question=direct, lab=lab, score=0.5, reasons=[], confirmed_by_id=user.id),
        Match(question=via_offer, offer=offer, score=0.5, reasons=[], confirmed_by_id=user.id),
    ])
    direct.state = via_offer.state = QuestionState.MATCHED
    db.session.commit()
    page = client.get(f"/labs/{lab.slug}").get_data(as_text=True)
    assert "Direct aan het lab" in page and "Via een aanbod" in page and "Niet gematcht" not in page


def test_organiser_area_needs_the_organiser_role(client, make_user, login, make_question):
    question = make_question()
    assert client.get("/organiser/questions").status_code == 302  # to the login page
    login(make_user(Role.EDITOR))
    for url in ("/organiser/questions", f"/organiser/questions/{question.id}", "/organiser/offers", "/organiser/offers/new"):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/organiser/questions/{question.id}/confirm", data={"kind": "offer", "slug": "x"}).status_code == 403


def test_organiser_rejects_with_a_reason_and_bad_posts_never_500(client, db, make_user, login, make_question):
    login(make_user(Role.ORGANISER))
    question = make_question(state=QuestionState.SUBMITTED)
    response = client.post(f"/organiser/questions/{question.id}/reject", data={"reason": ""})
    assert response.status_code == 400 and "Geef de reden" in response.get_data(as_text=True)
    client.post(f"/organiser/questions/{question.id}/reject", data={"reason": "Dit is een klacht, geen vraag."})
    db.session.expire_all()
    rejected = db.session.get(Question, question.id)
    assert rejected.state == QuestionState.REJECTED and rejected.rejection_reason == "Dit is een klacht, geen vraag."
    assert client.post(f"/organiser/questions/{question.id}/state", data={"state": "done"}).status_code == 302
    assert client.post(f"/organiser/questions/{question.id}/state", data={"state": "gibberish"}).status_code == 302
    assert client.post(f"/organiser/questions/{question.id}/confirm", data={"kind": "x", "slug": ""}).status_code == 400
    assert client.post(f"/organiser/questions/{question.id}/confirm", data={"kind": "offer", "slug": "nope"}).status_code == 302
    assert client.post("/organiser/questions/99999/confirm", data={"kind": "offer", "slug": "nope"}).status_code == 404
    assert client.post("/organiser/questions/99999/state", data={"state": "accepted"}).status_code == 404
    assert client.get("/organiser/questions?state=nonsense").status_code == 400
    assert client.get("/organiser/questions/99999").status_code == 404
    db.session.expire_all()
    assert db.session.get(Question, question.id).state == QuestionState.REJECTED


def test_organiser_confirming_a_full_offer_is_told_so(client, db, make_user, login, make_question, make_offer):
    login(make_user(Role.ORGANISER))
    question = make_question()
    offer = make_offer(capacity=1, remaining_capacity=0)
    response = client.post(f"/organiser/questions/{question.id}/confirm", data={"kind": "offer", "slug": offer.slug},
                           follow_redirects=True)
    assert "vol" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Offer, offer.id).remaining_capacity == 0
    assert db.session.scalar(select(func.count(Match.id))) == 0


def test_organiser_manages_offers_with_dutch_field_messages(client, db, make_user, login, make_organisation, make_theme,
                                                            make_talkshow):
    login(make_user(Role.ORGANISER))
    institution, theme = make_organisation(name="Hogeschool Inholland"), make_theme()
    talkshow = make_talkshow(theme=theme)
    data = {
        "title": "Pedagogiek praktijkonderzoek", "kind": "course", "institution": str(institution.id),
        "programme": "Pedagogiek", "level": "hbo_bachelor", "period_start": "2027-02-01", "period_end": "2027-06-30",
        "capacity": "4", "capacity_unit": "teams", "is_open": "y", "contact_name": "Docent Pedagogiek",
        "contact_email": "pedagogiek@example.org", "themes": [str(theme.id)], "stadsdelen": ["Escamp"], "lab": "0",
        "talkshows": [str(talkshow.id)],
    }
    bad = client.post("/organiser/offers/new", data={**data, "period_end": "2027-01-01", "capacity": "-1"})
    assert bad.status_code == 400
    body = bad.get_data(as_text=True)
    assert "De periode moet op of na de start eindigen." in body and "Vul een getal van 0 tot 500 in." in body
    for garbage in ({"institution": "abc"}, {"kind": "nonsense"}, {"lab": "9999"}, {"stadsdelen": ["Atlantis"]},
                    {"capacity": "veel"}, {"remaining_capacity": "9"}):
        assert client.post("/organiser/offers/new", data={**data, **garbage}).status_code == 400, garbage
    assert db.session.scalar(select(func.count(Offer.id))) == 0

    assert client.post("/organiser/offers/new", data=data).status_code == 302
    offer = db.session.scalar(select(Offer))
    assert offer.remaining_capacity == 4 and offer.preferred_stadsdelen == ["Escamp"] and offer.talkshows[0].id == talkshow.id
    form = client.get(f"/organiser/offers/{offer.id}/edit").get_data(as_text=True)
    assert "Pedagogiek praktijkonderzoek" in form
    assert client.post(f"/organiser/offers/{offer.id}/edit", data={**data, "title": "Nieuwe titel", "remaining_capacity": "2"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Offer, offer.id).title == "Nieuwe titel" and db.session.get(Offer, offer.id).remaining_capacity == 2
    assert "Nieuwe titel" in client.get("/organiser/offers").get_data(as_text=True)
    assert client.get("/organiser/offers/9999/edit").status_code == 404
    assert client.post(f"/organiser/offers/{offer.id}/delete").status_code == 302
    assert db.session.scalar(select(func.count(Offer.id))) == 0


class TestRateLimit:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "RATELIMIT_ENABLED": True}

    def test_question_submissions_are_rate_limited(self, client, db, make_theme):
        theme = make_theme()
        codes = [client.post("/questions/new", data=_form(theme, title=f"Vraag nummer {i} over de buurt")).status_code for i in range(6)]
        assert codes[:5] == [302] * 5 and codes[5] == 429
        assert db.session.scalar(select(func.count(Question.id))) == 5
