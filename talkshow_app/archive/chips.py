"""The archive's active filters as removable chips: each chip's label and the URL arguments without it.

Pure: takes the parsed filters and the counted facets (for the labels), imports no Flask.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .catalogue import Filters
from .facets import FacetValue

CHIP_FACETS = ("theme", "type", "year", "lab", "talkshow")


@dataclass(frozen=True)
class Chip:
    facet: str  # a facet name, or "q" for the search text
    label: str
    args: dict[str, object]  # URL arguments for /archive with just this filter removed


def active_chips(
    filters: Filters, facets: Mapping[str, Sequence[FacetValue]], type_labels: Mapping[str, object]
) -> list[Chip]:
    """One chip per active facet value (in the sidebar's order), then one for the search text."""
    chips: list[Chip] = []
    for facet in CHIP_FACETS:
        known = {item.value: item.label for item in facets.get(facet, ())}
        for value in getattr(filters, facet):
            if facet == "type":
                label = str(type_labels.get(value, value))
            else:
                label = known.get(str(value), str(value))
            chips.append(Chip(facet, label, filters.toggled(facet, value)))
    if filters.q:
        chips.append(Chip("q", filters.q, filters.query_args(q=None, page=None)))
    return chips
