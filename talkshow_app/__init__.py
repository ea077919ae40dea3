"""Den Haag Draait Door: the application factory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from . import cli as commands
from . import errors, i18n, mailing, models, security, serving
from .accounts.login import configure_login
from .accounts.views import blueprint as accounts
from .archive import manage as archive_manage
from .archive.views import blueprint as archive
from .calendar.views import blueprint as calendar
from .config import PROJECT_ROOT, build_config, check_production, harden_for_production
from .extensions import babel, csrf, db, limiter, mail, migrate
from .labs.manage import blueprint as labs_manage
from .labs.views import blueprint as labs
from .mailing.manage import blueprint as mailing_manage
from .matching import mails as matching_mails
from .matching.manage import blueprint as matching_manage
from .matching.views import blueprint as matching
from .pages.views import blueprint as pages
from .registrations import mails as registration_mails
from .registrations import manage as registrations_manage
from .registrations import receivers
from .registrations.views import blueprint as registrations
from .series.manage import blueprint as series_manage
from .series.views import blueprint as series
from .urls import IdConverter

# Imported for what importing does: `models` makes the whole schema known to Alembic; the two
# manage modules add the organiser routes of registrations and the archive's editorial board to
# their feature's own blueprint (endpoint names registrations.*, archive.*).
IMPORTED_FOR_EFFECT = (models, registrations_manage, archive_manage)


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=str(PROJECT_ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.config.from_mapping(build_config(app.instance_path))
    if test_config:
        app.config.from_mapping(test_config)
    harden_for_production(app.config)
    check_production(app.config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    register_template_helpers(app)
    register_security(app)
    register_signals(app)
    return app


def register_extensions(app: Flask) -> None:
    serving.init_app(app)  # first: proxy headers, request ids and logging for everything after
    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    mail.init_app(app)
    limiter.init_app(app)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = i18n.translation_directories()
    babel.init_app(app, locale_selector=i18n.select_locale)
    configure_login(app)
    mailing.init_app(app)  # the outbox: delivery after each request's commit (MAIL_SEND_AFTER_REQUEST)


def register_blueprints(app: Flask) -> None:
    app.url_map.converters["int"] = IdConverter  # before any route: ids in URLs are bounded ASCII numbers
    for blueprint in (
        pages,
        accounts,
        series,
        series_manage,
        labs,
        labs_manage,
        calendar,
        matching,
        matching_manage,
        mailing_manage,
        archive,
        registrations,
    ):
        app.register_blueprint(blueprint)


def register_errorhandlers(app: Flask) -> None:
    errors.register(app)


def register_commands(app: Flask) -> None:
    commands.register(app)


def register_template_helpers(app: Flask) -> None:
    i18n.register_template_helpers(app)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]  # open data keeps Dutch names readable


def register_security(app: Flask) -> None:
    security.register(app)


def register_signals(app: Flask) -> None:
    """Features that react to another feature's changes connect here, once, for every app."""
    receivers.connect()
    registration_mails.register()  # the outbox renders these features' mails at delivery (mailing.rendering)
    matching_mails.register()
