"""Den Haag Draait Door: the application factory."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from .config import PROJECT_ROOT, build_config, check_production, harden_for_production


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
    return app


def register_extensions(app: Flask) -> None:
    from . import i18n, models  # noqa: F401  (models: the whole schema is known to Alembic)
    from .accounts.login import configure_login
    from .extensions import babel, csrf, db, limiter, mail, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    mail.init_app(app)
    limiter.init_app(app)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = i18n.translation_directories()
    babel.init_app(app, locale_selector=i18n.select_locale)
    configure_login(app)


def register_blueprints(app: Flask) -> None:
    from .accounts.views import blueprint as accounts
    from .archive.views import blueprint as archive
    from .calendar.views import blueprint as calendar
    from .labs.manage import blueprint as labs_manage
    from .labs.views import blueprint as labs
    from .matching.manage import blueprint as matching_manage
    from .matching.views import blueprint as matching
    from .pages.views import blueprint as pages
    from .registrations.views import blueprint as registrations
    from .series.manage import blueprint as series_manage
    from .series.views import blueprint as series

    for blueprint in (pages, accounts, series, series_manage, labs, labs_manage, calendar, matching, matching_manage, archive):
        app.register_blueprint(blueprint)
    app.register_blueprint(registrations)


def register_errorhandlers(app: Flask) -> None:
    from .errors import register

    register(app)


def register_commands(app: Flask) -> None:
    from .cli import register

    register(app)


def register_template_helpers(app: Flask) -> None:
    from .i18n import register_template_helpers as register_i18n

    register_i18n(app)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]  # open data keeps Dutch names readable

    @app.context_processor
    def navigation() -> dict[str, Any]:
        return {"available_endpoints": app.view_functions.keys()}


def register_security(app: Flask) -> None:
    from .security import register

    register(app)
