"""Erasing stored mail of people whose data must go ("delete my data", the retention purge), whatever its fate.

An outbox row holds the recipient's address, the rendered text (name, private link) and the mail
server's error text. Sent rows are removed by age (``services.purge_sent``) or wiped once sent
(``erase_after_sending``); the functions here remove the rest: queued rows (a deleted person gets
no more mail) and failed ones (a permanent refusal would otherwise keep them forever).
Everything joins the caller's session and transaction; nothing is committed here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, CursorResult, and_, delete, func, or_

from ..extensions import db
from .models import OutboxMessage, OutboxStatus


def erase_mail_of(registration_ids: Sequence[int], addresses: Sequence[str]) -> int:
    """Delete every mail of these registrations, and every stand-alone mail to these addresses; how many went.

    Any status: sent, queued and failed alike. A stand-alone mail is one linked to no registration
    (the goodbye after "delete my data", a mail whose registration is gone); a mail linked to another,
    still current registration of the same address is that registration's and stays.
    Addresses are compared without regard to case or surrounding spaces.
    """
    keys = sorted({address.strip().lower() for address in addresses if address and address.strip()})
    conditions: list[ColumnElement[bool]] = []
    if registration_ids:
        conditions.append(OutboxMessage.registration_id.in_(list(registration_ids)))
    if keys:
        conditions.append(
            and_(OutboxMessage.registration_id.is_(None), func.lower(func.trim(OutboxMessage.to_address)).in_(keys))
        )
    if not conditions:
        return 0
    return _delete(or_(*conditions))


def erase_undeliverable(message_ids: Sequence[int]) -> int:
    """Delete those of these mails that failed for good (kept only for a retry nobody should make)."""
    if not message_ids:
        return 0
    return _delete(and_(OutboxMessage.id.in_(list(message_ids)), OutboxMessage.status == OutboxStatus.FAILED))


def erase_leftovers(before: datetime) -> int:
    """Delete mail that no-one will send any more and that still holds personal data.

    - every goodbye mail of a forgotten person (``erase_after_sending``) that failed for good;
    - every unsent mail (queued or failed) created before ``before``: too old to be worth sending.
    """
    unsent = OutboxMessage.status != OutboxStatus.SENT
    return _delete(
        or_(
            and_(OutboxMessage.erase_after_sending.is_(True), OutboxMessage.status == OutboxStatus.FAILED),
            and_(unsent, OutboxMessage.created_at < before),
        )
    )


def _delete(condition: ColumnElement[bool]) -> int:
    result = db.session.execute(delete(OutboxMessage).where(condition).execution_options(synchronize_session=False))
    return cast("CursorResult[Any]", result).rowcount or 0
