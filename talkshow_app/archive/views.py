"""The archive's public pages: search, one output, downloads, feed and open data.

The editorial board's routes are in manage.py, on the same blueprint (endpoint names ``archive.*``).
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, render_template, request, send_file
from markupsafe import Markup

from ..i18n import current_language
from ..site import current_site
from ..urls import public_url
from . import attachments, catalogue, presenters, uploads
from .inputs import Storage
from .labels import FACET_LABELS, template_labels
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
    return render_template("archive/index.html", result=result, filters=filters, facet_labels=FACET_LABELS)


@blueprint.route("/api/archive")
def api_index():
    result = catalogue.search(catalogue.parse_filters(request.args), with_facets=False)
    return jsonify(presenters.api_search(result))


@blueprint.route("/archive/feed.xml")
def feed():
    body = presenters.feed(catalogue.feed_entries(), current_site())
    return Response(body, mimetype="application/atom+xml")


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
