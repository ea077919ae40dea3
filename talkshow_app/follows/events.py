"""A publish records ONE ``PublicationEvent`` row in the publishing transaction, whatever the followers.

Neither the series nor the archive knows this feature: a session hook (``connect``) sees a talkshow's
status or an output's state become "published" in any flush and adds the event row to that same
flush, so the publish and its event commit (or roll back) together. Edits of a published talkshow
(the time, the text) are no publication and record nothing; a new talkshow stored as published
at once (the demo data) is no publish by a person either. Followers are found later, by ``sending``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from ..archive.kinds import OutputState
from ..archive.models import KnowledgeOutput
from ..series.models import Talkshow, TalkshowStatus
from .models import PublicationEvent, SubjectKind

WATCHED: dict[type, tuple[str, Any, SubjectKind]] = {
    Talkshow: ("status", TalkshowStatus.PUBLISHED, SubjectKind.TALKSHOW),
    KnowledgeOutput: ("state", OutputState.PUBLISHED, SubjectKind.OUTPUT),
}


def _became_published(obj: Any, attribute: str, published: Any) -> bool:
    history = inspect(obj).attrs[attribute].history
    return bool(history.added) and history.added[0] == published and published not in (history.deleted or ())


def _record_publications(session: Session, _context: Any, _instances: Any) -> None:
    for obj in list(session.dirty):
        watched = WATCHED.get(type(obj))
        if watched is None:
            continue
        attribute, published, kind = watched
        if _became_published(obj, attribute, published):
            session.add(PublicationEvent(kind=kind, subject_id=obj.id))


def connect() -> None:
    """Idempotent: listen to every session's flushes."""
    if not event.contains(Session, "before_flush", _record_publications):
        event.listen(Session, "before_flush", _record_publications)
