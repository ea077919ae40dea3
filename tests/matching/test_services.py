"""Matching use cases against the database, without HTTP."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from talkshow_app.accounts.models import Role
from talkshow_app.mailing.models import OutboxMessage
from talkshow_app.matching import errors, links, matches, models, offers, questions
from talkshow_app.matching.models import AskerKind, HelpKind, Match, Offer, Question, QuestionState
from talkshow_app.site import Site

SITE = Site(public_url="https://talkshows.example.org", sender="Den Haag Draait Door <talkshows@example.org>")


def _input(theme, **fields) -> questions.QuestionInput:
    values = dict(
        title="Eenzaamheid onder ouderen in de Schilderswijk",
        description="Veel ouderen in onze straat komen de deur niet meer uit. Wat helpt hen?",
        asker_kind=AskerKind.RESIDENT,
        theme_id=theme.id,
        help_kind=HelpKind.RESEARCH,
        contact_name="Ria Vermeulen",
        contact_email="ria.vermeulen@example.org",
        stadsdeel="Centrum",
        wijk="Schilderswijk",
    )
    values.update(fields)
    return questions.QuestionInput(**values)


def test_submitted_question_waits_for_moderation_and_gets_a_free_slug(db, make_theme):
    theme = make_theme()
    first = questions.submit_question(_input(theme))
    second = questions.submit_question(_input(theme))
    assert first.state == QuestionState.SUBMITTED
    assert first.slug == "eenzaamheid-onder-ouderen-in-de-schilderswijk"
    assert second.slug.endswith("-2")
    with pytest.raises(errors.NotFound):
        questions.public_question(first.slug)
    new = questions.submit_question(_input(theme, title="New"))
    assert new.slug != "new"  # /questions/new is the form


def test_bad_values_store_nothing(db, make_theme):
    theme = make_theme()
    for bad in (
        {"stadsdeel": "Atlantis"},
        {"starts_on": date(2030, 5, 1), "deadline": date(2030, 4, 1)},
        {"theme_id": 999_999},
        {"discipline_ids": (999_999,)},
    ):
        with pytest.raises(errors.MatchingError):
            questions.submit_question(_input(theme, **bad))
    assert db.session.scalar(select(func.count(Question.id))) == 0


def test_moderation_accepts_or_rejects_with_a_reason(db, make_theme, make_user):
    organiser = make_user(Role.ORGANISER)
    theme = make_theme()
    question = questions.submit_question(_input(theme))
    with pytest.raises(errors.MatchingError):
        questions.reject_question(question.id, actor=organiser, reason="  ")
    rejected = questions.reject_question(question.id, actor=organiser, reason="Geen vraag voor onderwijs.")
    assert rejected.state == QuestionState.REJECTED and rejected.rejection_reason == "Geen vraag voor onderwijs."
    accepted = questions.accept_question(question.id, actor=organiser)
    assert accepted.state == QuestionState.ACCEPTED and accepted.rejection_reason == ""
    assert accepted.moderated_by_id == organiser.id and accepted.moderated_at is not None
    with pytest.raises(errors.InvalidTransition):
        questions.change_state(question.id, QuestionState.DONE, actor=organiser)


def test_confirming_matches_the_question_takes_capacity_and_mails_both_contacts(db, make_question, make_offer, make_user):
    organiser = make_user(Role.ORGANISER)
    question = make_question(language="en")
    offer = make_offer(themes=[question.theme], capacity=2, remaining_capacity=2)
    match = matches.confirm_match(question.id, kind="offer", slug=offer.slug, actor=organiser, site=SITE)

    db.session.expire_all()
    assert db.session.get(Question, question.id).state == QuestionState.MATCHED
    assert db.session.get(Offer, offer.id).remaining_capacity == 1
    stored = db.session.get(Match, match.id)
    assert stored.confirmed_by_id == organiser.id and stored.confirmed_at is not None
    assert 0 < stored.score <= 1 and any(r["code"] == "theme_fits" for r in stored.reasons)

    mails = {m.to_address: m for m in db.session.scalars(select(OutboxMessage))}
    assert set(mails) == {question.contact_email, offer.contact_email}
    to_asker, to_offer = mails[question.contact_email], mails[offer.contact_email]
    assert to_asker.language == "en" and "matched" in to_asker.subject
    assert offer.title in to_asker.text_body and offer.contact_email in to_asker.text_body
    assert to_offer.language == "nl" and question.contact_email in to_offer.text_body
    assert "https://talkshows.example.org/questions/" + question.slug in to_offer.text_body

    with pytest.raises(errors.AlreadyMatched):
        matches.confirm_match(question.id, kind="offer", slug=offer.slug, actor=organiser, site=SITE)


def test_a_full_offer_is_refused_and_capacity_never_goes_below_zero(db, make_question, make_offer, make_user):
    organiser = make_user(Role.ORGANISER)
    offer = make_offer(capacity=1, remaining_capacity=1)
    first, second = make_question(), make_question()
    matches.confirm_match(first.id, kind="offer", slug=offer.slug, actor=organiser, site=SITE)
    with pytest.raises(errors.OfferFull):
        matches.confirm_match(second.id, kind="offer", slug=offer.slug, actor=organiser, site=SITE)
    db.session.expire_all()
    assert db.session.get(Offer, offer.id).remaining_capacity == 0
    assert db.session.get(Question, second.id).state == QuestionState.ACCEPTED
    assert db.session.scalar(select(func.count(Match.id))) == 1
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 2  # only the first match's mails


def test_only_accepted_questions_can_be_matched(db, make_question, make_offer, make_user):
    organiser = make_user(Role.ORGANISER)
    offer = make_offer()
    waiting = make_question(state=QuestionState.SUBMITTED)
    with pytest.raises(errors.InvalidTransition):
        matches.confirm_match(waiting.id, kind="offer", slug=offer.slug, actor=organiser, site=SITE)
    accepted = make_question()
    with pytest.raises(errors.NotFound):
        matches.confirm_match(accepted.id, kind="offer", slug="bestaat-niet", actor=organiser, site=SITE)
    with pytest.raises(errors.NotFound):
        matches.confirm_match(accepted.id, kind="sprookje", slug=offer.slug, actor=organiser, site=SITE)
    db.session.expire_all()
    assert db.session.get(Offer, offer.id).remaining_capacity == offer.capacity


def test_a_lab_can_be_matched_and_then_lists_the_question(db, make_question, make_lab, make_user):
    organiser = make_user(Role.ORGANISER)
    question = make_question()
    lab = make_lab(themes=[question.theme], contact_email="lab@example.org", contact_name="Labcoördinator")
    matches.confirm_match(question.id, kind="lab", slug=lab.slug, actor=organiser, site=SITE)
    assert [q.id for q in links.lab_questions(lab.id)] == [question.id]
    assert {m.to_address for m in db.session.scalars(select(OutboxMessage))} == {question.contact_email, "lab@example.org"}


def test_matches_for_ranks_candidates_and_skips_closed_and_past_offers(db, make_question, make_offer, make_discipline):
    social, data = make_discipline("Sociaal werk"), make_discipline("Data science")
    question = make_question(disciplines=[social, data])
    best = make_offer(slug="a-best", themes=[question.theme], disciplines=[social, data])
    make_offer(slug="b-closed", themes=[question.theme], disciplines=[social, data], is_open=False)
    make_offer(slug="c-past", themes=[question.theme], disciplines=[social, data],
               period_start=date.today() - timedelta(days=200), period_end=date.today() - timedelta(days=1))
    partial = make_offer(slug="d-partial", themes=[question.theme], disciplines=[social])
    result = matches.matches_for(question.id)
    assert [m.slug for m in result.matches] == [best.slug, partial.slug]


def test_deleting_an_offer_with_matches_is_refused(db, make_question, make_offer, make_user):
    organiser = make_user(Role.ORGANISER)
    offer, unused = make_offer(), make_offer()
    matches.confirm_match(make_question().id, kind="offer", slug=offer.slug, actor=organiser, site=SITE)
    with pytest.raises(errors.OfferInUse):
        offers.delete_offer(offer.id, actor=organiser)
    offers.delete_offer(unused.id, actor=organiser)
    assert db.session.get(Offer, unused.id) is None


def test_offer_input_is_checked_before_anything_is_stored(db, make_organisation, make_user):
    organiser = make_user(Role.ORGANISER)
    institution = make_organisation()
    base = dict(
        title="Minor Wijkgericht werken", kind=models.OfferKind.MINOR, institution_id=institution.id,
        programme="Social Work", level=models.Level.HBO_BACHELOR, period_start=date(2027, 2, 1),
        period_end=date(2027, 6, 30), capacity=3, capacity_unit=models.CapacityUnit.TEAMS,
        contact_name="Docent", contact_email="docent@example.org",
    )
    for bad in ({"period_end": date(2027, 1, 1)}, {"remaining_capacity": 4}, {"stadsdelen": ("Atlantis",)},
                {"institution_id": 999_999}):
        with pytest.raises(errors.MatchingError):
            offers.create_offer(offers.OfferInput(**{**base, **bad}), actor=organiser)
    assert db.session.scalar(select(func.count(Offer.id))) == 0
    offer = offers.create_offer(offers.OfferInput(**base, stadsdelen=("Laak", "Centrum")), actor=organiser)
    assert offer.remaining_capacity == 3 and offer.preferred_stadsdelen == ["Centrum", "Laak"]


def test_a_slug_taken_between_choosing_and_storing_is_retried(db, make_theme, monkeypatch):
    theme = make_theme()
    first = questions.submit_question(_input(theme))
    # Simulate the race: the free-slug check says "free" once for a slug that is in fact taken.
    calls = {"n": 0}
    real = questions.slug_taken

    def racing(model):
        check = real(model)

        def is_taken(candidate):
            calls["n"] += 1
            return False if calls["n"] == 1 else check(candidate)

        return is_taken

    monkeypatch.setattr(questions, "slug_taken", racing)
    second = questions.submit_question(_input(theme))
    assert second.slug != first.slug and calls["n"] > 1


def test_confirming_the_same_pair_twice_at_once_is_refused_not_a_crash(db, make_question, make_offer, make_user, monkeypatch):
    organiser = make_user(Role.ORGANISER)
    question, offer = make_question(), make_offer(capacity=3, remaining_capacity=3)
    matches.confirm_match(question.id, kind="offer", slug=offer.slug, actor=organiser, site=SITE)
    # The second organiser loaded the question before the first one committed: no confirmed keys seen.
    monkeypatch.setattr(matches, "_confirmed_keys", lambda question: set())
    with pytest.raises(errors.AlreadyMatched):
        matches.confirm_match(question.id, kind="offer", slug=offer.slug, actor=organiser, site=SITE)
    db.session.expire_all()
    assert db.session.get(Offer, offer.id).remaining_capacity == 2
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 2
