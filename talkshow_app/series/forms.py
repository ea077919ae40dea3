"""Organiser forms of the series: field rules and the messages people read when a value is wrong.

Times are entered as Europe/Amsterdam wall-clock times; ``to_input`` turns them into aware UTC
values for the services. The services check everything again (they are the last line), and
their field messages are put back on these fields by ``add_planning_errors``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    Field,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import Length, Optional, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..domain import DomainError
from ..form_fields import place_errors
from ..timezones import LOCAL_TZ, local_to_utc
from .catalogue import OrganisationInput, SpeakerInput, ThemeInput, VenueInput
from .fields import DecimalField, LocalDateTimeField, chosen, http_url, in_range, real_local_time, required
from .labels import PART_LABELS
from .models import SpeakerPart
from .scheduling import MAX_CAPACITY, MAX_REASON, MAX_SPEAKERS, SpeakerSlot, TalkshowInput

LINE_UP_ROWS = MAX_SPEAKERS
NO_CHOICE = 0


class ActionForm(FlaskForm):
    """Only the CSRF token: publish, unpublish, cancel and delete buttons."""


class CancelTalkshowForm(FlaskForm):
    """The confirmation of a cancellation, with the organiser's optional words for the mail."""

    reason = TextAreaField(
        _l("Reason (optional, included in the e-mail)"),
        validators=[Length(max=MAX_REASON, message=_l("The reason can be at most %(max)d characters."))],
    )


PART_CHOICES = [(part.value, label) for part, label in PART_LABELS.items()]


