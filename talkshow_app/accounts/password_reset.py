"""Forgotten passwords: a signed, time-limited, single-use link by mail, then a new password.

The link carries the account's id, its ``session_version`` and a fingerprint of its password hash,
signed with the app's secret (itsdangerous). Setting a new password changes both, so the link
works once, and every session and remember-me cookie of the account ends with it. No Flask here:
callers hand in the secret, the site, the language and the clock.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from itsdangerous.signer import Signer
from itsdangerous.timed import TimestampSigner
from sqlalchemy import CursorResult, update
from werkzeug.security import generate_password_hash

from ..database import transaction
from ..domain import DomainError
from ..extensions import db
from ..mailing import previews, rendering
from ..mailing.services import queue_mail
from ..site import Site
from . import services
from .models import User

LINK_MINUTES = 60
MAIL_TEMPLATE = "accounts/email/reset_password"
_SALT = "accounts.password-reset"

# The mail's stored context (name, link, minutes) is its template's values; the outbox renders it at delivery.
rendering.register([MAIL_TEMPLATE], rendering.plain)


def demo_values(template: str, site: Site, language: str) -> dict[str, Any]:
    """Made-up values for the organisers' preview of the reset mail."""
    return {"name": "Eva de Jong", "reset_url": site.link("/reset-password/voorbeeld-link"), "minutes": LINK_MINUTES}


previews.register_demo([MAIL_TEMPLATE], demo_values)


class ResetLinkInvalid(DomainError):
    """A link that was never ours, was used already, or belongs to a changed or deactivated account."""


class ResetLinkExpired(ResetLinkInvalid):
    """A genuine link, older than ``LINK_MINUTES``."""


class _ClockedSigner(TimestampSigner):
    """Signs and checks against the caller's clock instead of ``time.time()``."""

    now: datetime | None = None

    def get_timestamp(self) -> int:
        return int(self.now.timestamp()) if self.now else super().get_timestamp()


class _Serializer(URLSafeTimedSerializer):
    def __init__(self, secret_key: str, now: datetime) -> None:
        super().__init__(secret_key, salt=_SALT, signer=_ClockedSigner)
        self.now = now

    def make_signer(self, salt: str | bytes | None = None) -> Signer:
        signer = super().make_signer(salt)
        if isinstance(signer, _ClockedSigner):
            signer.now = self.now
        return signer


def _fingerprint(user: User) -> str:
    """Changes with the password; the (salted) hash itself never leaves the database."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def make_token(user: User, secret_key: str, now: datetime) -> str:
    return _Serializer(secret_key, now).dumps([user.id, user.session_version, _fingerprint(user)])


def user_for_token(token: str, secret_key: str, now: datetime) -> User:
    """The account this link may give a new password, or ``ResetLinkInvalid``/``ResetLinkExpired``."""
    try:
        payload: Any = _Serializer(secret_key, now).loads(token, max_age=LINK_MINUTES * 60)
    except SignatureExpired as error:
        raise ResetLinkExpired.on(
            "", _l("This link has expired: links are valid for %(minutes)d minutes.", minutes=LINK_MINUTES)
        ) from error
    except BadSignature as error:
        raise _invalid() from error
    if not (isinstance(payload, list) and len(payload) == 3 and all(isinstance(v, int) for v in payload[:2])):
        raise _invalid()
    user_id, version, fingerprint = payload
    user = db.session.get(User, user_id)
    if user is None or not user.is_active or user.session_version != version or _fingerprint(user) != fingerprint:
        raise _invalid()
    return user


def _invalid() -> ResetLinkInvalid:
    return ResetLinkInvalid({"": [_l("This link is not valid (any more): each link can be used once.")]})


def request_reset(email: str, *, site: Site, secret_key: str, language: str, now: datetime) -> bool:
    """Mail a link to the active account with this address; whether one went is for tests and logs only.

    The person asking always gets the same answer, so nobody learns which addresses have an account.
    """
    user = services.find_by_email(email)
    if user is None or not user.is_active:
        return False
    link = site.link(f"/reset-password/{make_token(user, secret_key, now)}")
    with transaction():
        queue_mail(
            to=user.email,
            template=MAIL_TEMPLATE,
            language=language,
            context={"name": user.name, "reset_url": link, "minutes": LINK_MINUTES},
            site=site,
            erase_after_sending=True,  # the mail holds a secret link: keep no copy once it is sent
        )
    return True


def reset_password(token: str, password: str, *, secret_key: str, now: datetime) -> User:
    """Set the new password; the link, and every session of the account, stop working."""
    user = user_for_token(token, secret_key, now)
    if len(password) < services.MIN_PASSWORD_LENGTH:
        raise DomainError.on(
            "password",
            _l("The password needs at least %(count)d characters.", count=services.MIN_PASSWORD_LENGTH),
        )
    with transaction() as session:
        # Conditional on the version the link carries: of two uses at once, only one succeeds.
        result: CursorResult[Any] = session.execute(  # type: ignore[assignment]  # an UPDATE answers a CursorResult
            update(User)
            .where(User.id == user.id, User.session_version == user.session_version)
            .values(password_hash=generate_password_hash(password), session_version=User.session_version + 1)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            raise _invalid()
    db.session.refresh(user)
    return user
