"""Use cases: propose an output from outside (anyone, no account), and forget proposers after the retention period.

The output becomes an ordinary draft on the editors' board, linked to what it is about, with its
file checked exactly as the board's own uploads are (``archive.attachments.check_upload``). Bad
input stores nothing: every check runs before the transaction, and a file written for a failed
transaction is removed again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select

from ..archive import search_index
from ..archive.attachments import check_upload, store_files, written_files
from ..archive.board import audit
from ..archive.errors import ArchiveError
from ..archive.inputs import Storage
from ..archive.kinds import OutputState, OutputType
from ..archive.models import KnowledgeOutput
from ..database import slug_taken, transaction, utcnow
from ..domain import DomainError
from ..extensions import db
from ..labs.models import Lab
from ..mailing.services import queue_mail
from ..matching.models import PUBLIC_STATES, Question
from ..series.models import Talkshow, TalkshowStatus
from ..site import Site
from ..slugs import unique_slug
from . import labels
from .inputs import ProposalInput
from .mails import RECEIPT
from .models import Proposal

SLUG_LENGTH = 120


class ProposalError(DomainError):
    """Refused proposal: field-keyed messages."""


@dataclass(frozen=True)
class Choices:
    talkshows: list[tuple[int, str]]
    labs: list[tuple[int, str]]
    questions: list[tuple[int, str]]


def choices() -> Choices:
    """What the public may link a proposal to: published talkshows, the labs, questions the moderators let through."""
    session = db.session
    return Choices(
        talkshows=[
            (t.id, t.title)
            for t in session.scalars(
                select(Talkshow).where(Talkshow.status == TalkshowStatus.PUBLISHED).order_by(Talkshow.starts_at.desc())
            )
        ],
        labs=[(lab.id, lab.name) for lab in session.scalars(select(Lab).order_by(Lab.name))],
        questions=[
            (q.id, q.title)
            for q in session.scalars(select(Question).where(Question.state.in_(PUBLIC_STATES)).order_by(Question.title))
        ],
    )


def _check(data: ProposalInput) -> dict[str, list[object]]:
    errors: dict[str, list[object]] = {}

    def refuse(field: str, message: object) -> None:
        errors.setdefault(field, []).append(message)

    if not data.title.strip():
        refuse("title", labels.NEEDS_TITLE)
    if not data.summary.strip():
        refuse("summary", labels.NEEDS_SUMMARY)
    if data.kind not in labels.KINDS:
        refuse("kind", labels.CHOOSE_KIND)
    link = data.link.strip()
    if link and not link.startswith(("https://", "http://")):
        refuse("link", labels.LINK_FORMAT)
    if not link and not data.files:
        refuse("link", labels.NEEDS_LINK_OR_FILE)
    if not (data.talkshow_id or data.lab_id or data.question_id):
        refuse("talkshow", labels.NEEDS_SUBJECT)
    if not data.name.strip():
        refuse("name", labels.NEEDS_NAME)
    try:
        validate_email(data.email.strip(), check_deliverability=False)
    except EmailNotValidError:
        refuse("email", labels.NEEDS_EMAIL)
    if not data.consent:
        refuse("consent", labels.NEEDS_CONSENT)
    return errors


def _chosen(model: type, wanted: int | None, allowed: list[tuple[int, str]]) -> list:
    if not wanted:
        return []
    if wanted not in {i for i, _ in allowed}:
        raise ProposalError.on("talkshow", labels.GONE)
    found = db.session.get(model, wanted)
    if found is None:
        raise ProposalError.on("talkshow", labels.GONE)
    return [found]


def propose(data: ProposalInput, site: Site, storage: Storage) -> KnowledgeOutput:
    errors = _check(data)
    prepared = []
    if not errors:
        try:
            prepared = [(upload, check_upload(upload, storage)) for upload in data.files]
        except ArchiveError as refused:
            errors = {"file" if field == "file" else "alt_text": msgs for field, msgs in refused.errors.items()}
    if errors:
        raise ProposalError(errors)
    allowed = choices()
    with written_files() as written, transaction() as session:
        output = KnowledgeOutput(
            state=OutputState.DRAFT,
            title=data.title.strip()[:200],
            output_type=OutputType(data.kind),
            abstract=data.summary.strip()[:2000],
            media_url=data.link.strip()[:500],
            language=data.language if data.language in {"nl", "en"} else "nl",
            search_text="",
        )
        output.talkshows = _chosen(Talkshow, data.talkshow_id, allowed.talkshows)
        output.labs = _chosen(Lab, data.lab_id, allowed.labs)
        output.questions = _chosen(Question, data.question_id, allowed.questions)
        output.search_text = " ".join([t.title for t in output.talkshows] + [lab.name for lab in output.labs])
        output.slug = unique_slug(output.title, slug_taken(KnowledgeOutput), SLUG_LENGTH)
        session.add(output)
        audit(output, None, "proposed", output.title)
        store_files(prepared, output, None, storage, written)
        session.flush()
        now = utcnow()
        name, email = data.name.strip()[:120], data.email.strip()[:254]
        session.add(
            Proposal(
                output_id=output.id,
                proposer_name=name,
                proposer_email=email,
                language=output.language,
                consent_at=now,
                created_at=now,
            )
        )
        queue_mail(
            to=email, template=RECEIPT, language=data.language, site=site, context={"name": name, "title": output.title}
        )
        search_index.refresh(session, output)
    return output


def proposal_of(output_id: int) -> Proposal | None:
    return db.session.scalar(select(Proposal).where(Proposal.output_id == output_id))


def purge(site: Site, now: datetime | None = None) -> int:
    """Remove the proposer's name and address from proposals older than the retention period; how many."""
    now = now or utcnow()
    cutoff = now - timedelta(days=site.retention_days)
    with transaction():
        old = db.session.scalars(
            select(Proposal).where(Proposal.created_at < cutoff, Proposal.erased_at.is_(None))
        ).all()
        for proposal in old:
            erase(proposal, now)
    return len(old)


def erase(proposal: Proposal, now: datetime) -> None:
    proposal.proposer_name = ""
    proposal.proposer_email = ""
    proposal.erased_at = now


def proposed_output_ids() -> set[int]:
    return set(db.session.scalars(select(Proposal.output_id)))
