"""Public routes: the proposal form and its thank-you page."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for

from ..archive.inputs import Storage
from ..extensions import limiter
from ..form_fields import place_errors
from ..i18n import current_language
from ..site import current_site
from . import services
from .forms import ProposalForm
from .services import ProposalError

blueprint = Blueprint("proposals", __name__)
PROPOSE_LIMIT = "5 per minute; 20 per hour"


@blueprint.route("/archive/propose", methods=["GET", "POST"])
@limiter.limit(PROPOSE_LIMIT, methods=["POST"])
def propose():
    form = ProposalForm()
    form.offer(services.choices())
    general: list[object] = []
    if request.method == "POST":
        if form.validate_on_submit():
            storage = Storage.from_config(current_app.config)
            try:
                services.propose(form.to_input(current_language(), storage.max_file_bytes), current_site(), storage)
            except ProposalError as refused:
                general = place_errors(form, refused.errors)
            else:
                return redirect(url_for("proposals.thanks"), code=303)
        return render_template("proposals/propose.html", form=form, general_errors=general), 400
    return render_template("proposals/propose.html", form=form, general_errors=general)


@blueprint.route("/archive/propose/thanks")
def thanks():
    return render_template("proposals/thanks.html")


def _proposed_output_ids() -> set[int]:
    return services.proposed_output_ids()


@blueprint.app_context_processor
def proposal_helpers() -> dict[str, object]:
    """The editors' board marks outputs that came from outside (``proposed_output_ids()``)."""
    return {"proposed_output_ids": _proposed_output_ids}
