"""Form fields and helpers shared by several features' forms."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from wtforms import Form, SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget


class CheckboxesField(SelectMultipleField):
    """Several choices as a list of labelled checkboxes (no Ctrl-click, works without JavaScript).

    ``templates/_forms.html``'s ``field`` renders it as a fieldset whose legend is the field's label; the posted
    name and values are those of a multi-select, so a form can switch to it without changing what it receives.
    """

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def place_errors(
    form: Form, errors: Mapping[str, Iterable[Any]], aliases: Mapping[str, str] | None = None
) -> list[Any]:
    """Put a service's field-keyed messages (``DomainError.errors``) beside the form's fields.

    A key names a field, or another field through ``aliases`` (a service's "speakers" shown at the
    form's "speaker_1"). Returns the messages that belong to no field (key "" or unknown), for the
    caller to show above the form or flash.
    """
    general: list[Any] = []
    for key, messages in errors.items():
        name = (aliases or {}).get(key, key)
        field = form._fields.get(name) if name else None
        if field is None:
            general.extend(messages)
        else:
            field.errors = [*field.errors, *messages]
    return general
