"""Every write service of matching checks the acting person's role itself, not only the view's decorator."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from talkshow_app.accounts.models import Role
from talkshow_app.domain import NotAllowed
from talkshow_app.mailing.models import OutboxMessage
from talkshow_app.matching import matches, offers, questions
from talkshow_app.matching.models import CapacityUnit, Level, Match, Offer, OfferKind, Question, QuestionState
from talkshow_app.site import Site

SITE = Site(public_url="https://talkshows.example.org", sender="Den Haag Draait Door <talkshows@example.org>")


@pytest.fixture(params=["nobody", "editor"])
def outsider(request, make_user):
    """No acting user at all, or one without the organiser role."""
    return None if request.param == "nobody" else make_user(Role.EDITOR)


def _offer_input(institution_id: int, title: str = "Minor Wijkgericht werken") -> offers.OfferInput:
    return offers.OfferInput(
        title=title, kind=OfferKind.MINOR, institution_id=institution_id, programme="Social Work",
        level=Level.HBO_BACHELOR, period_start=date(2027, 2, 1), period_end=date(2027, 6, 30), capacity=3,
        capacity_unit=CapacityUnit.TEAMS, contact_name="Docent", contact_email="docent@example.org",
    )


def test_question_moderation_needs_an_organiser(db, outsider, make_question):
    question = make_question(state=QuestionState.SUBMITTED)
    refused = [
        lambda: questions.change_state(question.id, QuestionState.ACCEPTED, actor=outsider),
        lambda: questions.accept_question(question.id, actor=outsider),
        lambda: questions.reject_question(question.id, actor=outsider, reason="Geen vraag voor onderwijs."),
    ]
    for call in refused:
        with pytest.raises(NotAllowed):
            call()
    db.session.expire_all()
    stored = db.session.get(Question, question.id)
    assert stored.state == QuestionState.SUBMITTED and stored.moderated_by_id is None


def test_confirming_a_match_needs_an_organiser(db, outsider, make_question, make_offer):
    question = make_question()
    offer = make_offer(themes=[question.theme])
    with pytest.raises(NotAllowed):
        matches.confirm_match(question.id, kind="offer", slug=offer.slug, actor=outsider, site=SITE)
    db.session.expire_all()
    assert db.session.get(Offer, offer.id).remaining_capacity == offer.capacity
    assert db.session.scalar(select(func.count(Match.id))) == 0
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0


def test_offer_changes_need_an_organiser(db, outsider, make_offer, make_organisation):
    institution = make_organisation()
    offer = make_offer(title="Bestaand aanbod")
    refused = [
        lambda: offers.create_offer(_offer_input(institution.id), actor=outsider),
        lambda: offers.update_offer(offer.id, _offer_input(institution.id, title="Overgenomen"), actor=outsider),
        lambda: offers.delete_offer(offer.id, actor=outsider),
    ]
    for call in refused:
        with pytest.raises(NotAllowed):
            call()
    db.session.expire_all()
    assert [o.title for o in db.session.scalars(select(Offer))] == ["Bestaand aanbod"]
