"""The organiser's impact page: the public figures plus no-show rate, filling speed and mail delivery."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from ..accounts.login import role_required
from ..accounts.models import Role
from .labels import COLUMNS
from .organiser import DAYS_BEFORE, organiser_figures

blueprint = Blueprint("impact_manage", __name__, url_prefix="/organiser/impact")


@blueprint.route("/")
@role_required(Role.ORGANISER)
def index():
    return render_template(
        "impact/manage.html",
        figures=organiser_figures(current_user),
        days_before=DAYS_BEFORE,
        day_labels={days: COLUMNS[f"registered_{days}"] for days in DAYS_BEFORE},
    )
