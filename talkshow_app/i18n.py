"""Language choice and locale-aware formatting: Dutch first, English on request."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from flask import Flask, Response, current_app, has_request_context, request, session
from flask_babel import format_date, format_datetime, format_time, get_locale

PACKAGE_DIR = Path(__file__).resolve().parent
# Day before month, no comma after the weekday, 24-hour clock: Dutch as CLDR has it, and British English
# ("Thursday 17 December 2026") instead of CLDR's American "en" ("Thursday, December 17, 2026").
LONG_DATE = "EEEE d MMMM y"
SHORT_DATE = "d MMM y"
DATE_TIME = "d MMM y, HH:mm:ss"


def translation_directories() -> str:
    """Each feature keeps its own catalogue; Flask-Babel merges the directories in order."""
    directories = [PACKAGE_DIR / "translations"]
    directories += sorted(p for p in PACKAGE_DIR.glob("*/translations") if p.is_dir())
    return ";".join(str(d) for d in directories)


def select_locale() -> str:
    """``?lang=``, else the visitor's own choice (session), else the browser's ``Accept-Language``, else Dutch.

    The open-data API and the calendar feeds answer in Dutch unless ``?lang=`` asks otherwise: one URL, one text.
    """
    languages = current_app.config["LANGUAGES"]
    default: str = current_app.config["BABEL_DEFAULT_LOCALE"]
    if not has_request_context():  # commands and mails outside a request: Dutch unless forced
        return default
    for asked in (request.args.get("lang"), session.get("lang")):
        if isinstance(asked, str) and asked in languages:
            return asked
    if _negotiates():
        return request.accept_languages.best_match(languages) or default
    return default


def _negotiates() -> bool:
    """Pages follow the browser's language; the API and the calendar files do not (see ``select_locale``)."""
    return request.blueprint not in NOT_NEGOTIATED and not request.path.startswith("/api/")


NOT_NEGOTIATED = frozenset({"api", "calendar"})


def remember_choice() -> None:
    """``?lang=`` on a page is the visitor's choice: kept in the (signed) session, so forms answer in it too.

    Runs before the page cache's hook, which then sees the changed session and keeps the answer private.
    """
    asked = request.args.get("lang")
    if asked in current_app.config["LANGUAGES"] and _negotiates() and session.get("lang") != asked:
        session["lang"] = asked


def vary_on_language(response: Response) -> Response:
    """A page chosen by ``Accept-Language`` differs per browser: shared caches must know (the session is a Cookie)."""
    if _negotiates() and "lang" not in request.args and response.mimetype == "text/html":
        response.vary.add("Accept-Language")
    return response


def init_app(app: Flask) -> None:
    app.before_request(remember_choice)
    app.after_request(vary_on_language)


def current_language() -> str:
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def register_template_helpers(app: Flask) -> None:
    def long_date(moment: datetime | None) -> str:
        return format_date(moment, LONG_DATE) if moment else ""

    def short_date(moment: datetime | None) -> str:
        return format_date(moment, SHORT_DATE) if moment else ""

    def clock(moment: datetime | None) -> str:
        return format_time(moment, "HH:mm") if moment else ""

    def date_time(moment: datetime | None) -> str:
        return format_datetime(moment, DATE_TIME) if moment else ""

    app.jinja_env.filters["long_date"] = long_date
    app.jinja_env.filters["short_date"] = short_date
    app.jinja_env.filters["clock"] = clock
    app.jinja_env.filters["date_time"] = date_time
    app.jinja_env.globals["current_language"] = current_language