class TalkshowForm(FlaskForm):
    title = StringField(
        _l("Title"),
        validators=[
            required(_l("Enter a title.")),
            Length(max=200, message=_l("The title can be at most %(max)d characters.")),
        ],
    )
    theme_id = SelectField(_l("Theme"), coerce=int, validators=[chosen(_l("Choose a theme."))], validate_choice=False)
    summary = TextAreaField(
        _l("Summary"), validators=[Length(max=500, message=_l("The summary can be at most %(max)d characters."))]
    )
    description = TextAreaField(
        _l("Description"),
        validators=[Length(max=10000, message=_l("The description can be at most %(max)d characters."))],
    )
    starts_at = LocalDateTimeField(
        _l("Starts at"), validators=[required(_l("Enter the start date and time.")), real_local_time]
    )
    ends_at = LocalDateTimeField(
        _l("Ends at"), validators=[required(_l("Enter the end date and time.")), real_local_time]
    )
    venue_id = SelectField(_l("Venue"), coerce=int, validate_choice=False)
    capacity = IntegerField(
        _l("Seats"),
        validators=[
            required(_l("Enter the number of seats (0 when there is no registration).")),
            in_range(0, MAX_CAPACITY, _l("The number of seats must be between 0 and %(max)d.", max=MAX_CAPACITY)),
        ],
    )
    class_max = IntegerField(
        _l("Largest class booking (seats; 0: no classes)"),
        default=30,
        validators=[
            Optional(),
            in_range(0, MAX_CAPACITY, _l("Enter a number between 0 and %(max)d.", max=MAX_CAPACITY)),
        ],
    )
    class_release_hours = IntegerField(
        _l("Unused class seats return to the public (hours before the start)"),
        default=48,
        validators=[Optional(), in_range(0, 24 * 60, _l("Enter a number between 0 and %(max)d.", max=24 * 60))],
    )
    registration_opens_at = LocalDateTimeField(_l("Registration opens"), validators=[Optional(), real_local_time])
    registration_closes_at = LocalDateTimeField(_l("Registration closes"), validators=[Optional(), real_local_time])
    livestream_url = URLField(
        _l("Livestream address"),
        validators=[Length(max=500, message=_l("The address can be at most %(max)d characters.")), http_url],
    )
    allow_conflicts = BooleanField(_l("Save anyway: I know about the conflicts above"))

    def __init__(self, *args: Any, theme_choices=(), venue_choices=(), speaker_choices=(), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.row_count = 1  # line-up rows shown; see line_up.py
        self.theme_id.choices = [(NO_CHOICE, _l("— choose a theme —"))] + list(theme_choices)
        self.venue_id.choices = [(NO_CHOICE, _l("— no venue yet —"))] + list(venue_choices)
        for row in self.line_up_rows():
            row[0].choices = [(NO_CHOICE, _l("— nobody —"))] + list(speaker_choices)
            row[1].choices = PART_CHOICES

    def line_up_rows(self) -> list[tuple[SelectField, SelectField]]:
        return [(self[f"speaker_{i}"], self[f"part_{i}"]) for i in range(1, LINE_UP_ROWS + 1)]

    def shown_line_up_rows(self) -> list[tuple[SelectField, SelectField]]:
        return self.line_up_rows()[: self.row_count]

    def validate_theme_id(self, field: Field) -> None:
        if field.data and field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Choose a theme."))

    def validate_venue_id(self, field: Field) -> None:
        if field.data and field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Choose a venue from the list."))

    def validate_ends_at(self, field: Field) -> None:
        if field.data and self.starts_at.data and not self.starts_at.errors and field.data <= self.starts_at.data:
            raise ValidationError(_l("The end must be later than the start."))

    def validate_registration_opens_at(self, field: Field) -> None:
        if field.data and self.starts_at.data and field.data >= self.starts_at.data:
            raise ValidationError(_l("Registration must open before the talkshow starts."))

    def validate_registration_closes_at(self, field: Field) -> None:
        if not field.data:
            return
        if self.registration_opens_at.data and field.data <= self.registration_opens_at.data:
            raise ValidationError(_l("Registration must close after it opens."))
        if self.ends_at.data and field.data > self.ends_at.data:
            raise ValidationError(_l("Registration must close before the talkshow ends."))

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        known = {value for value, _label in self.speaker_1.choices}
        seen: set[int] = set()
        for speaker_field, _part in self.line_up_rows():
            if speaker_field.data and speaker_field.data not in known:
                speaker_field.errors.append(_l("Choose speakers from the list."))
                valid = False
            elif speaker_field.data and speaker_field.data in seen:
                speaker_field.errors.append(_l("This speaker is listed more than once."))
                valid = False
            seen.add(speaker_field.data)
        return valid

    def line_up(self) -> tuple[SpeakerSlot, ...]:
        return tuple(SpeakerSlot(speaker.data, part.data) for speaker, part in self.line_up_rows() if speaker.data)

    def to_input(self) -> TalkshowInput:
        def utc(field: Field) -> datetime | None:
            return local_to_utc(field.data) if field.data else None

        return TalkshowInput(
            title=self.title.data or "",
            theme_id=self.theme_id.data or None,
            starts_at=utc(self.starts_at),
            ends_at=utc(self.ends_at),
            summary=self.summary.data or "",
            description=self.description.data or "",
            venue_id=self.venue_id.data or None,
            capacity=self.capacity.data or 0,
            class_max=30 if self.class_max.data is None else self.class_max.data,
            class_release_hours=48 if self.class_release_hours.data is None else self.class_release_hours.data,
            registration_opens_at=utc(self.registration_opens_at),
            registration_closes_at=utc(self.registration_closes_at),
            livestream_url=self.livestream_url.data or "",
            speakers=self.line_up(),
        )

    def fill_from(self, talkshow: Any) -> None:
        """Show a stored talkshow in Amsterdam time."""

        def local(moment: datetime | None) -> datetime | None:
            return moment.astimezone(LOCAL_TZ).replace(tzinfo=None) if moment else None

        self.title.data = talkshow.title
        self.theme_id.data = talkshow.theme_id
        self.summary.data = talkshow.summary
        self.description.data = talkshow.description
        self.starts_at.data = local(talkshow.starts_at)
        self.ends_at.data = local(talkshow.ends_at)
        self.venue_id.data = talkshow.venue_id or NO_CHOICE
        self.capacity.data = talkshow.capacity
        self.class_max.data, self.class_release_hours.data = talkshow.class_max, talkshow.class_release_hours
        self.registration_opens_at.data = local(talkshow.registration_opens_at)
        self.registration_closes_at.data = local(talkshow.registration_closes_at)
        self.livestream_url.data = talkshow.livestream_url
        for (speaker, part), link in zip(self.line_up_rows(), talkshow.speaker_links, strict=False):
            speaker.data, part.data = link.speaker_id, link.part.value
        self.row_count = min(LINE_UP_ROWS, len(talkshow.speaker_links) + 1)


for _row in range(1, LINE_UP_ROWS + 1):
    setattr(
        TalkshowForm,
        f"speaker_{_row}",
        SelectField(_l("Speaker %(number)d", number=_row), coerce=int, default=NO_CHOICE, validate_choice=False),
    )
    setattr(
        TalkshowForm,
        f"part_{_row}",
        SelectField(_l("Part of speaker %(number)d", number=_row), default=SpeakerPart.GUEST.value),
    )

# Where a service's field key has no field of its own.
_FIELD_FOR_SERVICE_KEY = {"speakers": "speaker_1"}


def add_planning_errors(form: FlaskForm, error: DomainError) -> list[Any]:
    """Put the service's messages on the form's fields; returns the messages that belong to no field."""
    return place_errors(form, error.errors, _FIELD_FOR_SERVICE_KEY)


class ThemeForm(FlaskForm):
    name = StringField(
        _l("Name (Dutch)"),
        validators=[
            required(_l("Enter a name.")),
            Length(max=120, message=_l("The name can be at most %(max)d characters.")),
        ],
    )
    name_en = StringField(
        _l("Name (English)"), validators=[Length(max=120, message=_l("The name can be at most %(max)d characters."))]
    )
    description = TextAreaField(
        _l("Description"),
        validators=[Length(max=2000, message=_l("The description can be at most %(max)d characters."))],
    )
    colour = StringField(
        _l("Colour"),
        default="#1d4f91",
        validators=[
            required(_l("Enter a colour.")),
            Regexp(
                r"^#[0-9a-fA-F]{6}\Z",
                message=_l("Enter a colour as # followed by six hexadecimal digits, e.g. #1d4f91."),
            ),
        ],
    )
    is_core = BooleanField(_l("Core theme of the City Deal"))
    position = IntegerField(
        _l("Position in lists"),
        default=0,
        validators=[
            required(_l("Enter a position (0 comes first).")),
            in_range(0, 1000, _l("The position must be between 0 and 1000.")),
        ],
    )

    def to_input(self) -> ThemeInput:
        return ThemeInput(
            name=self.name.data or "",
            colour=self.colour.data or "",
            name_en=self.name_en.data or "",
            description=self.description.data or "",
            is_core=bool(self.is_core.data),
            position=self.position.data or 0,
        )


class OrganisationForm(FlaskForm):
    name = StringField(
        _l("Name"),
        validators=[
            required(_l("Enter a name.")),
            Length(max=160, message=_l("The name can be at most %(max)d characters.")),
        ],
    )
    short_name = StringField(
        _l("Short name"), validators=[Length(max=40, message=_l("The short name can be at most %(max)d characters."))]
    )
    website = URLField(
        _l("Website"),
        validators=[Length(max=255, message=_l("The address can be at most %(max)d characters.")), http_url],
    )
    is_partner = BooleanField(_l("Partner of the City Deal"))

    def to_input(self) -> OrganisationInput:
        return OrganisationInput(
            name=self.name.data or "",
            short_name=self.short_name.data or "",
            website=self.website.data or "",
            is_partner=bool(self.is_partner.data),
        )


class VenueForm(FlaskForm):
    name = StringField(
        _l("Name"),
        validators=[
            required(_l("Enter a name.")),
            Length(max=160, message=_l("The name can be at most %(max)d characters.")),
        ],
    )
    address = StringField(
        _l("Address"),
        validators=[
            required(_l("Enter the address.")),
            Length(max=255, message=_l("The address can be at most %(max)d characters.")),
        ],
    )
    latitude = DecimalField(
        _l("Latitude"), validators=[Optional(), in_range(-90, 90, _l("The latitude must be between -90 and 90."))]
    )
    longitude = DecimalField(
        _l("Longitude"),
        validators=[Optional(), in_range(-180, 180, _l("The longitude must be between -180 and 180."))],
    )

    def validate_longitude(self, field: Field) -> None:
        if (self.latitude.data is None) != (field.data is None) and not self.latitude.errors:
            raise ValidationError(_l("Enter both latitude and longitude, or neither."))

    def to_input(self) -> VenueInput:
        return VenueInput(
            name=self.name.data or "",
            address=self.address.data or "",
            latitude=self.latitude.data,
            longitude=self.longitude.data,
        )


class SpeakerForm(FlaskForm):
    name = StringField(
        _l("Name"),
        validators=[
            required(_l("Enter a name.")),
            Length(max=120, message=_l("The name can be at most %(max)d characters.")),
        ],
    )
    role_title = StringField(
        _l("Role or title"), validators=[Length(max=160, message=_l("The role can be at most %(max)d characters."))]
    )
    organisation_id = SelectField(_l("Organisation"), coerce=int, validate_choice=False)
    # Checkboxes, not a Ctrl-click multi-select: those do not work on touch screens.
    lab_ids = SelectMultipleField(
        _l("Labs"),
        coerce=int,
        validate_choice=False,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    bio = TextAreaField(
        _l("Short bio"), validators=[Length(max=2000, message=_l("The bio can be at most %(max)d characters."))]
    )

    def __init__(self, *args: Any, organisation_choices=(), lab_choices=(), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation_id.choices = [(NO_CHOICE, _l("— none —"))] + list(organisation_choices)
        self.lab_ids.choices = list(lab_choices)

    def validate_organisation_id(self, field: Field) -> None:
        if field.data and field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Choose an organisation from the list."))

    def validate_lab_ids(self, field: Field) -> None:
        known = {value for value, _label in field.choices}
        if any(value not in known for value in field.data or []):
            raise ValidationError(_l("Choose labs from the list."))

    def to_input(self) -> SpeakerInput:
        return SpeakerInput(
            name=self.name.data or "",
            role_title=self.role_title.data or "",
            organisation_id=self.organisation_id.data or None,
            bio=self.bio.data or "",
            lab_ids=tuple(self.lab_ids.data or ()),
        )
