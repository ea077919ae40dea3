from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, session, url_for

from ..urls import safe_next

blueprint = Blueprint("pages", __name__)


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
