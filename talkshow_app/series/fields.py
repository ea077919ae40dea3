"""Form fields and field checks the series' organiser forms share: Amsterdam times, decimal commas, web addresses."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, Field, FloatField
from wtforms.validators import InputRequired, ValidationError

from ..timezones import LOCAL_TZ, local_to_utc

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


def required(message: Any) -> InputRequired:
    return InputRequired(message=message)


def http_url(form: FlaskForm, field: Field) -> None:
    value = (field.data or "").strip()
    if not value:
        return
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.netloc or " " in value:
        raise ValidationError(_l("Enter a full web address starting with https://."))


def in_range(minimum: float, maximum: float, message: Any):
    """Like NumberRange, but silent when the value could not be read (that has its own message)."""

    def check(form: FlaskForm, field: Field) -> None:
        if field.data is not None and not minimum <= field.data <= maximum:
            raise ValidationError(message)

    return check


def chosen(message: Any):
    def check(form: FlaskForm, field: Field) -> None:
        if not field.data:
            raise ValidationError(message)

    return check


def exists_in_amsterdam(naive_local: datetime) -> bool:
    """False for wall-clock times skipped when the clocks go forward (e.g. 02:30 on the last Sunday of March)."""
    return local_to_utc(naive_local).astimezone(LOCAL_TZ).replace(tzinfo=None) == naive_local


FIRST_YEAR, LAST_YEAR = 2000, 2100


def real_local_time(form: FlaskForm, field: Field) -> None:
    if field.data and not FIRST_YEAR <= field.data.year <= LAST_YEAR:
        # Also keeps time-zone arithmetic away from the edges of what datetime can hold.
        raise ValidationError(_l("Enter a date between %(first)d and %(last)d.", first=FIRST_YEAR, last=LAST_YEAR))
    if field.data and not exists_in_amsterdam(field.data):
        raise ValidationError(_l("This time does not exist in the Netherlands: the clocks go forward an hour then."))


class LocalDateTimeField(DateTimeLocalField):
    """A date and time in Amsterdam; browsers send 2027-03-11T20:00, some add seconds."""

    def __init__(self, label: Any = None, validators: Any = None, **kwargs: Any) -> None:
        super().__init__(label, validators, format=[LOCAL_FORMAT, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"], **kwargs)

    def process_formdata(self, valuelist: list[str]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(_l("Enter a date and time like 2027-03-11 20:00.")) from error

    def _value(self) -> str:
        if self.raw_data:
            return " ".join(self.raw_data)
        return self.data.strftime(LOCAL_FORMAT) if self.data else ""


class DecimalField(FloatField):
    """Accepts the Dutch decimal comma (52,0705) as well as the point."""

    def process_formdata(self, valuelist: list[str]) -> None:
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            self.data = float(valuelist[0].strip().replace(",", "."))
        except ValueError as error:
            self.data = None
            raise ValueError(_l("Enter a number, for example 52.0705.")) from error
