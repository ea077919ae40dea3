"""Forms of the editorial board: field rules and the messages people see."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, SelectChoice, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import URL, DataRequired, Length, Optional

from .labels import LANGUAGES, LICENCES, TYPE_LABELS

URL_MESSAGE = _l("Give a web address starting with https:// or http://.")


class OutputForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(_l("Give the output a title.")), Length(max=200)])
    output_type = SelectField(
        _l("Type"),
        choices=[SelectChoice(value, label) for value, label in TYPE_LABELS.items()],
        validators=[DataRequired(_l("Choose a type."))],
    )
    abstract = TextAreaField(_l("Abstract"), validators=[Optional(), Length(max=2000)])
    body = TextAreaField(_l("Text (Markdown)"), validators=[Optional(), Length(max=100_000)])
    language = SelectField(_l("Language"), choices=[SelectChoice(value, label) for value, label in LANGUAGES.items()], default="nl")
    licence = SelectField(_l("Licence"), choices=[SelectChoice(value, value) for value in LICENCES], default=LICENCES[0])
    published_on = DateField(_l("Date of the output"), validators=[Optional()])
    media_url = StringField(_l("Media link (video, audio or repository)"), validators=[Optional(), URL(message=URL_MESSAGE), Length(max=500)])
    transcript_url = StringField(_l("Transcript or captions link"), validators=[Optional(), URL(message=URL_MESSAGE), Length(max=500)])
    speakers = SelectMultipleField(_l("Authors (speakers)"), coerce=int, validators=[Optional()])
    organisations = SelectMultipleField(_l("Authors (organisations)"), coerce=int, validators=[Optional()])
    talkshows = SelectMultipleField(_l("Talkshows"), coerce=int, validators=[Optional()])
    themes = SelectMultipleField(_l("Themes"), coerce=int, validators=[Optional()])
    labs = SelectMultipleField(_l("Labs"), coerce=int, validators=[Optional()])
    questions = SelectMultipleField(_l("City questions"), coerce=int, validators=[Optional()])
    file = FileField(_l("File (PDF, image or slides)"))
    alt_text = StringField(_l("Alt text (for images)"), validators=[Optional(), Length(max=500)])

    def set_choices(self, choices) -> None:
        for name in ("speakers", "organisations", "talkshows", "themes", "labs", "questions"):
            getattr(self, name).choices = [SelectChoice(value, label) for value, label in getattr(choices, name)]


class FileForm(FlaskForm):
    file = FileField(_l("File (PDF, image or slides)"))
    alt_text = StringField(_l("Alt text (for images)"), validators=[Optional(), Length(max=500)])


class AltTextForm(FlaskForm):
    alt_text = StringField(_l("Alt text"), validators=[Optional(), Length(max=500)])


class TransitionForm(FlaskForm):
    comment = TextAreaField(_l("Comment for the author"), validators=[Optional(), Length(max=5000)])


class CommentForm(FlaskForm):
    body = TextAreaField(_l("Comment"), validators=[DataRequired(_l("Write a comment first.")), Length(max=5000)])
