"""Review and publication: the workflow's steps (with four eyes), and comments for the author."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l

from ..accounts.models import Role, User
from ..database import transaction, utcnow
from ..domain import require_role
from ..timezones import to_local
from . import search_index, workflow
from .board import audit, editable_output
from .errors import ArchiveError
from .labels import BLOCKER_MESSAGES
from .models import KnowledgeOutput, ReviewComment

COMMENT_REQUIRED = {workflow.Action.RETURN, workflow.Action.WITHDRAW}


def candidate(output: KnowledgeOutput) -> workflow.Candidate:
    return workflow.Candidate(
        state=output.state,
        output_type=output.output_type,
        submitted_by_id=output.submitted_by_id,
        media_url=output.media_url,
        transcript_url=output.transcript_url,
        has_files=bool(output.files),
        images_without_alt=sum(1 for f in output.files if f.is_image and not f.alt_text.strip()),
        has_text=bool(output.abstract.strip() or output.body.strip()),
    )


def publication_problems(output: KnowledgeOutput) -> list[Any]:
    """What an editor must still fix before this output can go public, in words."""
    return [BLOCKER_MESSAGES[b] for b in workflow.publication_blockers(candidate(output))]


def transition(
    output_id: int,
    action: workflow.Action | str,
    actor: User,
    comment: str = "",
    four_eyes: bool = True,
    today: date | None = None,
) -> KnowledgeOutput:
    """Move the output through the workflow, with an optional (sometimes required) comment."""
    require_role(actor, Role.EDITOR)
    with transaction() as session:
        output = editable_output(output_id)
        action = workflow.Action(action)
        comment = comment.strip()
        if action in COMMENT_REQUIRED and not comment:
            raise ArchiveError(_l("Say why in a comment, so the author knows what to do."), field="comment")
        try:
            new_state = workflow.decide(candidate(output), action, actor.id, four_eyes=four_eyes)
        except workflow.WorkflowBlocked as blocked:
            messages = [BLOCKER_MESSAGES[b] for b in blocked.blockers]
            raise ArchiveError(messages[0], messages=messages) from blocked
        output.state = new_state
        if action == workflow.Action.SUBMIT:
            output.submitted_by_id = actor.id
        if action == workflow.Action.PUBLISH:
            output.published_at = output.published_at or utcnow()
            output.published_on = output.published_on or today or to_local(utcnow()).date()
        if comment:
            output.comments.append(ReviewComment(author_id=actor.id, body=comment[:5000]))
        audit(output, actor, action.value, comment[:500])
        search_index.refresh(session, output)
        if action in (workflow.Action.PUBLISH, workflow.Action.WITHDRAW):
            search_index.refresh_statistics(session)  # the public archive changed size
    return output


def comment_on(output_id: int, actor: User, body: str) -> ReviewComment:
    require_role(actor, Role.EDITOR)
    body = body.strip()
    if not body:
        raise ArchiveError(_l("Write a comment first."), field="body")
    with transaction():
        output = editable_output(output_id)
        comment = ReviewComment(author_id=actor.id, body=body[:5000])
        output.comments.append(comment)
        audit(output, actor, "commented", body[:200])
    return comment
