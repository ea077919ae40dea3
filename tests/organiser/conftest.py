"""Fixtures of the organiser-area tests: one of everything an organiser page can be about."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest

from talkshow_app.archive.kinds import OutputState, OutputType
from talkshow_app.archive.models import KnowledgeOutput
from talkshow_app.labs.models import LabStatus
from talkshow_app.mailing.models import OutboxMessage, OutboxStatus
from talkshow_app.matching.models import AskerKind, HelpKind, Level, Offer, OfferKind, Question, QuestionState
from talkshow_app.proposals.models import Proposal


@dataclass
class Built:
    values: dict[str, Any]


def question(n: int, state: QuestionState, theme: Any) -> Question:
    return Question(
        title=f"Vraag {n} over de buurt",
        slug=f"organiser-vraag-{n}",
        description="Bewoners willen weten hoe de buurt samen sterker wordt.",
        asker_kind=AskerKind.RESIDENT,
        theme=theme,
        stadsdeel="Centrum",
        help_kind=HelpKind.STUDENT_PROJECT,
        starts_on=date.today() + timedelta(days=30),
        deadline=date.today() + timedelta(days=120),
        contact_name="Vraagsteller Voorbeeld",
        contact_email=f"vrager{n}@example.org",
        state=state,
    )


def output(slug: str, state: OutputState) -> KnowledgeOutput:
    return KnowledgeOutput(
        slug=slug, title=slug.replace("-", " ").capitalize(), output_type=OutputType.REPORT, state=state
    )


def mail(n: int, status: OutboxStatus) -> OutboxMessage:
    return OutboxMessage(to_address=f"ontvanger{n}@example.org", subject="Onderwerp", text_body="Tekst", status=status)


@pytest.fixture
def built(db, make_talkshow, make_lab, make_theme, make_organisation) -> Built:
    """Two questions to moderate, one output in review, one proposal waiting, two stale labs, one failed mail.

    Each with a neighbour that does not count (an accepted question, a published output, a lab
    checked today, an ended lab, a sent mail).
    """
    talkshow = make_talkshow()
    theme = talkshow.theme
    checked_today = make_lab(last_checked_on=date.today())
    make_lab(last_checked_on=None)
    make_lab(last_checked_on=date.today() - timedelta(days=400))
    make_lab(last_checked_on=None, status=LabStatus.ENDED)
    session = db.session
    questions = [
        question(n, state, theme)
        for n, state in enumerate((QuestionState.SUBMITTED, QuestionState.SUBMITTED, QuestionState.ACCEPTED))
    ]
    in_review = output("rapport-ter-beoordeling", OutputState.IN_REVIEW)
    proposed = output("voorstel-van-buiten", OutputState.DRAFT)
    offer = Offer(
        title="Minor Wijkwerk",
        slug="minor-wijkwerk",
        kind=OfferKind.MINOR,
        institution=make_organisation(),
        programme="Social Work",
        level=Level.HBO_BACHELOR,
        period_start=date.today(),
        period_end=date.today() + timedelta(days=180),
        capacity=2,
        remaining_capacity=2,
        contact_name="Docent Aanbod",
        contact_email="docent@example.org",
    )
    session.add_all([*questions, in_review, proposed, output("rapport-gepubliceerd", OutputState.PUBLISHED), offer])
    session.add_all([mail(1, OutboxStatus.FAILED), mail(2, OutboxStatus.SENT), mail(3, OutboxStatus.QUEUED)])
    session.flush()
    session.add(
        Proposal(output_id=proposed.id, proposer_name="Bewoner Voorbeeld", proposer_email="bewoner@example.org")
    )
    session.commit()
    return Built(
        values={
            "talkshow_id": talkshow.id,
            "slug": checked_today.slug,
            "question_id": questions[0].id,
            "offer_id": offer.id,
            "output_id": in_review.id,
            "item_id": theme.id,
            "kind": "themes",
        }
    )
