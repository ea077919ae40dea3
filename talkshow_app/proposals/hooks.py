"""The proposer hears what became of the proposal: published (with its link) or sent back (with the reason).

The archive does not know this feature: a session hook sees an output's state change in any flush
(like ``follows.events``) and, when the output came from outside, queues the mail in that same
flush, so the decision and its mail are stored together. Publishing is the end of the proposal:
the proposer's name and address are removed in the same flush (the queued mail keeps the address
until it is sent and the outbox's own retention removes it).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from ..archive.kinds import OutputState
from ..archive.models import KnowledgeOutput, ReviewComment
from ..database import utcnow
from ..mailing.services import queue_mail
from ..site import Site
from .mails import PUBLISHED, RETURNED
from .models import Proposal


def _change(output: KnowledgeOutput) -> str | None:
    history = inspect(output).attrs.state.history
    if not history.added:
        return None
    before, after = (history.deleted or [None])[0], history.added[0]
    if after == OutputState.PUBLISHED and before != OutputState.PUBLISHED:
        return PUBLISHED
    if after == OutputState.DRAFT and before == OutputState.IN_REVIEW:
        return RETURNED
    return None


def _reason(session: Session, output: KnowledgeOutput) -> str:
    comments = [c for c in session.new if isinstance(c, ReviewComment) and c.output is output]
    return comments[-1].body if comments else ""


def _site() -> Site:
    from ..site import current_site

    return current_site()


def _tell_proposers(session: Session, _context: Any, _instances: Any) -> None:
    for output in list(session.dirty):
        if not isinstance(output, KnowledgeOutput):
            continue
        template = _change(output)
        if template is None:
            continue
        proposal = session.scalar(select(Proposal).where(Proposal.output_id == output.id))
        if proposal is None or proposal.erased_at is not None or not proposal.proposer_email:
            continue
        context = {"name": proposal.proposer_name, "title": output.title}
        if template == PUBLISHED:
            context["slug"] = output.slug
        else:
            context["reason"] = _reason(session, output)
        queue_mail(
            to=proposal.proposer_email, template=template, language=proposal.language, context=context, site=_site()
        )
        if template == PUBLISHED:
            proposal.proposer_name = ""
            proposal.proposer_email = ""
            proposal.erased_at = utcnow()


def connect() -> None:
    """Idempotent: listen to every session's flushes."""
    if not event.contains(Session, "before_flush", _tell_proposers):
        event.listen(Session, "before_flush", _tell_proposers)
