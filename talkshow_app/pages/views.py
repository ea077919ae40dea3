from __future__ import annotations

import logging

from flask import Blueprint, abort, current_app, jsonify, redirect, render_template, request, session, url_for
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db, limiter
from ..urls import safe_next

blueprint = Blueprint("pages", __name__)
log = logging.getLogger(__name__)


@blueprint.route("/privacy")
def privacy():
    return render_template("pages/privacy.html", retention_days=current_app.config["PRIVACY_RETENTION_DAYS"])


@blueprint.route("/toegankelijkheid")
def accessibility():
    return render_template("pages/accessibility.html")


@blueprint.route("/language/<code>")
def choose_language(code: str):
    """Remember the reader's language in their (signed) session cookie and go back."""
    if code not in current_app.config["LANGUAGES"]:
        abort(404)
    session["lang"] = code
    return redirect(safe_next(request.args.get("next")) or url_for("series.home"))


@blueprint.route("/healthz")
@limiter.exempt
def healthz():
    """For load balancers and monitoring: is the app up and does the database answer? No personal data, no cookie."""
    try:
        db.session.execute(text("SELECT 1"))
        db.session.rollback()
    except (SQLAlchemyError, OSError) as error:
        log.warning("health check: the database does not answer (%s)", type(error).__name__)
        db.session.rollback()
        response = jsonify(status="error", database="error")
        response.status_code = 503
    else:
        response = jsonify(status="ok", database="ok")
    response.headers["Cache-Control"] = "no-store"
    return response
