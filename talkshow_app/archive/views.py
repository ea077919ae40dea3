"""The archive's pages: search, one output, downloads, feed, open data, and the editorial board."""
from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, Response, abort, current_app, flash, jsonify, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from werkzeug.exceptions import RequestEntityTooLarge

from ..accounts.login import role_required
from ..accounts.models import Role
from ..errors import render_error
from ..i18n import current_language
from ..site import current_site
from ..timezones import to_local
from ..urls import public_url
from . import atom, catalogue, search_index, services, uploads, workflow
from .forms import AltTextForm, CommentForm, FileForm, OutputForm, TransitionForm
from .kinds import OutputState
from .labels import ACTION_BUTTONS, FACET_LABELS, LANGUAGES, STATE_LABELS, TYPE_LABELS
from .rendering import render_markdown

blueprint = Blueprint("archive", __name__)


@blueprint.cli.command("reindex")
def reindex_command() -> None:
    """Rebuild the archive's full-text index and planner statistics (after a bulk import)."""
    import click

    from ..extensions import db

    count = search_index.rebuild(db.session)
    db.session.commit()
    click.echo(f"Archive search index rebuilt for {count} outputs.")


@blueprint.app_context_processor
def archive_labels() -> dict:
    return {
        "archive_type_labels": TYPE_LABELS,
        "archive_state_labels": STATE_LABELS,
        "archive_language_labels": LANGUAGES,
    }


@blueprint.app_template_global()
def archive_outputs_for(kind: str, obj) -> list:
    """Published outputs for another feature's page (talkshow, speaker, lab, question partials)."""
    if obj is None or getattr(obj, "id", None) is None:
        return []
    finders = {
        "talkshow": catalogue.outputs_for_talkshow,
        "speaker": catalogue.outputs_for_speaker,
        "lab": catalogue.outputs_for_lab,
        "question": catalogue.outputs_for_question,
    }
    return finders[kind](obj.id)


def _storage() -> services.Storage:
    return services.Storage.from_config(current_app.config)


# ---------------------------------------------------------------- visitors


@blueprint.route("/archive")
def index():
    filters = catalogue.parse_filters(request.args)
    result = catalogue.search(filters, language=current_language())
    return render_template("archive/index.html", result=result, filters=filters, facet_labels=FACET_LABELS)


def _item_json(output) -> dict:
    return {
        "slug": output.slug,
        "title": output.title,
        "type": output.output_type.value,
        "talkshow": output.talkshows[0].slug if output.talkshows else None,
        "themes": [theme.slug for theme in output.themes],
        "published_at": to_local(output.published_at).isoformat() if output.published_at else None,
        "url": public_url("archive.detail", slug=output.slug),
    }


@blueprint.route("/api/archive")
def api_index():
    filters = catalogue.parse_filters(request.args)
    result = catalogue.search(filters, with_facets=False)
    return jsonify({"items": [_item_json(o) for o in result.items], "total": result.total})


@blueprint.route("/archive/feed.xml")
def feed():
    site = current_site()
    outputs = catalogue.feed_entries()
    entries = [
        atom.Entry(
            id=f"tag:{site.host},{(o.published_at or o.created_at).year}:knowledge-output:{o.id}",
            title=o.title,
            url=public_url("archive.detail", slug=o.slug),
            updated=o.updated_at,
            published=o.published_at,
            summary=o.abstract or o.title,
            authors=[s.name for s in o.speakers] + [org.name for org in o.organisations],
            categories=[t.slug for t in o.themes],
        )
        for o in outputs
    ]
    updated = max((e.updated for e in entries), default=datetime(2026, 1, 1, tzinfo=UTC))
    body = atom.build_feed(
        feed_id=public_url("archive.feed"),
        title=_("Den Haag Draait Door: knowledge archive"),
        self_url=public_url("archive.feed"),
        site_url=public_url("archive.index"),
        updated=updated,
        entries=entries,
        fallback_author="City Deal Kennis Maken",
    )
    return Response(body, mimetype="application/atom+xml")


@blueprint.route("/archive/<slug>")
def detail(slug: str):
    try:
        output = catalogue.public_output(slug)
    except catalogue.NotFound:
        abort(404)
    return render_template(
        "archive/detail.html",
        output=output,
        body_html=Markup(render_markdown(output.body)),  # nosec B704 - sanitised by nh3 in render_markdown
        related=catalogue.related(output),
        canonical_url=public_url("archive.detail", slug=slug),
    )


