"""Flask-Login wiring and the role guard for organiser-area views."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, abort
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from ..extensions import login_manager
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
        user_id, _, version = raw_id.partition(":")
        if not user_id.isdigit() or not version.isdigit():
            return None
        return services.load_user(int(user_id), int(version))


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
