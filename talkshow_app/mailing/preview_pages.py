"""The organisers' preview page of every mail template (``previews``), and each mail's HTML for its frame."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_babel import lazy_gettext as _l

from ..accounts.login import role_required
from ..accounts.models import Role
from ..site import current_site
from . import previews

blueprint = Blueprint("mail_previews", __name__)

# The page's sections, one per feature that sends mail (the first part of a template's name).
FEATURE_LABELS = {
    "registrations": _l("Registrations"),
    "classes": _l("Class bookings"),
    "impact": _l("Evaluations"),
    "follows": _l("Followers"),
    "matching": _l("Questions from the city"),
    "proposals": _l("Archive proposals"),
    "accounts": _l("Accounts"),
    "mailing": _l("Mail settings"),
}


@blueprint.route("/organiser/mail-templates")
@role_required(Role.ORGANISER)
def index():
    grouped = previews.previews_by_feature(current_site())
    return render_template("mailing/manage/previews.html", grouped=grouped, feature_labels=FEATURE_LABELS)


@blueprint.route("/organiser/mail-templates/<kind>/<language>.html")
@role_required(Role.ORGANISER)
def frame(kind: str, language: str):
    """The HTML body alone, for the preview's frame (``kind`` is the template's name with dots)."""
    template = previews.template_of(kind)
    if template is None or language not in previews.LANGUAGES:
        abort(404)
    return previews.preview(template, language, current_site()).html
