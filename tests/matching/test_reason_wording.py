"""The question page explains the fit in plain words: what counts, and a broad offer's disciplines as a fit."""

from __future__ import annotations

import re

from talkshow_app.matching.scoring import WEIGHTS


def _reason_items(page: str) -> list[tuple[str, str]]:
    return [
        (kind, re.sub(r"<[^>]+>", "", text).strip())
        for kind, text in re.findall(r'<li class="reason-(fits|gap)">(.*?)</li>', page, re.S)
    ]


def test_an_offer_listing_more_disciplines_than_asked_is_told_as_a_fit(
    client, db, make_theme, make_question, make_offer, make_discipline
):
    theme = make_theme(name="Leefbaarheid")
    data, design, law = make_discipline("Data science"), make_discipline("Ontwerp"), make_discipline("Rechten")
    question = make_question(theme=theme, disciplines=[data])
    make_offer(title="Minor Slimme Stad", themes=[theme], disciplines=[data, design, law])
    page = client.get(f"/questions/{question.slug}").get_data(as_text=True)
    reasons = _reason_items(page)
    broad = [item for item in reasons if "disciplines die het noemt" in item[1]]
    assert broad, reasons
    kind, text = broad[0]
    assert kind == "fits", "having the discipline asked for is a fit, not a gap"
    assert "Van de 3 disciplines die het noemt, wordt er 1 gevraagd; de andere voegen niets toe aan de match." in text
    assert ("fits", "Past: Brengt Data science.") in reasons

    english = client.get(f"/questions/{question.slug}?lang=en").get_data(as_text=True)
    assert "Of the 3 disciplines it lists, 1 is asked for; the others add nothing to the fit." in english


def test_the_page_says_what_the_fit_is_made_of_with_the_real_weights(client, db, make_question):
    question = make_question()
    page = client.get(f"/questions/{question.slug}?lang=en").get_data(as_text=True)
    shares = {name: round(weight * 100) for name, weight in WEIGHTS.items()}
    assert (
        f"the theme ({shares['theme']}%), the disciplines asked for ({shares['disciplines']}%), "
        f"the place ({shares['place']}%) and the period ({shares['time']}%)"
    ) in page
    assert "adds nothing" in page


def test_a_lab_without_a_period_is_not_said_to_run_all_year(app):
    from flask_babel import force_locale

    from talkshow_app.matching.reasons import reason_text
    from talkshow_app.matching.scoring import Reason

    with app.test_request_context("/"), force_locale("en"):
        assert reason_text(Reason("no_period", True)) == "Has no fixed period, so any time suits."
