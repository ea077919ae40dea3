"""The evaluation form: a 1-5 score and "what will you do with it?"; the service checks the same rules again."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, TextAreaField
from wtforms.validators import InputRequired, Length, ValidationError

from .evaluations import EvaluationInput
from .models import MAX_ACTION_LENGTH, SCORES

SCORE_MESSAGE = _l("Choose a score from 1 to 5.")


class EvaluationForm(FlaskForm):
    score = RadioField(
        _l("How useful was this talkshow for you? (1 = not at all, 5 = very)"),
        choices=[SelectChoice(str(value), str(value)) for value in SCORES],
        validators=[InputRequired(SCORE_MESSAGE)],
    )
    action = TextAreaField(
        _l("What will you do with it?"),
        validators=[Length(max=MAX_ACTION_LENGTH, message=_l("Use at most %(max)d characters."))],
        render_kw={"maxlength": MAX_ACTION_LENGTH, "rows": 4},
    )

    def validate_score(self, field) -> None:
        # RadioField's own "Not a valid choice" is not what people should read.
        if field.data not in {str(value) for value in SCORES}:
            field.errors[:] = []
            raise ValidationError(str(SCORE_MESSAGE))

    def to_input(self) -> EvaluationInput:
        return EvaluationInput(score=self.score.data or "", action=self.action.data or "")
