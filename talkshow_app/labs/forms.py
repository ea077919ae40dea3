"""The organiser's lab form: every rule with a message people can act on."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectChoice, SelectField, StringField, TextAreaField, URLField
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, ValidationError

from ..form_fields import CheckboxesField
from ..numbers import coerce_id, require_int
from ..timezones import LOCAL_TZ
from .labels import KIND_LABELS
from .models import LabKind
from .places import LATITUDE_RANGE, LONGITUDE_RANGE, STADSDELEN
from .services import LabData

FIRST_START_YEAR = 1970


class NumberField(StringField):
    """A decimal number that accepts a Dutch decimal comma (52,0799) as well as a point."""

    def process_formdata(self, valuelist: list[str]) -> None:
        self.raw = valuelist[0].strip() if valuelist else ""
        self.data = None
        if not self.raw:
            return
        try:
            self.data = float(self.raw.replace(",", "."))
        except ValueError:
            raise ValueError(_l("Enter a number, like 52.0799.")) from None

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else f"{self.data:.6f}".rstrip("0").rstrip(".")


class WholeNumberField(StringField):
    def process_formdata(self, valuelist: list[str]) -> None:
        raw = valuelist[0].strip() if valuelist else ""
        self.data = None
        if not raw:
            return
        try:
            self.data = require_int(raw, lowest=-999_999_999, highest=999_999_999)
        except ValueError:
            raise ValueError(_l("Enter a whole number.")) from None

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else str(self.data)


class ChoiceListField(CheckboxesField):
    """Several choices by id, as checkboxes; a tampered value gets a message, not a crash."""

    def process_formdata(self, valuelist: list[str]) -> None:
        try:
            self.data = [coerce_id(value) for value in valuelist]
        except ValueError:
            self.data = []
            raise ValueError(_l("Choose from the list.")) from None

    def pre_validate(self, form) -> None:
        known = {choice.value for choice in self.choices or []}
        if any(value not in known for value in self.data or []):
            raise ValidationError(_l("Choose from the list."))


class LabForm(FlaskForm):
    name = StringField(
        _l("Name"),
        validators=[
            DataRequired(_l("Enter the lab's name.")),
            Length(max=160, message=_l("Keep the name under 160 characters.")),
        ],
    )
    kind = SelectField(
        _l("Kind"),
        choices=[SelectChoice(kind.value, label) for kind, label in KIND_LABELS.items()],
        validate_choice=False,
    )
    description = TextAreaField(
        _l("Description"), validators=[Length(max=5000, message=_l("Keep the description under 5000 characters."))]
    )
    partners = ChoiceListField(_l("Partner institutions"), coerce=int)
    contact_name = StringField(
        _l("Contact person"), validators=[Length(max=120, message=_l("Keep the name under 120 characters."))]
    )
    contact_email = EmailField(
        _l("Contact e-mail (a work address)"),
        validators=[
            Optional(),
            Length(max=254, message=_l("This e-mail address is too long.")),
            Email(message=_l("Enter a valid e-mail address, like name@example.org."), check_deliverability=False),
        ],
    )
    stadsdeel = SelectField(
        _l("District"),
        choices=[SelectChoice("", _l("Not tied to one district"))] + [SelectChoice(name) for name in STADSDELEN],
        validate_choice=False,
    )
    wijk = StringField(
        _l("Neighbourhood (wijk)"),
        validators=[Length(max=80, message=_l("Keep the neighbourhood under 80 characters."))],
    )
    address = StringField(
        _l("Address"), validators=[Length(max=255, message=_l("Keep the address under 255 characters."))]
    )
    latitude = NumberField(
        _l("Latitude"),
        validators=[
            Optional(),
            NumberRange(
                *LATITUDE_RANGE, message=_l("This latitude lies outside The Hague (between %(min)s and %(max)s).")
            ),
        ],
    )
    longitude = NumberField(
        _l("Longitude"),
        validators=[
            Optional(),
            NumberRange(
                *LONGITUDE_RANGE, message=_l("This longitude lies outside The Hague (between %(min)s and %(max)s).")
            ),
        ],
    )
    themes = ChoiceListField(_l("Themes"), coerce=int)
    disciplines = ChoiceListField(_l("Disciplines"), coerce=int)
    programmes = TextAreaField(
        _l("Programmes involved"), validators=[Length(max=2000, message=_l("Keep this under 2000 characters."))]
    )
    student_capacity = WholeNumberField(
        _l("Students per semester"),
        validators=[Optional(), NumberRange(0, 5000, message=_l("Enter a number between %(min)s and %(max)s."))],
    )
    website = URLField(
        _l("Website"),
        validators=[Optional(), Length(max=255, message=_l("This web address is too long."))],
    )
    start_year = WholeNumberField(_l("Start year"), validators=[Optional()])

    def validate_kind(self, field: SelectField) -> None:
        if field.data not in {kind.value for kind in LabKind}:
            raise ValidationError(_l("Choose one of the kinds in the list."))

    def validate_stadsdeel(self, field: SelectField) -> None:
        if field.data and field.data not in STADSDELEN:
            raise ValidationError(_l("Choose one of the eight districts."))

    def validate_website(self, field: URLField) -> None:
        parts = urlsplit(field.data or "")
        if parts.scheme not in ("http", "https") or "." not in (parts.hostname or ""):
            raise ValidationError(_l("Enter a full web address, like https://www.example.org."))

    def validate_start_year(self, field: WholeNumberField) -> None:
        latest = datetime.now(LOCAL_TZ).year + 1
        if field.data is not None and not FIRST_START_YEAR <= field.data <= latest:
            raise ValidationError(
                _l("Enter a year between %(first)s and %(last)s.", first=FIRST_START_YEAR, last=latest)
            )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        latitude, longitude = self.latitude, self.longitude
        if not latitude.errors and not longitude.errors and (latitude.data is None) != (longitude.data is None):
            missing = longitude if longitude.data is None else latitude
            missing.errors = [*missing.errors, _l("Give both latitude and longitude, or leave both empty.")]
            valid = False
        return valid

    def to_input(self) -> LabData:
        return LabData(
            name=self.name.data or "",
            kind=LabKind(self.kind.data),
            description=self.description.data or "",
            partner_ids=tuple(self.partners.data or ()),
            contact_name=self.contact_name.data or "",
            contact_email=self.contact_email.data or "",
            stadsdeel=self.stadsdeel.data or "",
            wijk=self.wijk.data or "",
            address=self.address.data or "",
            latitude=self.latitude.data,
            longitude=self.longitude.data,
            theme_ids=tuple(self.themes.data or ()),
            discipline_ids=tuple(self.disciplines.data or ()),
            programmes=self.programmes.data or "",
            student_capacity=self.student_capacity.data,
            website=self.website.data or "",
            start_year=self.start_year.data,
        )


class ConfirmForm(FlaskForm):
    """An empty form for the one-button actions (end, reopen, mark as checked): CSRF only."""