def _download(output, file_id: int):
    try:
        stored, path = services.open_file(output, file_id, _storage())
    except services.NotFound:
        abort(404)
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


@blueprint.route("/archive/<slug>/files/<int:file_id>")
def download(slug: str, file_id: int):
    try:
        output = catalogue.public_output(slug)
    except catalogue.NotFound:
        abort(404)
    return _download(output, file_id)


# ---------------------------------------------------------------- editorial board

MANAGE = "/organiser/archive"


def _output_or_404(output_id: int):
    try:
        return services.editable_output(output_id)
    except services.NotFound:
        abort(404)


def _uploaded(field) -> list[services.Upload]:
    """The form's file as an Upload, read at most one byte past the limit."""
    storage = field.data
    if storage is None or not getattr(storage, "filename", ""):
        return []
    data = storage.stream.read(_storage().max_file_bytes + 1)
    return [services.Upload(filename=storage.filename, data=data, alt_text=request.form.get("alt_text", ""))]


@blueprint.errorhandler(RequestEntityTooLarge)
def upload_too_large(error: RequestEntityTooLarge):
    """Bodies over MAX_CONTENT_LENGTH are refused before any view runs; say what the limit is."""
    limit = f"{_storage().max_file_bytes // (1024 * 1024)} MB"
    return render_error(413, _("The upload is larger than the archive accepts (at most %(limit)s).", limit=limit))


def _draft_from(form: OutputForm) -> services.OutputDraft:
    return services.OutputDraft(
        title=form.title.data or "",
        output_type=form.output_type.data or "",
        abstract=form.abstract.data or "",
        body=form.body.data or "",
        language=form.language.data or "nl",
        licence=form.licence.data or "",
        published_on=form.published_on.data,
        media_url=form.media_url.data or "",
        transcript_url=form.transcript_url.data or "",
        speaker_ids=form.speakers.data or [],
        organisation_ids=form.organisations.data or [],
        talkshow_ids=form.talkshows.data or [],
        theme_ids=form.themes.data or [],
        lab_ids=form.labs.data or [],
        question_ids=form.questions.data or [],
    )


def _attach_error(form, error: services.ArchiveError) -> None:
    target = getattr(form, error.field, None) if error.field else None
    if target is not None:
        target.errors = list(target.errors) + [str(error.message)]
    else:
        flash(str(error.message), "error")


@blueprint.route(MANAGE)
@role_required(Role.ORGANISER, Role.EDITOR)
def manage_board():
    raw_state = request.args.get("state") or ""
    state = OutputState(raw_state) if raw_state in OutputState._value2member_map_ else None
    return render_template(
        "archive/manage/board.html", outputs=services.board(state), state=state, counts=services.state_counts()
    )


@blueprint.route(f"{MANAGE}/new", methods=["GET", "POST"])
@role_required(Role.EDITOR)
def manage_new():
    form = OutputForm()
    form.set_choices(services.choices())
    if form.validate_on_submit():
        try:
            output = services.create_output(_draft_from(form), current_user, _storage(), files=_uploaded(form.file))
        except services.ArchiveError as error:
            _attach_error(form, error)
        else:
            flash(_("The output is saved as a draft."), "success")
            return redirect(url_for("archive.manage_output", output_id=output.id))
    status = 400 if request.method == "POST" else 200
    return render_template("archive/manage/form.html", form=form, output=None), status


@blueprint.route(f"{MANAGE}/<int:output_id>")
@role_required(Role.ORGANISER, Role.EDITOR)
def manage_output(output_id: int):
    return _render_output_page(_output_or_404(output_id))


def _render_output_page(output, comment_form: CommentForm | None = None, status: int = 200):
    """The editorial page; a rejected comment comes back with its field message in place."""
    return render_template(
        "archive/manage/output.html",
        output=output,
        body_html=Markup(render_markdown(output.body)),  # nosec B704 - sanitised by nh3
        problems=services.publication_problems(output),
        actions=workflow.allowed_actions(output.state),
        action_buttons=ACTION_BUTTONS,
        action_labels=services.ACTION_LABELS,
        transition_form=TransitionForm(),
        comment_form=comment_form or CommentForm(),
        file_form=FileForm(),
        alt_form=AltTextForm(),
        can_edit=current_user.has_role(Role.EDITOR),
        can_change=current_user.has_role(Role.EDITOR) and output.state != OutputState.PUBLISHED,
    ), status


