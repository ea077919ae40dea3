"""Calendar downloads and subscribable feeds, served so calendar apps can poll them cheaply."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, current_app, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from ..database import utcnow
from ..http_caching import conditional
from ..i18n import current_language
from ..series.models import Talkshow
from ..site import current_site
from ..urls import public_url
from . import services
from .links import google_calendar_url, webcal_url

blueprint = Blueprint("calendar", __name__)

CONTENT_TYPE = "text/calendar; charset=utf-8"


def _language() -> str:
    """Calendar text is Dutch unless ``?lang=`` asks otherwise: one feed URL, one text for everyone."""
    asked = request.args.get("lang", "")
    return asked if asked in current_app.config["LANGUAGES"] else str(current_app.config["BABEL_DEFAULT_LOCALE"])


def _serve(calendar_file: services.CalendarFile) -> BaseResponse:
    response = Response(calendar_file.text, content_type=CONTENT_TYPE)
    disposition = "inline" if calendar_file.inline else "attachment"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{calendar_file.filename}"'
    if calendar_file.last_modified is not None:
        response.last_modified = calendar_file.last_modified
    # Calendar apps and browsers may keep a copy but must ask again; the ETag makes that a 304.
    return conditional(response, max_age=0, etag=calendar_file.etag)


@blueprint.route("/talkshows/<slug>/calendar.ics")
def talkshow_file(slug: str):
    return _serve(services.talkshow_file(slug, current_site(), language=_language()))


@blueprint.route("/calendar.ics")
def series_feed():
    return _serve(services.series_feed(current_site(), language=_language()))


@blueprint.route("/themes/<slug>/calendar.ics")
def theme_feed(slug: str):
    return _serve(services.theme_feed(slug, current_site(), language=_language()))


@dataclass(frozen=True)
class CalendarLinks:
    """What the talkshow page offers: a download, subscriptions and Google's form."""

    can_add: bool
    download_url: str
    google_url: str
    series_feed_url: str
    series_webcal_url: str
    theme_feed_url: str
    theme_webcal_url: str
    theme_name: str


def calendar_links(talkshow: Talkshow) -> CalendarLinks:
    """Links for a public talkshow whose theme, venue and speakers are loaded (the page loads them)."""
    language = current_language()
    lang: dict[str, Any] = {} if language == current_app.config["BABEL_DEFAULT_LOCALE"] else {"lang": language}
    series_feed_url = public_url("calendar.series_feed", **lang)
    theme_feed_url = public_url("calendar.theme_feed", slug=talkshow.theme.slug, **lang)
    event = services.talkshow_event(talkshow, current_site(), language=language)
    return CalendarLinks(
        can_add=not talkshow.is_cancelled and talkshow.ends_at >= utcnow(),
        download_url=url_for("calendar.talkshow_file", slug=talkshow.slug, **lang),
        google_url=google_calendar_url(event),
        series_feed_url=series_feed_url,
        series_webcal_url=webcal_url(series_feed_url),
        theme_feed_url=theme_feed_url,
        theme_webcal_url=webcal_url(theme_feed_url),
        theme_name=talkshow.theme.display_name(language),
    )


@blueprint.app_context_processor
def calendar_helpers() -> dict:
    """``calendar_links(talkshow)`` for the talkshow page's calendar partial."""
    return {"calendar_links": calendar_links}
