"""Why a candidate fits, in plain sentences of the current language.

Scoring hands back reason codes with values (it knows no language); this module turns them
into sentences in the current locale, so the page, the JSON and the organiser see the same text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext

from .scoring import Reason


def _names(values: Iterable[str]) -> str:
    return ", ".join(values)


def reason_text(reason: Reason) -> str:
    """One reason as a sentence in the current language."""
    v: Mapping[str, Any] = dict(reason.values)
    code = reason.code
    if code == "theme_fits":
        return _("Works on the theme %(theme)s.", theme=v["theme"])
    if code == "theme_missing":
        return _("Does not work on the theme %(theme)s.", theme=v["theme"])
    if code == "no_disciplines_asked":
        return _("The question asks for no particular discipline.")
    if code == "disciplines_cover":
        return _("Brings %(disciplines)s.", disciplines=_names(v["disciplines"]))
    if code == "disciplines_missing":
        return _("Lacks %(disciplines)s.", disciplines=_names(v["disciplines"]))
    if code == "broad_offer":  # a fit told plainly, not a gap: the offer has what was asked
        return ngettext(
            "Of the %(listed)s disciplines it lists, %(num)s is asked for; the others add nothing to the fit.",
            "Of the %(listed)s disciplines it lists, %(num)s are asked for; the others add nothing to the fit.",
            v["relevant"],
            listed=v["listed"],
        )
    if code == "same_wijk":
        return _("Works in the same neighbourhood (%(wijk)s).", wijk=v["wijk"])
    if code == "same_stadsdeel":
        return _("Works in the same district (%(stadsdeel)s).", stadsdeel=v["stadsdeel"])
    if code == "city_wide_question":
        return _("The question concerns the whole city.")
    if code == "works_city_wide":
        return _("Works anywhere in the city.")
    if code == "other_stadsdelen":
        return _(
            "Prefers other districts (%(stadsdelen)s) than %(stadsdeel)s.",
            stadsdelen=_names(v["stadsdelen"]),
            stadsdeel=v["stadsdeel"],
        )
    if code == "no_period":
        return _("Has no fixed period, so any time suits.")
    if code == "no_window":
        return _("The question names no dates, so any period suits.")
    if code == "within_period":
        return _("Runs during the whole period of the question.")
    if code == "partly_in_period":
        return _("Overlaps %(percent)s%% of the question's period.", percent=v["percent"])
    if code == "outside_period":
        return _("Runs outside the period of the question.")
    if code == "capacity_left":
        return ngettext("Has room for %(num)s more question.", "Has room for %(num)s more questions.", v["remaining"])
    if code == "capacity_full":
        return _("Is full: no room for another question.")
    return code


def reason_texts(reasons: Iterable[Reason]) -> list[str]:
    return [reason_text(r) for r in reasons]


def stored_reason_texts(stored: Iterable[Mapping[str, Any]]) -> list[str]:
    """Reasons kept on a confirmed Match (JSON) back into sentences."""
    return reason_texts(Reason.from_stored(item) for item in stored)
