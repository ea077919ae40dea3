"""Form fields shared by several features' forms."""

from __future__ import annotations

from wtforms import SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget


class CheckboxesField(SelectMultipleField):
    """Several choices as a list of labelled checkboxes (no Ctrl-click, works without JavaScript).

    ``templates/_forms.html``'s ``field`` renders it as a fieldset whose legend is the field's label; the posted
    name and values are those of a multi-select, so a form can switch to it without changing what it receives.
    """

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
