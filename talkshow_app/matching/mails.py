"""The asker's and the partners' mails at delivery: from the outbox row's plain context to the template's values.

``matches._queue_match_mails`` stores the question's id and the target's names; ``queue_question_mail``
(called by ``questions`` in the moderation's transaction) stores the question's id and, for a
rejection, the reason as given. The question itself is read again when the mail is sent.
``register`` (called once by the app factory) connects the templates to the mail outbox.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..extensions import db
from ..mailing.models import OutboxMessage
from ..mailing.previews import register_demo
from ..mailing.rendering import MailParts, RenderError
from ..mailing.rendering import register as register_renderer
from ..mailing.services import queue_mail
from ..site import Site
from .models import AskerKind, HelpKind, Question

MATCH_CONFIRMED = "matching/email/match_confirmed"
# The asker hears that the question arrived, and whether it was accepted (its public page) or not (why).
QUESTION_RECEIVED = "matching/email/question_received"
QUESTION_ACCEPTED = "matching/email/question_accepted"
QUESTION_REJECTED = "matching/email/question_rejected"
QUESTION_MAILS = (QUESTION_RECEIVED, QUESTION_ACCEPTED, QUESTION_REJECTED)


def render_match_mail(context: Mapping[str, Any], site: Site, calendar_method: str | None) -> MailParts:
    question = db.session.get(Question, context["question_id"])
    if question is None:
        raise RenderError(f"question {context['question_id']} no longer exists")
    target_path = context.get("target_path")
    values = {
        "question": question,
        "question_url": site.link(f"/questions/{question.slug}"),
        "target_title": context["target_title"],
        "target_partner": context["target_partner"],
        "target_url": site.link(target_path) if target_path else None,
        "target_contact_name": context.get("target_contact_name"),
        "target_contact_email": context.get("target_contact_email"),
        "recipient": context["recipient"],
    }
    return MailParts(values=values)


def queue_question_mail(template: str, question: Question, site: Site, *, reason: str = "") -> OutboxMessage:
    """One of the asker's mails about their question, in their language, in the caller's transaction."""
    if question.id is None:
        db.session.flush()  # the context names the question by its id
    return queue_mail(
        to=question.contact_email,
        template=template,
        language=question.language,
        context={"question_id": question.id, "reason": reason},
        site=site,
    )


def render_question_mail(context: Mapping[str, Any], site: Site, calendar_method: str | None) -> MailParts:
    question = db.session.get(Question, context["question_id"])
    if question is None:
        raise RenderError(f"question {context['question_id']} no longer exists")
    values = {
        "question": question,
        "question_url": site.link(f"/questions/{question.slug}"),
        "questions_url": site.link("/questions"),
        "reason": context.get("reason") or "",
    }
    return MailParts(values=values)


def demo_values(template: str, site: Site, language: str) -> dict[str, Any]:
    """Made-up values for the organisers' preview of the asker's and the partners' mails."""
    question = Question(
        slug="speelplek-voor-tieners",
        title="Een speelplek voor tieners in Moerwijk",
        description="Tieners hebben in onze buurt geen plek om af te spreken. Wat willen zij zelf?",
        asker_kind=AskerKind.RESIDENT,
        help_kind=HelpKind.STUDENT_PROJECT,
        contact_name="Fatima el Amrani",
        contact_email="fatima.elamrani@example.org",
        contact_phone="06 12345678",
        language=language,
    )
    return {
        "question": question,
        "question_url": site.link(f"/questions/{question.slug}"),
        "target_title": "Stadslab Moerwijk",
        "target_partner": "De Haagse Hogeschool",
        "target_url": site.link("/labs/stadslab-moerwijk"),
        "target_contact_name": "Joost Verbeek",
        "target_contact_email": "j.verbeek@example.org",
        "recipient": "partner",
        "reason": "Deze vraag valt buiten de gemeente Den Haag.",
    }


def register() -> None:
    """Connect the matching templates to the mail outbox (idempotent)."""
    register_renderer([MATCH_CONFIRMED], render_match_mail)
    register_renderer(QUESTION_MAILS, render_question_mail)
    register_demo([MATCH_CONFIRMED, *QUESTION_MAILS], demo_values)
