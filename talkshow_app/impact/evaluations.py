"""The evaluation after a talkshow: one mail per checked-in attendee, one anonymous answer per registration.

``queue_evaluations`` (``flask impact evaluations``) queues the mail through the outbox for every
attendee who was checked in at a talkshow that ended in the last ``within_days`` days and was not
asked yet (an ``EvaluationInvitation`` row per registration makes it idempotent). The mail carries
the person's renewed personal link to ``/registrations/<token>/evaluation``, which the personal
page links too. ``answer`` stores the score and the text in ``EvaluationAnswer`` with only the
talkshow and the day, and marks the invitation answered, in one transaction under the talkshow's
lock, so a second answer (a double click, a second tab) is refused and stores nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..database import utcnow
from ..extensions import db
from ..mailing import services as mailing
from ..registrations.models import Registration
from ..registrations.notifications import outbox_transaction
from ..registrations.seats import by_token, lock_own, lock_talkshow
from ..registrations.tokens import rotate_token
from ..series.models import Talkshow, TalkshowStatus
from ..site import Site
from ..timezones import local_today
from .errors import EvaluationError
from .models import MAX_ACTION_LENGTH, SCORES, EvaluationAnswer, EvaluationInvitation

TEMPLATE = "impact/email/evaluation"
WITHIN_DAYS = 14  # talkshows that ended longer ago are not evaluated any more


@dataclass(frozen=True)
class EvaluationInput:
    score: str | int
    action: str


@dataclass(frozen=True)
class EvaluationState:
    registration: Registration
    open: bool  # the form may be shown
    answered: bool
    reason: str  # why it is not open: "", "not_over", "not_checked_in", "answered", "cancelled"


def _reason(registration: Registration, talkshow: Talkshow, now: datetime) -> str:
    if talkshow.status != TalkshowStatus.PUBLISHED:
        return "cancelled"
    if talkshow.ends_at > now:
        return "not_over"
    if registration.checked_in_at is None:
        return "not_checked_in"
    return ""


def _answered(registration_id: int) -> bool:
    return (
        db.session.scalar(
            select(EvaluationInvitation.answered_at).where(EvaluationInvitation.registration_id == registration_id)
        )
        is not None
    )


def state(token: str, *, now: datetime | None = None) -> EvaluationState:
    """What the personal evaluation page shows for this link (``NotFound`` for an unknown link)."""
    now = now or utcnow()
    registration = by_token(token)
    answered = _answered(registration.id)
    reason = "answered" if answered else _reason(registration, registration.talkshow, now)
    return EvaluationState(registration, open=reason == "", answered=answered, reason=reason)


def validated(data: EvaluationInput) -> tuple[int, str]:
    errors: dict[str, list] = {}
    try:
        score = int(str(data.score).strip())
    except ValueError:
        score = 0
    if score not in SCORES:
        errors["score"] = [_l("Choose a score from 1 to 5.")]
    action = (data.action or "").strip().replace("\x00", "")
    if len(action) > MAX_ACTION_LENGTH:
        errors["action"] = [_l("Use at most %(max)d characters.", max=MAX_ACTION_LENGTH)]
    if errors:
        raise EvaluationError(errors)
    return score, action


def answer(token: str, data: EvaluationInput, *, now: datetime | None = None) -> None:
    """Store one anonymous answer for this registration's talkshow; refused when not open or already given."""
    now = now or utcnow()
    score, action = validated(data)
    with outbox_transaction():
        talkshow, registration = lock_own(token)
        invitation = db.session.get(EvaluationInvitation, registration.id, populate_existing=True)
        if invitation is not None and invitation.answered_at is not None:
            raise EvaluationError.on("", _l("You have already answered. Thank you!"))
        reason = _reason(registration, talkshow, now)
        if reason:
            raise EvaluationError.on("", _l("This talkshow cannot be evaluated with this link."))
        if invitation is None:
            invitation = EvaluationInvitation(registration_id=registration.id, talkshow_id=talkshow.id)
            db.session.add(invitation)
        invitation.answered_at = now
        db.session.add(
            EvaluationAnswer(talkshow_id=talkshow.id, score=score, action=action, answered_on=local_today(now))
        )


def queue_evaluations(site: Site, *, now: datetime | None = None, within_days: int = WITHIN_DAYS) -> int:
    """Queue the evaluation mail for each checked-in attendee of recently ended talkshows; never twice."""
    now = now or utcnow()
    talkshow_ids = db.session.scalars(
        select(Talkshow.id).where(
            Talkshow.status == TalkshowStatus.PUBLISHED,
            Talkshow.ends_at <= now,
            Talkshow.ends_at > now - timedelta(days=within_days),
        )
    ).all()
    db.session.rollback()
    queued = 0
    for talkshow_id in talkshow_ids:
        with outbox_transaction() as messages:
            talkshow = lock_talkshow(talkshow_id)  # a second run waits here, then finds nobody left
            asked = select(EvaluationInvitation.registration_id).where(EvaluationInvitation.talkshow_id == talkshow_id)
            due = db.session.scalars(
                select(Registration)
                .where(
                    Registration.talkshow_id == talkshow_id,
                    Registration.checked_in_at.is_not(None),
                    Registration.anonymised_at.is_(None),
                    Registration.id.not_in(asked),
                )
                .order_by(Registration.id)
            ).all()
            for registration in due:
                db.session.add(
                    EvaluationInvitation(registration_id=registration.id, talkshow_id=talkshow.id, mailed_at=now)
                )
                token = rotate_token(registration)
                messages.append(
                    mailing.queue_mail(
                        to=registration.email,
                        template=TEMPLATE,
                        language=registration.language,
                        context={"registration_id": registration.id, "talkshow_id": talkshow.id, "token": token},
                        site=site,
                        registration_id=registration.id,
                    )
                )
        queued += len(messages)
    return queued
