"""What a class booking holds and its rules (the form applies the same ones)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from ..registrations.errors import RegistrationError
from ..registrations.inputs import EMAIL_MAX, LANGUAGES, MARKUP, NAME_MAX, normalise_email

COURSE_MAX = INSTITUTION_MAX = 160
IF_FULL = ("", "remaining", "waitlist")
OTHER = "anders"


@dataclass(frozen=True)
class BlockInput:
    course: str
    institution: str
    students: int
    teacher_name: str
    teacher_email: str
    consent: bool
    if_full: str = ""  # "" (ask), "remaining" (the seats that are left) or "waitlist"
    language: str = "nl"


def clean_block(data: BlockInput) -> BlockInput:
    """The input checked again (the service is called without the form too); raises RegistrationError."""
    errors: dict[str, list[object]] = {}
    course, institution, name = data.course.strip(), data.institution.strip(), data.teacher_name.strip()
    if not course:
        errors["course"] = [_l("Enter the name of the course.")]
    elif len(course) > COURSE_MAX or MARKUP.search(course):
        errors["course"] = [_l("Use at most %(max)s characters, without angle brackets.", max=COURSE_MAX)]
    if not institution or len(institution) > INSTITUTION_MAX or MARKUP.search(institution):
        errors["institution"] = [_l("Choose the institution.")]
    if not name:
        errors["teacher_name"] = [_l("Enter your name.")]
    elif len(name) > NAME_MAX or MARKUP.search(name):
        errors["teacher_name"] = [_l("Use at most %(max)s characters, without angle brackets.", max=NAME_MAX)]
    if not 1 <= data.students <= 1000:
        errors["students"] = [_l("Enter the number of students (at least 1).")]
    if data.if_full not in IF_FULL:
        errors["if_full"] = [_l("Choose what happens when not every seat is free.")]
    if not data.consent:
        errors["consent"] = [_l("Agree to the privacy statement to book.")]
    email = data.teacher_email
    try:
        email = normalise_email(data.teacher_email)[:EMAIL_MAX]
    except RegistrationError as error:
        errors["teacher_email"] = list(error.errors["email"])
    if errors:
        raise RegistrationError(errors)
    return BlockInput(
        course=course,
        institution=institution,
        students=data.students,
        teacher_name=name,
        teacher_email=email,
        consent=True,
        if_full=data.if_full,
        language=data.language if data.language in LANGUAGES else "nl",
    )
