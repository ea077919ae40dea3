"""Creating accounts, checking credentials, and ending an account's sessions."""

from __future__ import annotations

from datetime import datetime

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from ..database import transaction, utcnow
from ..extensions import db
from .models import Role, User

MIN_PASSWORD_LENGTH = 12
# A hash to compare against when the e-mail is unknown, so both failures take equally long.
_DUMMY_HASH = generate_password_hash("not-a-real-password-0000")


class AccountError(ValueError):
    """A domain error with a message fit to show the person who caused it."""


def normalise_email(email: str) -> str:
    try:
        return validate_email(email.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        raise AccountError(f"Invalid e-mail address: {error}") from error


def create_user(email: str, password: str, role: Role | str, name: str = "") -> User:
    address = normalise_email(email)
    try:
        role = Role(role)
    except ValueError as error:
        raise AccountError(f"Unknown role {role!r}; choose organiser, editor or admin.") from error
    check_new_password(password)
    if db.session.scalar(select(User.id).where(func.lower(User.email) == address)):
        raise AccountError(f"An account for {address} exists already.")
    user = User(email=address, name=name.strip(), role=role, password_hash=generate_password_hash(password))
    with transaction() as session:
        session.add(user)
    return user


def authenticate(email: str, password: str, now: datetime | None = None) -> User | None:
    """The active user with these credentials, or None; callers show one message for every failure."""
    user = find_by_email(email)
    if user is None or not user.is_active:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(user.password_hash, password):
        return None
    with transaction():
        user.last_login_at = now or utcnow()
    return user


def load_user(user_id: int, session_version: int) -> User | None:
    user = db.session.get(User, user_id)
    if user is None or user.session_version != session_version or not user.is_active:
        return None
    return user


def find_by_email(email: str) -> User | None:
    """The account for this address (any case), or None."""
    address = email.strip().lower()
    return db.session.scalar(select(User).where(func.lower(User.email) == address))


def end_sessions(user_id: int) -> None:
    """Every session and remember-me cookie of this account stops working (see ``User.get_id``).

    Joins the caller's transaction; one UPDATE, so two requests at once cannot lose a step.
    """
    db.session.execute(
        update(User).where(User.id == user_id).values(session_version=User.session_version + 1),
        execution_options={"synchronize_session": False},
    )


def log_out(user_id: int) -> None:
    """Logging out ends the account's sessions on the server, on every device."""
    with transaction():
        end_sessions(user_id)


def _existing(email: str) -> User:
    user = find_by_email(email)
    if user is None:
        raise AccountError(f"No account for {email.strip()}.")
    return user


def check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"The password needs at least {MIN_PASSWORD_LENGTH} characters.")


def deactivate(email: str) -> User:
    """The account can no longer log in, and its open sessions end now."""
    user = _existing(email)
    with transaction() as session:
        user.is_active_account = False
        session.flush()
        end_sessions(user.id)
    db.session.refresh(user)
    return user


def set_password(email: str, password: str) -> User:
    """A new password; every session of the account ends, and so do password-reset links sent earlier."""
    user = _existing(email)
    check_new_password(password)
    with transaction() as session:
        user.password_hash = generate_password_hash(password)
        session.flush()
        end_sessions(user.id)
    db.session.refresh(user)
    return user
