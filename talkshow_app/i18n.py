"""Language choice and locale-aware formatting: Dutch first, English on request."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from flask import Flask, current_app, has_request_context, request, session
from flask_babel import format_date, format_datetime, format_time, get_locale

PACKAGE_DIR = Path(__file__).resolve().parent


def translation_directories() -> str:
    """Each feature keeps its own catalogue; Flask-Babel merges the directories in order."""
    directories = [PACKAGE_DIR / "translations"]
    directories += sorted(p for p in PACKAGE_DIR.glob("*/translations") if p.is_dir())
    return ";".join(str(d) for d in directories)


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    default: str = current_app.config["BABEL_DEFAULT_LOCALE"]
    if not has_request_context():  # commands and mails outside a request: Dutch unless forced
        return default
    for asked in (request.args.get("lang"), session.get("lang")):
        if isinstance(asked, str) and asked in languages:
            return asked
    return default


def current_language() -> str:
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def register_template_helpers(app: Flask) -> None:
    def long_date(moment: datetime | None) -> str:
        return format_date(moment, "full") if moment else ""

    def short_date(moment: datetime | None) -> str:
        return format_date(moment, "medium") if moment else ""

    def clock(moment: datetime | None) -> str:
        return format_time(moment, "HH:mm") if moment else ""

    def date_time(moment: datetime | None) -> str:
        return format_datetime(moment, "medium") if moment else ""

    app.jinja_env.filters["long_date"] = long_date
    app.jinja_env.filters["short_date"] = short_date
    app.jinja_env.filters["clock"] = clock
    app.jinja_env.filters["date_time"] = date_time
    app.jinja_env.globals["current_language"] = current_language
