"""The mails of a confirmed match at delivery: from the outbox row's plain context to the template's values.

``matches._queue_match_mails`` stores the question's id and the target's names; the question itself
is read again when the mail is sent. ``register`` (called once by the app factory) connects the
template to the mail outbox.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..extensions import db
from ..mailing.rendering import MailParts, RenderError
from ..mailing.rendering import register as register_renderer
from ..site import Site
from .models import Question

MATCH_CONFIRMED = "matching/email/match_confirmed"


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


def register() -> None:
    """Connect the match template to the mail outbox (idempotent)."""
    register_renderer([MATCH_CONFIRMED], render_match_mail)
