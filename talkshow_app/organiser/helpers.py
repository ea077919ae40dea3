"""Template helpers of the organiser area: ``organiser_nav()`` and ``waiting_panel()``."""

from __future__ import annotations

from flask import Flask
from flask_login import current_user
from sqlalchemy import select

from ..accounts.models import Role, User
from ..extensions import db
from ..timezones import local_today
from .navigation import NavLink, organiser_nav
from .waiting import Waiting, waiting_for

MAX_NAMED = 5


def nav_for_current_user() -> list[NavLink]:
    return organiser_nav(current_user)


def waiting_for_current_user() -> list[Waiting]:
    return waiting_for(current_user, local_today())


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.globals["organiser_nav"] = nav_for_current_user
    app.jinja_env.globals["waiting_panel"] = waiting_for_current_user
    app.jinja_env.globals["editors_to_ask"] = editors_to_ask


def editors_to_ask() -> list[User]:
    """Active editors (and administrators, who may hand out the role), for "whom to ask" on the archive page."""
    return list(
        db.session.scalars(
            select(User)
            .where(User.is_active_account.is_(True), User.role.in_((Role.EDITOR, Role.ADMIN)))
            .order_by(User.role, User.name)
            .limit(MAX_NAMED)
        )
    )
