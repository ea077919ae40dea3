"""The JSON body of ``GET /api/impact``: every figure behind ``/impact``, per season and theme.

Shape (``application/json``)::

    {
      "season_definition": "academic year: 1 September to 31 August (Europe/Amsterdam)",
      "threshold": 5,
      "generated_at": "2027-03-11T20:00:00+01:00",
      "seasons": [                                  # newest first
        {
          "season": "2026-2027", "starts_on": "2026-09-01", "ends_on": "2027-08-31",
          "total": F,                               # all themes together (an output or lab counts once)
          "themes": [{"theme": {"slug", "name"}, **F}, ...]
        }, ...
      ],
      "talkshows": [                                # talkshows held, oldest first
        {"slug", "title", "theme" (slug), "season", "starts_at", "url",
         "seats_filled", "attended",                # people counts (see below)
         "evaluation": {"answers", "average_score"},
         "suppressed": [key, ...]}
      ]
    }

F (the figures of one season and theme)::

    {"talkshows_held": int, "seats_filled": int|null, "attended": int|null,
     "attended_by_affiliation": {"student"|"docent"|"onderzoeker"|"bewoner"|"gemeente"|"ondernemer"|"anders"
                                 |"not_given": int|null},
     "questions": {"received": int, "accepted": int, "matched": int, "done": int},
     "teams_across_institutions": int, "outputs_published": int, "labs_active": int,
     "suppressed": [key, ...]}

Small numbers: a count of people (``seats_filled``, ``attended``, each ``attended_by_affiliation``
value) from 1 to 4 is ``null``, and its key is listed in the object's ``suppressed`` list (nested
keys dotted: ``"attended_by_affiliation.student"``); 0 is shown as 0. So that such a count cannot
be worked out by subtraction (a total minus its shown parts), a second count in the same sum is
hidden the same way (secondary suppression, see ``disclosure``): a ``null`` may stand for more
than 4. An evaluation of fewer than
5 answers gives ``"answers": null, "average_score": null`` and lists ``"evaluation"`` in
``suppressed``. Every other count (talkshows, questions, teams, outputs, labs) is exact: none
counts people. The definitions of each figure are in ``figures``' docstring.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any

from ..site import Site
from ..timezones import to_local
from .figures import AFFILIATIONS, THRESHOLD, Cell, ImpactFigures, TalkshowFigures, is_suppressed, season_bounds

SEASON_DEFINITION = "academic year: 1 September to 31 August (Europe/Amsterdam)"


def _people(
    body: dict[str, Any], suppressed: list[str], key: str, count: int, path: str | None = None, hidden: bool = False
) -> None:
    if hidden or is_suppressed(count):
        body[key] = None
        suppressed.append(path or key)
    else:
        body[key] = count


def figures_json(cell: Cell, hides: Callable[[str], bool] = lambda measure: False) -> dict[str, Any]:
    """F: the figures of one season and theme (or the total); ``hides(measure)``: secondary suppression."""
    suppressed: list[str] = []
    body: dict[str, Any] = {"talkshows_held": cell.talkshows_held}
    _people(body, suppressed, "seats_filled", cell.seats_filled, hidden=hides("seats_filled"))
    _people(body, suppressed, "attended", cell.attended, hidden=hides("attended"))
    by_affiliation: dict[str, Any] = {}
    for key in AFFILIATIONS:
        path = f"attended_by_affiliation.{key}"
        _people(by_affiliation, suppressed, key, cell.affiliations.get(key, 0), path, hides(f"aff.{key}"))
    body["attended_by_affiliation"] = by_affiliation
    body["questions"] = {
        "received": cell.questions_received,
        "accepted": cell.questions_accepted,
        "matched": cell.questions_matched,
        "done": cell.questions_done,
    }
    body["teams_across_institutions"] = cell.teams_across_institutions
    body["outputs_published"] = cell.outputs_published
    body["labs_active"] = cell.labs_active
    body["suppressed"] = suppressed
    return body


def talkshow_json(
    talkshow: TalkshowFigures, theme_slug: str, site: Site, hides: Callable[[str], bool] = lambda measure: False
) -> dict[str, Any]:
    suppressed: list[str] = []
    body: dict[str, Any] = {
        "slug": talkshow.slug,
        "title": talkshow.title,
        "theme": theme_slug,
        "season": season_name(talkshow.season),
        "starts_at": iso(talkshow.starts_at),
        "url": site.link(f"/talkshows/{talkshow.slug}"),
    }
    _people(body, suppressed, "seats_filled", talkshow.seats_filled, hidden=hides("seats_filled"))
    _people(body, suppressed, "attended", talkshow.attended, hidden=hides("attended"))
    if talkshow.answers < THRESHOLD:
        body["evaluation"] = {"answers": None, "average_score": None}
        suppressed.append("evaluation")
    else:
        body["evaluation"] = {"answers": talkshow.answers, "average_score": talkshow.average_score}
    body["suppressed"] = suppressed
    return body


def season_name(season: int) -> str:
    return f"{season}-{season + 1}"


def iso(moment: datetime) -> str:
    return to_local(moment).replace(microsecond=0).isoformat()


def impact_json(figures: ImpactFigures, site: Site, now: datetime) -> dict[str, Any]:
    slugs = {theme.id: theme.slug for theme in figures.themes}
    seasons = []
    for season in figures.seasons:
        starts_on, ends_on = season_bounds(season)
        seasons.append(
            {
                "season": season_name(season),
                "starts_on": starts_on.isoformat(),
                "ends_on": ends_on.isoformat(),
                "total": figures_json(figures.cell(season, None), partial(figures.hides, season, None)),
                "themes": [
                    {
                        "theme": {"slug": theme.slug, "name": theme.name},
                        **figures_json(figures.cell(season, theme.id), partial(figures.hides, season, theme.id)),
                    }
                    for theme in figures.themes
                ],
            }
        )
    return {
        "season_definition": SEASON_DEFINITION,
        "threshold": THRESHOLD,
        "generated_at": iso(now),
        "seasons": seasons,
        "talkshows": [
            talkshow_json(t, slugs.get(t.theme_id, ""), site, partial(figures.hides_talkshow, t.id))
            for t in figures.talkshows
        ],
    }
