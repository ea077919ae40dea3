"""The editorial board (organiser area): outputs in every state, editing, files, review and publication.

Routes sit on the archive's own blueprint (imported from views), so endpoint names stay
``archive.manage_*``; talkshow_app.register_blueprints imports this module before registering it.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import chain

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from markupsafe import Markup
from werkzeug.exceptions import RequestEntityTooLarge

from ..accounts.login import role_required
from ..accounts.models import Role
from ..errors import render_error
from ..form_fields import place_errors
from . import attachments, board, editing, review, workflow
from .errors import ArchiveError
from .forms import AltTextForm, CommentForm, FileForm, OutputForm, TransitionForm
from .kinds import OutputState
from .labels import ACTION_BUTTONS, ACTION_LABELS
from .rendering import render_markdown
from .views import blueprint, current_storage, file_response

MANAGE = "/organiser/archive"


def _back_to(output_id: int):
    return redirect(url_for("archive.manage_output", output_id=output_id))


def _show_refusal(error: ArchiveError, form: FlaskForm | None = None) -> None:
    """Messages for a field of ``form`` go next to it; the others are flashed."""
    general = place_errors(form, error.errors) if form is not None else list(chain(*error.errors.values()))
    for message in general:
        flash(str(message), "error")


def _attempt(use_case: Callable[[], object], done: str) -> None:
    """Run a use case that answers with a redirect: flash ``done``, or every reason it was refused."""
    try:
        use_case()
    except ArchiveError as error:
        _show_refusal(error)
    else:
        flash(done, "success")


@blueprint.errorhandler(RequestEntityTooLarge)
def upload_too_large(error: RequestEntityTooLarge):
    """Bodies over MAX_CONTENT_LENGTH are refused before any view runs; say what the limit is."""
    limit = f"{current_storage().max_file_bytes // (1024 * 1024)} MB"
    return render_error(413, _("The upload is larger than the archive accepts (at most %(limit)s).", limit=limit))


@blueprint.route(MANAGE)
@role_required(Role.ORGANISER, Role.EDITOR)
def manage_board():
    state = board.parse_state(request.args.get("state"))
    return render_template(
        "archive/manage/board.html", outputs=board.board(state), state=state, counts=board.state_counts()
    )


@blueprint.route(f"{MANAGE}/new", methods=["GET", "POST"])
@role_required(Role.EDITOR)
def manage_new():
    form = OutputForm()
    form.set_choices(board.choices())
    if form.validate_on_submit():
        storage = current_storage()
        try:
            output = editing.create_output(
                form.to_input(), current_user, storage, files=form.uploads(storage.max_file_bytes)
            )
        except ArchiveError as error:
            _show_refusal(error, form)
        else:
            flash(_("The output is saved as a draft."), "success")
            return _back_to(output.id)
    status = 400 if request.method == "POST" else 200
    return render_template("archive/manage/form.html", form=form, output=None), status


@blueprint.route(f"{MANAGE}/<int:output_id>")
@role_required(Role.ORGANISER, Role.EDITOR)
def manage_output(output_id: int):
    return _render_output_page(board.editable_output(output_id))


def _render_output_page(output, comment_form: CommentForm | None = None, status: int = 200):
    """The editorial page; a rejected comment comes back with its field message in place."""
    return render_template(
        "archive/manage/output.html",
        output=output,
        body_html=Markup(render_markdown(output.body)),  # nosec B704 - sanitised by nh3
        problems=review.publication_problems(output),
        actions=workflow.allowed_actions(output.state),
        action_buttons=ACTION_BUTTONS,
        action_labels=ACTION_LABELS,
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
    output = board.editable_output(output_id)
    if output.state == OutputState.PUBLISHED:
        flash(_("A published output cannot be changed. Withdraw it first, then reopen it as a draft."), "error")
        return _back_to(output_id)
    form = OutputForm(obj=output if request.method == "GET" else None)
    form.set_choices(board.choices())
    if request.method == "GET":
        form.fill_from(output)
    if form.validate_on_submit():
        try:
            editing.update_output(output_id, form.to_input(), current_user)
        except ArchiveError as error:
            _show_refusal(error, form)
        else:
            flash(_("Your changes are saved."), "success")
            return _back_to(output_id)
    status = 400 if request.method == "POST" else 200
    return render_template("archive/manage/form.html", form=form, output=output), status


@blueprint.route(f"{MANAGE}/<int:output_id>/files", methods=["POST"])
@role_required(Role.EDITOR)
def manage_add_file(output_id: int):
    board.editable_output(output_id)
    form = FileForm()
    storage = current_storage()
    files = form.to_input(storage.max_file_bytes) if form.validate_on_submit() else []
    if not files:
        flash(_("Choose a file to upload."), "error")
    else:
        _attempt(lambda: attachments.add_files(output_id, files, current_user, storage), _("The file is added."))
    return _back_to(output_id)


@blueprint.route(f"{MANAGE}/<int:output_id>/files/<int:file_id>")
@role_required(Role.ORGANISER, Role.EDITOR)
def manage_download(output_id: int, file_id: int):
    return file_response(board.editable_output(output_id), file_id)


@blueprint.route(f"{MANAGE}/<int:output_id>/files/<int:file_id>/delete", methods=["POST"])
@role_required(Role.EDITOR)
def manage_remove_file(output_id: int, file_id: int):
    storage = current_storage()
    _attempt(lambda: attachments.remove_file(output_id, file_id, current_user, storage), _("The file is removed."))
    return _back_to(output_id)


@blueprint.route(f"{MANAGE}/<int:output_id>/files/<int:file_id>/alt", methods=["POST"])
@role_required(Role.EDITOR)
def manage_alt_text(output_id: int, file_id: int):
    form = AltTextForm()
    if form.validate_on_submit():
        alt_text = form.to_input()
        saved = _("The alt text is saved.")
        _attempt(lambda: attachments.set_alt_text(output_id, file_id, alt_text, current_user), saved)
    return _back_to(output_id)


@blueprint.route(f"{MANAGE}/<int:output_id>/transition", methods=["POST"])
@role_required(Role.EDITOR)
def manage_transition(output_id: int):
    form = TransitionForm()
    if not form.validate_on_submit():
        abort(400)
    action, comment = form.to_input()
    four_eyes = bool(current_app.config.get("ARCHIVE_FOUR_EYES", True))
    _attempt(
        lambda: review.transition(output_id, action, current_user, comment=comment, four_eyes=four_eyes),
        _("Done: %(step)s.", step=ACTION_LABELS[action.value]),
    )
    return _back_to(output_id)


@blueprint.route(f"{MANAGE}/<int:output_id>/comments", methods=["POST"])
@role_required(Role.EDITOR)
def manage_comment(output_id: int):
    form = CommentForm()
    if not form.validate_on_submit():
        return _render_output_page(board.editable_output(output_id), comment_form=form, status=400)
    review.comment_on(output_id, current_user, form.to_input())
    flash(_("Your comment is added."), "success")
    return _back_to(output_id)
