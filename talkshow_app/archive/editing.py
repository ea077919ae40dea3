"""Drafting outputs: create one (with its first files), edit it while it is not public.

Each use case takes plain values and the acting editor, owns its transaction, keeps the search
index and the audit trail current inside it, and raises ArchiveError (with a message people can
read) instead of storing anything half.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_babel import lazy_gettext as _l

from ..accounts.models import Role, User
from ..database import get_by_ids, slug_taken, transaction
from ..domain import require_role
from ..labs.models import Lab
from ..matching.models import Question
from ..series.models import Organisation, Speaker, Talkshow, Theme
from ..slugs import unique_slug
from . import search_index
from .attachments import check_upload, store_files, written_files
from .board import audit, editable_output, ensure_changeable
from .errors import ArchiveError
from .inputs import OutputDraft, Storage, Upload
from .kinds import OutputState, OutputType
from .models import KnowledgeOutput

SLUG_LENGTH = 120


def _by_ids(model, ids: Sequence[int]) -> list:
    wanted = sorted({int(i) for i in ids})
    found = get_by_ids(model, wanted)
    if len(found) != len(wanted):
        raise ArchiveError(_l("Some of the chosen links no longer exist; please choose again."))
    return found


def _clean_url(value: str, field_name: str) -> str:
    value = (value or "").strip()
    if value and not (value.startswith("https://") or value.startswith("http://")):
        raise ArchiveError(_l("Give a web address starting with https:// or http://."), field=field_name)
    return value


def _apply(output: KnowledgeOutput, draft: OutputDraft) -> list[str]:
    """Copy the draft onto the output; the names of the fields that changed, for the audit trail."""
    title = draft.title.strip()
    if not title:
        raise ArchiveError(_l("Give the output a title."), field="title")
    try:
        output_type = OutputType(draft.output_type)
    except ValueError as error:
        raise ArchiveError(_l("Choose a type."), field="output_type") from error
    values: dict[str, Any] = {
        "title": title[:200],
        "output_type": output_type,
        "abstract": draft.abstract.strip(),
        "body": draft.body.strip(),
        "language": (draft.language or "nl").strip()[:8],
        "licence": (draft.licence or "CC BY 4.0").strip()[:60],
        "published_on": draft.published_on,
        "media_url": _clean_url(draft.media_url, "media_url"),
        "transcript_url": _clean_url(draft.transcript_url, "transcript_url"),
    }
    changed = [name for name, value in values.items() if getattr(output, name, None) != value]
    for name, value in values.items():
        setattr(output, name, value)
    links = {
        "speakers": _by_ids(Speaker, draft.speaker_ids),
        "organisations": _by_ids(Organisation, draft.organisation_ids),
        "talkshows": _by_ids(Talkshow, draft.talkshow_ids),
        "themes": _by_ids(Theme, draft.theme_ids),
        "labs": _by_ids(Lab, draft.lab_ids),
        "questions": _by_ids(Question, draft.question_ids),
    }
    for name, objects in links.items():
        if {o.id for o in getattr(output, name)} != {o.id for o in objects}:
            changed.append(name)
        setattr(output, name, objects)
    output.search_text = _search_text(output)
    return changed


def _search_text(output: KnowledgeOutput) -> str:
    """Names people may search for that are not in the output's own text."""
    names = [s.name for s in output.speakers] + [o.name for o in output.organisations]
    names += [t.title for t in output.talkshows] + [t.name for t in output.themes] + [lab.name for lab in output.labs]
    return " ".join(names)


def create_output(draft: OutputDraft, actor: User, storage: Storage, files: Sequence[Upload] = ()) -> KnowledgeOutput:
    """A new draft, with its files checked first and stored with it or not at all."""
    require_role(actor, Role.EDITOR)
    prepared = [(upload, check_upload(upload, storage)) for upload in files]
    with written_files() as written, transaction() as session:
        output = KnowledgeOutput(state=OutputState.DRAFT, created_by_id=actor.id, search_text="")
        _apply(output, draft)
        output.slug = unique_slug(output.title, slug_taken(KnowledgeOutput), SLUG_LENGTH)
        session.add(output)
        audit(output, actor, "created", output.title)
        store_files(prepared, output, actor, storage, written)
        search_index.refresh(session, output)
    return output


def update_output(output_id: int, draft: OutputDraft, actor: User) -> KnowledgeOutput:
    require_role(actor, Role.EDITOR)
    with transaction() as session:
        output = editable_output(output_id)
        ensure_changeable(output)
        changed = _apply(output, draft)
        if changed:
            audit(output, actor, "edited", ", ".join(changed))
            search_index.refresh(session, output)
    return output
