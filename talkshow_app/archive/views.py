"""The archive's public pages: search, one output, downloads, feed and open data.

The editorial board's routes are in manage.py, on the same blueprint (endpoint names ``archive.*``).
"""

from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, Response, current_app, render_template, request, send_file
from markupsafe import Markup

from ..api import queries
from ..api.errors import invalid_parameters, unknown_value_message
from ..api.paging import Paging, paging_fields, parse_paging
from ..api.responses import api_limit, json_response
from ..http_caching import conditional
from ..i18n import current_language
from ..site import current_site
from ..urls import public_url
from . import attachments, catalogue, presenters, uploads
from .chips import active_chips
from .inputs import Storage
from .labels import FACET_LABELS, TYPE_LABELS, template_labels
from .rendering import render_markdown

blueprint = Blueprint("archive", __name__)


@blueprint.app_context_processor
def archive_labels() -> dict:
    return template_labels()


def current_storage() -> Storage:
    return Storage.from_config(current_app.config)


def file_response(output, file_id: int):
    """One of the output's files as a download that no browser renders in the site's origin."""
    stored, path = attachments.open_file(output, file_id, current_storage())
    extension = uploads.EXTENSIONS.get(stored.content_type, ("bin",))[0]
    response = send_file(
        path,
        mimetype=stored.content_type,
        as_attachment=True,
        download_name=uploads.download_name(stored.original_name, extension),
        max_age=3600,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@blueprint.route("/archive")
def index():
    filters = catalogue.parse_filters(request.args)
    result = catalogue.search(filters, language=current_language())
    # Removing a chip, or all of them, keeps a language asked for in the URL (nothing else of the URL's own).
    lang = request.args.get("lang")
    kept = {"lang": lang} if lang in current_app.config["LANGUAGES"] else {}
    chips = [replace(chip, args={**chip.args, **kept}) for chip in active_chips(filters, result.facets, TYPE_LABELS)]
    return render_template(
        "archive/index.html", result=result, filters=filters, facet_labels=FACET_LABELS, chips=chips, clear_args=kept
    )


@blueprint.route("/api/archive")
@api_limit
def api_index():
    """Open data: the same search as /archive, a page at a time; unknown type, theme, lab or talkshow
    values are a 400 (odd ``page`` and ``year`` values are ignored, as on the page)."""
    paging = parse_paging(request.args, default_per_page=catalogue.PER_PAGE)
    unknown = queries.unknown_archive_filters(request.args)
    if unknown:
        raise invalid_parameters({name: unknown_value_message() for name in unknown})
    items, fields = _api_page(catalogue.parse_filters(request.args), paging)
    return json_response(presenters.api_search(items, fields))


def _api_page(filters: catalogue.Filters, paging: Paging) -> tuple[list, dict]:
    """``paging``'s page of the search, read from the catalogue's own pages of ``PER_PAGE``."""
    size = catalogue.PER_PAGE
    result = catalogue.search(replace(filters, page=paging.offset // size + 1), with_facets=False)
    fields = paging_fields(result.total, paging.page, paging.per_page)
    start = (fields["page"] - 1) * paging.per_page  # a page past the last shows the last
    number = start // size + 1
    if number != result.page:
        result = catalogue.search(replace(filters, page=number), with_facets=False)
    items = list(result.items[start - (number - 1) * size :])
    while len(items) < paging.per_page and number < result.pages:
        number += 1
        items += catalogue.search(replace(filters, page=number), with_facets=False).items
    return items[: paging.per_page], fields


@blueprint.route("/archive/feed.xml")
def feed():
    body = presenters.feed(catalogue.feed_entries(), current_site())
    return conditional(Response(body, mimetype="application/atom+xml"))


@blueprint.route("/archive/<slug>")
def detail(slug: str):
    output = catalogue.public_output(slug)
    return render_template(
        "archive/detail.html",
        output=output,
        body_html=Markup(render_markdown(output.body)),  # nosec B704 - sanitised by nh3 in render_markdown
        related=catalogue.related(output),
        canonical_url=public_url("archive.detail", slug=slug),
    )


@blueprint.route("/archive/<slug>/files/<int:file_id>")
def download(slug: str, file_id: int):
    return file_response(catalogue.public_output(slug), file_id)
