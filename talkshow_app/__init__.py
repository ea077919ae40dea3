"""Den Haag Draait Door: the application factory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from . import caching, errors, i18n, mailing, models, open_data_cache, security, serving
from . import cli as commands
from .accounts.login import configure_login
from .accounts.views import blueprint as accounts
from .api import wiring as api_wiring
from .archive import manage as archive_manage
from .archive.views import blueprint as archive
from .calendar.views import blueprint as calendar
from .certificates import purge as certificate_purge
from .certificates.views import blueprint as certificates
from .classes import mails as class_mails
from .classes.views import blueprint as classes
from .config import PROJECT_ROOT, build_config, check_production, harden_for_production
from .extensions import babel, csrf, db, limiter, mail, migrate
from .follows import mails as follow_mails
from .follows.views import blueprint as follows
from .images import links as image_links
from .images.manage import blueprint as images_manage
from .images.views import blueprint as images
from .impact.manage import blueprint as impact_manage
from .impact.views import blueprint as impact
from .labs.manage import blueprint as labs_manage
from .labs.views import blueprint as labs
from .mailing.manage import blueprint as mailing_manage
from .mailing.preview_pages import blueprint as mail_previews
from .matching import mails as matching_mails
from .matching.manage import blueprint as matching_manage
from .matching.views import blueprint as matching
from .organiser import helpers as organiser_helpers
from .pages.views import blueprint as pages
from .proposals import hooks as proposal_hooks
from .proposals import mails as proposal_mails
from .proposals.views import blueprint as proposals
from .registrations import mails as registration_mails
from .registrations import manage as registrations_manage
from .registrations import receivers
from .registrations.views import blueprint as registrations
from .series.manage import blueprint as series_manage
from .series.views import blueprint as series
from .sharing import meta as share_meta
from .sharing.views import blueprint as sharing
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
    caching.init_app(app)  # last: its before_request runs after every other hook
    open_data_cache.init_app(app)  # /api and the feeds under the same content version
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
    i18n.init_app(app)  # `?lang=` is kept in the session; pages chosen by Accept-Language say Vary
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
        mail_previews,
        archive,
        registrations,
        classes,
        impact,
        impact_manage,
        follows,
        certificates,
        proposals,
    ):
        app.register_blueprint(blueprint)
    for blueprint in (images, images_manage, sharing):  # pictures, share tags, robots.txt, sitemap.xml, icons
        app.register_blueprint(blueprint)


def register_errorhandlers(app: Flask) -> None:
    errors.register(app)
    api_wiring.init_app(app)  # /api and its description, CORS on open data, the API's error shape


def register_commands(app: Flask) -> None:
    commands.register(app)


def register_template_helpers(app: Flask) -> None:
    i18n.register_template_helpers(app)
    image_links.register_template_helpers(app)  # picture_sources, theme_picture_url, share_image
    share_meta.register_template_helpers(app)  # share_tags (Open Graph, Twitter card) in base.html
    organiser_helpers.register_template_helpers(app)  # organiser_nav(), waiting_panel()
    app.json.ensure_ascii = False  # type: ignore[attr-defined]  # open data keeps Dutch names readable


def register_security(app: Flask) -> None:
    security.register(app)


def register_signals(app: Flask) -> None:
    """Features that react to another feature's changes connect here, once, for every app."""
    receivers.connect()
    certificate_purge.connect()  # a registration's anonymisation empties the name on its certificate
    proposal_hooks.connect()  # a published or returned proposal mails its proposer
    proposal_mails.register()
    registration_mails.register()  # the outbox renders these features' mails at delivery (mailing.rendering)
    class_mails.register()
    matching_mails.register()
    follow_mails.register()  # also: a publish records its event; the mail worker sends follow mails
