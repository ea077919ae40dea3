"""The Open Graph and Twitter card tags of a page (``share_tags`` in base.html)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import Flask, current_app, render_template, request
from markupsafe import Markup

from ..i18n import current_language
from ..images.links import share_image

SITE_NAME = "Den Haag Draait Door"
# Pages that are nobody's to share or index: personal links, the organiser area, logging in.
PRIVATE_PREFIXES = ("/organiser", "/registrations", "/login", "/logout", "/forgot-password", "/reset-password")
DROPPED_ARGS = {"lang", "preview"}


def page_url() -> str:
    """This page on PUBLIC_URL, with its query (a theme filter) but without language or preview switches."""
    args = [(key, value) for key, value in request.args.items(multi=True) if key not in DROPPED_ARGS]
    query = "?" + urlencode(args) if args else ""
    return current_app.config["PUBLIC_URL"] + request.path + query


def _plain(value: Any) -> str:
    text = value.striptags() if isinstance(value, Markup) else str(value or "")
    return " ".join(text.split())


def share_tags(title: Any, description: Any, item: Any = None, kind: str = "website", url: str | None = None) -> Markup:
    if any(request.path.startswith(prefix) for prefix in PRIVATE_PREFIXES):
        return Markup("")
    return Markup(  # nosec B704 - our own template's output, autoescaped by Jinja
        render_template(
            "sharing/_meta.html",
            share_title=_plain(title),
            share_description=_plain(description),
            share_kind=kind,
            share_url=url or page_url(),
            share_picture=share_image(item),
            share_locale="en_GB" if current_language() == "en" else "nl_NL",
            site_name=SITE_NAME,
        )
    )


def register_template_helpers(app: Flask) -> None:
    app.add_template_global(share_tags, "share_tags")
