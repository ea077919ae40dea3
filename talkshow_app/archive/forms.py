"""Forms of the editorial board: field rules, the messages people see, and the input each gives a use case."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, Field, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import URL, AnyOf, DataRequired, Length, Optional

from ..form_fields import CheckboxesField
from ..numbers import coerce_id
from .inputs import OutputDraft, Upload
from .labels import LANGUAGES, LICENCES, TYPE_LABELS
from .workflow import Action

URL_MESSAGE = _l("Give a web address starting with https:// or http://.")
LINKS = ("speakers", "organisations", "talkshows", "themes", "labs", "questions")


def _uploads(file_field: Field, alt_text: str, max_bytes: int) -> list[Upload]:
    """The field's file as an Upload, read at most one byte past the limit (so too large stays detectable)."""
    storage = file_field.data
    if storage is None or not getattr(storage, "filename", ""):
        return []
    data = storage.stream.read(max_bytes + 1)
    return [Upload(filename=storage.filename, data=data, alt_text=alt_text)]


class OutputForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(_l("Give the output a title.")), Length(max=200)])
    output_type = SelectField(
        _l("Type"),
        choices=[SelectChoice(value, label) for value, label in TYPE_LABELS.items()],
        validators=[DataRequired(_l("Choose a type."))],
    )
    abstract = TextAreaField(_l("Abstract"), validators=[Optional(), Length(max=2000)])
    body = TextAreaField(_l("Text (Markdown)"), validators=[Optional(), Length(max=100_000)])
    language = SelectField(
        _l("Language"), choices=[SelectChoice(value, label) for value, label in LANGUAGES.items()], default="nl"
    )
    licence = SelectField(
        _l("Licence"), choices=[SelectChoice(value, value) for value in LICENCES], default=LICENCES[0]
    )
    published_on = DateField(_l("Date of the output"), validators=[Optional()])
    media_url = StringField(
        _l("Media link (video, audio or repository)"),
        validators=[Optional(), URL(message=URL_MESSAGE), Length(max=500)],
    )
    transcript_url = StringField(
        _l("Transcript or captions link"), validators=[Optional(), URL(message=URL_MESSAGE), Length(max=500)]
    )
    speakers = CheckboxesField(_l("Authors (speakers)"), coerce=coerce_id, validators=[Optional()])
    organisations = CheckboxesField(_l("Authors (organisations)"), coerce=coerce_id, validators=[Optional()])
    talkshows = CheckboxesField(_l("Talkshows"), coerce=coerce_id, validators=[Optional()])
    themes = CheckboxesField(_l("Themes"), coerce=coerce_id, validators=[Optional()])
    labs = CheckboxesField(_l("Labs"), coerce=coerce_id, validators=[Optional()])
    questions = CheckboxesField(_l("City questions"), coerce=coerce_id, validators=[Optional()])
    file = FileField(_l("File (PDF, image or slides)"))
    alt_text = StringField(_l("Alt text (for images)"), validators=[Optional(), Length(max=500)])

    def set_choices(self, choices) -> None:
        for name in LINKS:
            getattr(self, name).choices = [SelectChoice(value, label) for value, label in getattr(choices, name)]

    def fill_from(self, output) -> None:
        """Show an existing output's type and links (the other fields come from ``obj=``)."""
        self.output_type.data = output.output_type.value
        for name in LINKS:
            getattr(self, name).data = [linked.id for linked in getattr(output, name)]

    def to_input(self) -> OutputDraft:
        return OutputDraft(
            title=self.title.data or "",
            output_type=self.output_type.data or "",
            abstract=self.abstract.data or "",
            body=self.body.data or "",
            language=self.language.data or "nl",
            licence=self.licence.data or "",
            published_on=self.published_on.data,
            media_url=self.media_url.data or "",
            transcript_url=self.transcript_url.data or "",
            speaker_ids=self.speakers.data or [],
            organisation_ids=self.organisations.data or [],
            talkshow_ids=self.talkshows.data or [],
            theme_ids=self.themes.data or [],
            lab_ids=self.labs.data or [],
            question_ids=self.questions.data or [],
        )

    def uploads(self, max_bytes: int) -> list[Upload]:
        """The first file sent with a new output (none if the field is empty)."""
        return _uploads(self.file, self.alt_text.data or "", max_bytes)


class FileForm(FlaskForm):
    file = FileField(_l("File (PDF, image or slides)"))
    alt_text = StringField(_l("Alt text (for images)"), validators=[Optional(), Length(max=500)])

    def to_input(self, max_bytes: int) -> list[Upload]:
        return _uploads(self.file, self.alt_text.data or "", max_bytes)


class AltTextForm(FlaskForm):
    alt_text = StringField(_l("Alt text"), validators=[Optional(), Length(max=500)])

    def to_input(self) -> str:
        return self.alt_text.data or ""


class TransitionForm(FlaskForm):
    # Sent by the button pressed (name="action"), not rendered as a field; anything else is a bad request.
    action = StringField(validators=[AnyOf([action.value for action in Action])])
    comment = TextAreaField(_l("Comment for the author"), validators=[Optional(), Length(max=5000)])

    def to_input(self) -> tuple[Action, str]:
        """The step to take and the comment for the author."""
        return Action(self.action.data), self.comment.data or ""


class CommentForm(FlaskForm):
    body = TextAreaField(_l("Comment"), validators=[DataRequired(_l("Write a comment first.")), Length(max=5000)])

    def to_input(self) -> str:
        return self.body.data or ""
