"""Pages of a list under /api: ``?page=`` and ``?per_page=``, the body's paging fields and a Link header."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlencode

from flask import current_app, request
from flask_babel import lazy_gettext as _l

from ..numbers import parse_int
from .errors import invalid_parameters

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_PAGE = 10_000
T = TypeVar("T")


@dataclass(frozen=True)
class Paging:
    """What was asked for: ``page`` (1-based) and ``per_page``."""

    page: int
    per_page: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


def parse_paging(args: Mapping[str, str], default_per_page: int = DEFAULT_PER_PAGE) -> Paging:
    """``per_page`` must be 1..100 (else 400); a ``page`` that is not a plain positive number reads as 1,
    as /archive has always read it, and a page past the last shows the last."""
    raw_per_page = args.get("per_page")
    per_page = default_per_page
    if raw_per_page is not None:
        parsed = parse_int(str(raw_per_page), lowest=1, highest=MAX_PER_PAGE)
        if parsed is None:
            raise invalid_parameters({"per_page": _l("Give a whole number from 1 to %(most)s.", most=MAX_PER_PAGE)})
        per_page = parsed
    page = parse_int(str(args.get("page") or "1"), lowest=1, highest=999_999_999) or 1
    return Paging(page=min(page, MAX_PAGE), per_page=per_page)


def page_count(total: int, per_page: int) -> int:
    return max(1, math.ceil(total / per_page))


def page_url(page: int) -> str:
    """This request's URL on PUBLIC_URL with another page number (other parameters kept)."""
    pairs = [(key, value) for key, value in request.args.items(multi=True) if key != "page"]
    if page > 1:
        pairs.append(("page", str(page)))
    query = urlencode(pairs)
    return current_app.config["PUBLIC_URL"] + request.path + (f"?{query}" if query else "")


def paging_fields(total: int, page: int, per_page: int) -> dict[str, Any]:
    """``total``, ``page``, ``pages``, ``per_page``, ``next`` and ``prev`` for a list's body."""
    pages = page_count(total, per_page)
    page = min(page, pages)
    return {
        "total": total,
        "page": page,
        "pages": pages,
        "per_page": per_page,
        "next": page_url(page + 1) if page < pages else None,
        "prev": page_url(page - 1) if page > 1 else None,
    }


def link_header(fields: Mapping[str, Any]) -> str:
    """RFC 8288 links to the first, previous, next and last pages."""
    links = [f'<{page_url(1)}>; rel="first"']
    if fields["prev"]:
        links.append(f'<{fields["prev"]}>; rel="prev"')
    if fields["next"]:
        links.append(f'<{fields["next"]}>; rel="next"')
    links.append(f'<{page_url(fields["pages"])}>; rel="last"')
    return ", ".join(links)


def page_of(items: Sequence[T], paging: Paging) -> tuple[list[T], dict[str, Any]]:
    """One page of a list that is already loaded whole, with its paging fields."""
    fields = paging_fields(len(items), paging.page, paging.per_page)
    start = (fields["page"] - 1) * paging.per_page
    return list(items[start : start + paging.per_page]), fields
