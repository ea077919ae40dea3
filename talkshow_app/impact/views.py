"""Public routes: ``/impact`` with its charts and CSV files, ``/api/impact``, the evaluation form; the CLI command."""

from __future__ import annotations

import csv
import io

import click
from flask import Blueprint, Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.models import Role
from ..database import utcnow
from ..form_fields import place_errors
from ..i18n import current_language
from ..registrations.views import _private, token_misses
from ..site import current_site
from . import evaluations, mails
from .errors import EvaluationError
from .figures import THRESHOLD, ImpactFigures, impact_figures, season_label
from .forms import EvaluationForm
from .pictures import charts
from .presenters import impact_json
from .tables import TABLE_NAMES, Selection, build_tables, csv_rows

blueprint = Blueprint("impact", __name__, cli_group="impact")
IMPORTED_FOR_EFFECT = (mails,)  # registers the evaluation mail with the outbox
INVALID = 400


def _selection(figures: ImpactFigures) -> Selection:
    """``?season=<first year>`` and ``?theme=<slug>``; empty or "all" means all; anything else is a 400."""
    season_text = (request.args.get("season") or "").strip()
    theme_slug = (request.args.get("theme") or "").strip()
    season = None
    if season_text and season_text != "all":
        if not season_text.isascii() or not season_text.isdigit() or int(season_text) not in figures.seasons:
            abort(INVALID)
        season = int(season_text)
    theme = None
    if theme_slug and theme_slug != "all":
        theme = figures.theme(theme_slug)
        if theme is None:
            abort(INVALID)
    return Selection(season=season, theme=theme)


def _query(selection: Selection) -> dict[str, str]:
    query = {}
    if selection.season is not None:
        query["season"] = str(selection.season)
    if selection.theme is not None:
        query["theme"] = selection.theme.slug
    return query


@blueprint.route("/impact")
def index():
    figures = impact_figures(utcnow())
    selection = _selection(figures)
    tables = build_tables(figures, selection, current_language())
    return render_template(
        "impact/index.html",
        figures=figures,
        selection=selection,
        tables=tables,
        charts=charts(tables),
        query=_query(selection),
        season_label=season_label,
        threshold=THRESHOLD,
        is_organiser=current_user.is_authenticated and current_user.has_role(Role.ORGANISER),
    )


@blueprint.route("/impact/<name>.csv")
def table_csv(name: str):
    if name not in TABLE_NAMES:
        abort(404)
    figures = impact_figures(utcnow())
    table = build_tables(figures, _selection(figures), current_language())[name]
    out = io.StringIO()
    csv.writer(out).writerows(csv_rows(table))
    response = Response(out.getvalue(), content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="impact-{name}.csv"'
    return response


@blueprint.route("/api/impact")
def api_impact():
    now = utcnow()
    response = jsonify(impact_json(impact_figures(now), current_site(), now))
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.add_etag()
    return response.make_conditional(request)


# --- The attendee's evaluation, through their personal link ------------------------------------------


@blueprint.route("/registrations/<token>/evaluation", methods=["GET", "POST"])
@token_misses
def evaluation(token: str):
    found = evaluations.state(token)
    form = EvaluationForm()
    status = 200
    if request.method == "POST" and found.open:
        if form.validate_on_submit():
            try:
                evaluations.answer(token, form.to_input())
            except EvaluationError as error:
                for message in place_errors(form, error.errors):
                    flash(str(message), "error")
            else:
                flash(_("Thank you! Your answer has been saved, without your name."), "success")
                return _private(redirect(url_for("registrations.manage", token=token), code=303))
        status = INVALID
    elif request.method == "POST":
        status = INVALID
    page = render_template(
        "impact/evaluation.html",
        state=found,
        talkshow=found.registration.talkshow,
        token=token,
        form=form,
    )
    return _private(Response(page, status=status))


@blueprint.cli.command("evaluations")
@click.option(
    "--within-days", default=evaluations.WITHIN_DAYS, show_default=True, help="Talkshows ended this recently."
)
def queue_evaluations_command(within_days: int) -> None:
    """Queue the evaluation mail for checked-in attendees of ended talkshows; running it twice sends nothing twice."""
    queued = evaluations.queue_evaluations(current_site(), within_days=within_days)
    click.echo(f"{queued} evaluation mails queued.")
