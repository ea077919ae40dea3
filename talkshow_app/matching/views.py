"""Public pages and open data of matching: questions from the city, their matches, the overview."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..extensions import limiter
from ..i18n import current_language
from ..labs.places import CITY_CENTRE, STADSDELEN, stadsdeel_slug
from . import services
from .forms import QuestionForm
from .map import question_markers
from .models import PUBLIC_STATES, AskerKind, HelpKind
from .wording import (
    ASKER_LABELS,
    HELP_LABELS,
    KIND_LABELS,
    LEVEL_LABELS,
    OFFER_KIND_LABELS,
    STATE_LABELS,
    UNIT_LABELS,
    reason_texts,
)

blueprint = Blueprint("matching", __name__)


@blueprint.app_context_processor
def matching_labels() -> dict:
    return {
        "question_state_labels": STATE_LABELS,
        "asker_labels": ASKER_LABELS,
        "help_labels": HELP_LABELS,
        "offer_kind_labels": OFFER_KIND_LABELS,
        "level_labels": LEVEL_LABELS,
        "unit_labels": UNIT_LABELS,
        "match_kind_labels": KIND_LABELS,
        "reason_texts": reason_texts,
    }


@blueprint.app_template_global()
def matching_talkshow_links(talkshow):
    """For templates/matching/_talkshow_questions.html on the talkshow page."""
    return services.talkshow_links(talkshow.id, talkshow.theme_id)


@blueprint.app_template_global()
def matching_lab_questions(lab):
    """For templates/matching/_lab_questions.html on the lab page."""
    return services.lab_questions(lab.id)


def match_url(match) -> str:
    if match.kind == "lab" and "labs.detail" in current_app.view_functions:
        return url_for("labs.detail", slug=match.slug)
    return ""


@blueprint.route("/questions")
def questions():
    parsed = services.parse_question_filters(request.args)
    if parsed.invalid:
        abort(400)
    return render_template(
        "matching/questions.html",
        questions=services.public_questions(parsed.filters),
        filters=parsed.filters,
        themes=services.themes(),
        stadsdelen=[(stadsdeel_slug(s), s) for s in STADSDELEN],
        states=PUBLIC_STATES,
        city_wide=services.CITY_WIDE,
    )


def _question_input(form: QuestionForm) -> services.QuestionInput:
    return services.QuestionInput(
        title=form.title.data,
        description=form.description.data,
        asker_kind=AskerKind(form.asker_kind.data),
        asker_organisation=form.asker_organisation.data or "",
        theme_id=form.theme.data,
        stadsdeel=form.stadsdeel.data or "",
        wijk=form.wijk.data or "",
        discipline_ids=tuple(form.disciplines.data or ()),
        help_kind=HelpKind(form.help_kind.data),
        starts_on=form.starts_on.data,
        deadline=form.deadline.data,
        contact_name=form.contact_name.data,
        contact_email=form.contact_email.data,
        contact_phone=form.contact_phone.data or "",
        language=current_language(),
    )


@blueprint.route("/questions/new", methods=["GET", "POST"])
@limiter.limit("5 per hour;20 per day", methods=["POST"])
def new_question():
    form = QuestionForm(themes=services.themes(), disciplines=services.disciplines())
    if form.validate_on_submit():
        try:
            services.submit_question(_question_input(form))
        except services.MatchingError:
            form.form_errors.append(_("Your question could not be stored. Please check your answers."))
        else:
            return redirect(url_for("matching.thanks"))
    status = 400 if request.method == "POST" else 200
    return render_template("matching/question_new.html", form=form), status


@blueprint.route("/questions/new/thanks")
def thanks():
    return render_template("matching/question_thanks.html")


@blueprint.route("/questions/<slug>")
def question(slug: str):
    try:
        result = services.public_matches(slug)
    except services.NotFound:
        abort(404)
    return render_template("matching/question.html", question=result.question, result=result, match_url=match_url)


@blueprint.route("/api/questions/<slug>/matches")
def api_matches(slug: str):
    """Open data: the ranked matches and teams of a public question, best first."""
    try:
        result = services.public_matches(slug)
    except services.NotFound:
        abort(404)
    return jsonify(
        {
            "matches": [
                {
                    "kind": m.kind,
                    "slug": m.slug,
                    "title": m.candidate.title,
                    "score": round(m.score, 3),
                    "reasons": reason_texts(m.reasons),
                }
                for m in result.matches
            ],
            "teams": [
                {"members": t.slugs, "disciplines_covered": list(t.disciplines_covered), "score": round(t.score, 3)}
                for t in result.teams
            ],
        }
    )


@blueprint.route("/matching")
def overview():
    view = services.overview()
    markers = question_markers(
        (w.question.title, url_for("matching.question", slug=w.question.slug), w.question.stadsdeel,
         str(STATE_LABELS[w.question.state]))
        for w in view.questions
    )
    lab_markers = [
        {
            "kind": "lab",
            "title": lab.name,
            "url": url_for("labs.detail", slug=lab.slug),
            "lat": lab.latitude,
            "lng": lab.longitude,
            "label": lab.stadsdeel,
        }
        for lab in view.labs
        if lab.latitude is not None and lab.longitude is not None
    ]
    return render_template(
        "matching/overview.html",
        view=view,
        markers=[m.as_dict() for m in markers] + lab_markers,
        tile_url=current_app.config["MAP_TILE_URL"],
        centre=CITY_CENTRE,
    )
