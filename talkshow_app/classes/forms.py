"""The teacher's booking form and the student's join form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, RadioField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from ..registrations.forms import TOO_LONG, RegistrationForm, _email_field, _no_markup
from ..registrations.inputs import NAME_MAX
from .inputs import COURSE_MAX, BlockInput


class BlockForm(FlaskForm):
    course = StringField(
        _l("Course"),
        validators=[DataRequired(_l("Enter the name of the course.")), Length(max=COURSE_MAX, message=TOO_LONG)],
    )
    institution = SelectField(_l("Institution"), validators=[DataRequired(_l("Choose the institution."))])
    students = IntegerField(
        _l("Number of students"),
        validators=[
            InputRequired(_l("Enter the number of students (at least 1).")),
            NumberRange(min=1, max=1000, message=_l("Enter the number of students (at least 1).")),
        ],
    )
    teacher_name = StringField(
        _l("Your name"),
        validators=[DataRequired(_l("Enter your name.")), Length(max=NAME_MAX, message=TOO_LONG), _no_markup],
    )
    teacher_email = _email_field()
    consent = BooleanField(
        _l("I agree that my details are used for this booking, as the privacy statement describes."),
        validators=[DataRequired(_l("Agree to the privacy statement to book."))],
    )
    if_full = RadioField(
        _l("Not enough seats for the whole class"),
        choices=[
            SelectChoice("remaining", _l("Take the seats that are left")),
            SelectChoice("waitlist", _l("Put the class on the waiting list")),
        ],
        validate_choice=False,
    )

    def to_input(self, language: str) -> BlockInput:
        return BlockInput(
            course=self.course.data or "",
            institution=self.institution.data or "",
            students=int(self.students.data or 0),
            teacher_name=self.teacher_name.data or "",
            teacher_email=self.teacher_email.data or "",
            consent=bool(self.consent.data),
            if_full=self.if_full.data or "",
            language=language,
        )

    add_service_errors = RegistrationForm.add_service_errors


class JoinForm(FlaskForm):
    """A student joins the class: name, e-mail, consent (the same rules as registering)."""

    name = RegistrationForm.name
    email = RegistrationForm.email
    consent = RegistrationForm.consent

    add_service_errors = RegistrationForm.add_service_errors