@blueprint.route(f"{MANAGE}/<int:output_id>/edit", methods=["GET", "POST"])
@role_required(Role.EDITOR)
def manage_edit(output_id: int):
    output = _output_or_404(output_id)
    if output.state == OutputState.PUBLISHED:
        flash(_("A published output cannot be changed. Withdraw it first, then reopen it as a draft."), "error")
        return redirect(url_for("archive.manage_output", output_id=output_id))
    form = OutputForm(obj=output if request.method == "GET" else None)
    form.set_choices(services.choices())
    if request.method == "GET":
        form.output_type.data = output.output_type.value
        for name in ("speakers", "organisations", "talkshows", "themes", "labs", "questions"):
            getattr(form, name).data = [o.id for o in getattr(output, name)]
    if form.validate_on_submit():
        try:
            services.update_output(output_id, _draft_from(form), current_user)
        except services.ArchiveError as error:
            _attach_error(form, error)
        else:
            flash(_("Your changes are saved."), "success")
            return redirect(url_for("archive.manage_output", output_id=output_id))
    status = 400 if request.method == "POST" else 200
    return render_template("archive/manage/form.html", form=form, output=output), status


@blueprint.route(f"{MANAGE}/<int:output_id>/files", methods=["POST"])
@role_required(Role.EDITOR)
def manage_add_file(output_id: int):
    _output_or_404(output_id)
    form = FileForm()
    files = _uploaded(form.file) if form.validate_on_submit() else []
    if not files:
        flash(_("Choose a file to upload."), "error")
    else:
        try:
            services.add_files(output_id, files, current_user, _storage())
        except services.ArchiveError as error:
            flash(str(error.message), "error")
        else:
            flash(_("The file is added."), "success")
    return redirect(url_for("archive.manage_output", output_id=output_id))


@blueprint.route(f"{MANAGE}/<int:output_id>/files/<int:file_id>")
@role_required(Role.ORGANISER, Role.EDITOR)
def manage_download(output_id: int, file_id: int):
    return _download(_output_or_404(output_id), file_id)


@blueprint.route(f"{MANAGE}/<int:output_id>/files/<int:file_id>/delete", methods=["POST"])
@role_required(Role.EDITOR)
def manage_remove_file(output_id: int, file_id: int):
    try:
        services.remove_file(output_id, file_id, current_user, _storage())
    except services.NotFound:
        abort(404)
    except services.ArchiveError as error:
        flash(str(error.message), "error")
    else:
        flash(_("The file is removed."), "success")
    return redirect(url_for("archive.manage_output", output_id=output_id))


@blueprint.route(f"{MANAGE}/<int:output_id>/files/<int:file_id>/alt", methods=["POST"])
@role_required(Role.EDITOR)
def manage_alt_text(output_id: int, file_id: int):
    form = AltTextForm()
    if form.validate_on_submit():
        try:
            services.set_alt_text(output_id, file_id, form.alt_text.data or "", current_user)
        except services.NotFound:
            abort(404)
        except services.ArchiveError as error:
            flash(str(error.message), "error")
        else:
            flash(_("The alt text is saved."), "success")
    return redirect(url_for("archive.manage_output", output_id=output_id))


@blueprint.route(f"{MANAGE}/<int:output_id>/transition", methods=["POST"])
@role_required(Role.EDITOR)
def manage_transition(output_id: int):
    form = TransitionForm()
    action = request.form.get("action", "")
    if not form.validate_on_submit() or action not in workflow.Action._value2member_map_:
        abort(400)
    try:
        services.transition(
            output_id,
            action,
            current_user,
            comment=form.comment.data or "",
            four_eyes=bool(current_app.config.get("ARCHIVE_FOUR_EYES", True)),
        )
    except services.NotFound:
        abort(404)
    except services.ArchiveError as error:
        for message in error.messages:
            flash(str(message), "error")
    else:
        flash(_("Done: %(step)s.", step=services.ACTION_LABELS[action]), "success")
    return redirect(url_for("archive.manage_output", output_id=output_id))


@blueprint.route(f"{MANAGE}/<int:output_id>/comments", methods=["POST"])
@role_required(Role.EDITOR)
def manage_comment(output_id: int):
    form = CommentForm()
    if not form.validate_on_submit():
        return _render_output_page(_output_or_404(output_id), comment_form=form, status=400)
    try:
        services.comment_on(output_id, current_user, form.body.data or "")
    except services.NotFound:
        abort(404)
    flash(_("Your comment is added."), "success")
    return redirect(url_for("archive.manage_output", output_id=output_id))
