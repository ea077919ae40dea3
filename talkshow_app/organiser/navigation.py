"""The organiser area's one menu: the same items in the same order on every organiser page.

Which items a person sees follows the role rules the routes themselves enforce: every organiser
route carries ``accounts.login.role_required``, which records its roles on the view function
(``required_roles``). ``allowed_roles`` reads them back, so the menu, the board's panel and the
403 answer cannot drift apart: a link is shown only when its route would open for this person.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import current_app, request, url_for
from flask_babel import lazy_gettext as _l

from ..domain import Actor


@dataclass(frozen=True)
class NavItem:
    key: str
    endpoint: str
    label: Any
    values: tuple[tuple[str, str], ...] = ()


# The menu, in order. A new organiser page with its own menu entry adds one line here.
NAV: tuple[NavItem, ...] = (
    NavItem("board", "series_manage.board", _l("Series board")),
    NavItem("talkshows", "series_manage.talkshows", _l("Talkshows")),
    NavItem("themes", "series_manage.catalogue", _l("Themes"), (("kind", "themes"),)),
    NavItem("speakers", "series_manage.catalogue", _l("Speakers"), (("kind", "speakers"),)),
    NavItem("organisations", "series_manage.catalogue", _l("Organisations"), (("kind", "organisations"),)),
    NavItem("venues", "series_manage.catalogue", _l("Venues"), (("kind", "venues"),)),
    NavItem("labs", "labs_manage.index", _l("Labs")),
    NavItem("questions", "matching_manage.questions", _l("City questions")),
    NavItem("offers", "matching_manage.offers", _l("Offers")),
    NavItem("archive", "archive.manage_board", _l("Archive")),
    NavItem("mail", "mailing_manage.index", _l("Outgoing mail")),
    NavItem("impact", "impact_manage.index", _l("Impact")),
)

# Pages below a menu item (forms, detail pages) mark that item as the section they belong to.
SECTION_OF_BLUEPRINT = {
    "labs_manage": "labs",
    "archive": "archive",
    "mailing_manage": "mail",
    "impact_manage": "impact",
    "registrations": "talkshows",
}
OFFER_ENDPOINTS = {"offers", "new_offer", "edit_offer", "delete_offer"}
IMAGE_SECTIONS = {"talkshow": "talkshows", "speaker": "speakers", "lab": "labs", "output": "archive"}


def allowed_roles(endpoint: str) -> tuple[Any, ...] | None:
    """The roles a route lets in (from its ``role_required``), or None for a route without that guard."""
    view = current_app.view_functions.get(endpoint)
    return getattr(view, "required_roles", None)


def may_open(user: Actor | None, endpoint: str) -> bool:
    """Whether this route answers this person with its page rather than 403 (or the login page)."""
    roles = allowed_roles(endpoint)
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return roles is None or user.has_role(*roles)


def section_of(endpoint: str | None, view_args: Mapping[str, Any] | None) -> str | None:
    """The menu item a page belongs to, from its endpoint (and the catalogue or image kind in its URL)."""
    if not endpoint:
        return None
    args = view_args or {}
    blueprint, _, name = endpoint.partition(".")
    if blueprint == "series_manage":
        if name == "board":
            return "board"
        if "kind" in args:
            return str(args["kind"])
        return "talkshows"
    if blueprint == "matching_manage":
        return "offers" if name in OFFER_ENDPOINTS else "questions"
    if blueprint == "images_manage":
        return IMAGE_SECTIONS.get(str(args.get("kind")))
    if blueprint == "archive" and not name.startswith("manage_"):
        return None
    return SECTION_OF_BLUEPRINT.get(blueprint)


@dataclass(frozen=True)
class NavLink:
    key: str
    href: str
    label: Any
    current: str | None  # the aria-current value: "page" on the item's own page, "true" below it


def organiser_nav(user: Actor | None) -> list[NavLink]:
    """The menu items this person may open, the current page (or its section) marked."""
    section = section_of(request.endpoint, request.view_args)
    links = []
    for item in NAV:
        if not may_open(user, item.endpoint):
            continue
        values: dict[str, Any] = dict(item.values)
        current = None
        if item.key == section:
            own_page = request.endpoint == item.endpoint
            current = "page" if own_page else "true"
        links.append(NavLink(item.key, url_for(item.endpoint, **values), item.label, current))
    return links
