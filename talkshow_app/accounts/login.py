"""Flask-Login wiring and the role guard for organiser-area views."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, abort
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from ..extensions import login_manager
from ..numbers import MAX_ID, parse_id, parse_int
from . import services
from .models import Role, User

F = TypeVar("F", bound=Callable[..., Any])


def configure_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please log in to open the organiser area.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(raw_id: str) -> User | None:
        raw_user, _, raw_version = raw_id.partition(":")
        user_id, version = parse_id(raw_user), parse_int(raw_version, lowest=0, highest=MAX_ID, max_digits=19)
        if user_id is None or version is None:
            return None
        return services.load_user(user_id, version)


def role_required(*roles: Role | str) -> Callable[[F], F]:
    """Anonymous visitors go to the login page; logged-in users without the role get 403."""

    def decorator(view: F) -> F:
        @wraps(view)
        @login_required
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        wrapper.required_roles = tuple(Role(r) for r in roles)  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorator
