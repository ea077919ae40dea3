"""The public proposal form: fields and labels; the rules live in the use case (services._check)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from ..archive.forms import _uploads
from ..numbers import coerce_id
from .inputs import ProposalInput
from .labels import KINDS
from .services import Choices

NONE = SelectChoice("", "—")


def _id(raw: object) -> int | None:
    try:
        return coerce_id(raw) if raw not in (None, "") else None
    except (TypeError, ValueError):
        return None


class ProposalForm(FlaskForm):
    title = StringField(_l("Title"), validators=[Optional(), Length(max=200)])
    summary = TextAreaField(_l("Summary"), validators=[Optional(), Length(max=2000)])
    kind = SelectField(
        _l("Kind of output"),
        choices=[NONE] + [SelectChoice(v, label) for v, label in KINDS.items()],
        validate_choice=False,
    )
    link = StringField(_l("Link (video, report or repository)"), validators=[Optional(), Length(max=500)])
    file = FileField(_l("Or a file (PDF, image or slides)"))
    alt_text = StringField(_l("Alt text (for an image)"), validators=[Optional(), Length(max=500)])
    talkshow = SelectField(_l("Talkshow"), validate_choice=False)
    lab = SelectField(_l("Lab"), validate_choice=False)
    question = SelectField(_l("City question"), validate_choice=False)
    name = StringField(_l("Your name"), validators=[Optional(), Length(max=120)])
    email = StringField(_l("Your e-mail address"), validators=[Optional(), Length(max=254)])
    consent = BooleanField(
        _l(
            "I agree that my name and e-mail address are used to handle this proposal, as the "
            "privacy statement describes."
        )
    )

    def offer(self, choices: Choices) -> None:
        self.talkshow.choices = [NONE] + [SelectChoice(str(i), label) for i, label in choices.talkshows]
        self.lab.choices = [NONE] + [SelectChoice(str(i), label) for i, label in choices.labs]
        self.question.choices = [NONE] + [SelectChoice(str(i), label) for i, label in choices.questions]

    def to_input(self, language: str, max_bytes: int) -> ProposalInput:
        return ProposalInput(
            title=self.title.data or "",
            summary=self.summary.data or "",
            kind=self.kind.data or "",
            link=self.link.data or "",
            name=self.name.data or "",
            email=self.email.data or "",
            consent=bool(self.consent.data),
            language=language,
            talkshow_id=_id(self.talkshow.data),
            lab_id=_id(self.lab.data),
            question_id=_id(self.question.data),
            files=_uploads(self.file, self.alt_text.data or "", max_bytes),
            alt_text=self.alt_text.data or "",
        )
