"""Public routes: the certificate download on the registrant's own link, and the check of a code."""

from __future__ import annotations

from flask import Blueprint, Response, render_template

from ..extensions import limiter
from ..registrations.views import token_misses
from ..site import current_site
from . import document, services
from .services import NoCertificate

blueprint = Blueprint("certificates", __name__)
VERIFY_LIMIT = "20 per minute; 200 per hour"  # ~59 random bits per code: guessing is hopeless, and slow


def _private(response: Response) -> Response:
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@blueprint.route("/registrations/<token>/certificate.pdf")
@token_misses
def certificate(token: str) -> Response:
    try:
        registration, issued = services.issue(token)
    except NoCertificate as refused:
        page = render_template("certificates/unavailable.html", message=refused.message, token=token)
        return _private(Response(page, status=403))
    body = document.render(registration, issued, current_site())
    response = Response(body, mimetype="application/pdf")
    filename = f"certificate-{registration.talkshow.slug}.pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _private(response)


@blueprint.route("/verify/<code>")
@limiter.limit(VERIFY_LIMIT)
def verify(code: str) -> Response:
    found = services.verify(code)
    page = render_template("certificates/verify.html", found=found)
    response = Response(page)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response
