"""Creating accounts and checking credentials."""

from __future__ import annotations

from datetime import datetime

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select
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
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"The password needs at least {MIN_PASSWORD_LENGTH} characters.")
    if db.session.scalar(select(User.id).where(func.lower(User.email) == address)):
        raise AccountError(f"An account for {address} exists already.")
    user = User(email=address, name=name.strip(), role=role, password_hash=generate_password_hash(password))
    with transaction() as session:
        session.add(user)
    return user


def authenticate(email: str, password: str, now: datetime | None = None) -> User | None:
    """The active user with these credentials, or None; callers show one message for every failure."""
    address = email.strip().lower()
    user = db.session.scalar(select(User).where(func.lower(User.email) == address))
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
