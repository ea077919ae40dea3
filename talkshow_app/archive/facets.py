"""Facet counts and the total for /archive, from the matched outputs in one SQL statement.

The outputs that match the text and are public are read once into a materialised CTE of id, type, date
and one flag per active filter, leaving out those that fail two filters or more (they count nowhere).
Each facet then counts the CTE's rows under every *other* active filter (so alternatives stay visible),
the total under all of them, and the GROUP BYs come back as one UNION ALL. Each filter is evaluated once
per output, not again per facet; nothing is counted per row in Python; only the few facet rows are
sorted here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import CTE, ColumnElement, String, Table, case, cast, extract, func, literal, or_, select, union_all

from ..extensions import db
from ..labs.models import Lab
from ..series.models import Talkshow, Theme
from .kinds import OutputState, OutputType
from .models import KnowledgeOutput, output_labs, output_talkshows, output_themes

if TYPE_CHECKING:
    from .catalogue import Filters

LINKED: dict[str, tuple[Table, str, Any]] = {  # facet: (link table, its column there, the linked model)
    "theme": (output_themes, "theme_id", Theme),
    "lab": (output_labs, "lab_id", Lab),
    "talkshow": (output_talkshows, "talkshow_id", Talkshow),
}


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    active: bool


def _label(facet: str, language: str) -> Any:
    if facet == "theme":
        return Theme.name_en if language == "en" else Theme.name
    return Lab.name if facet == "lab" else Talkshow.title


def _filter_flags(filters: Filters) -> dict[str, ColumnElement[bool]]:
    """Each active filter as a condition on ``knowledge_outputs`` (a facet with nothing chosen has none)."""
    flags: dict[str, ColumnElement[bool]] = {}
    for facet, (link, column_name, target) in LINKED.items():
        slugs = getattr(filters, facet)
        if slugs:
            targets = select(target.id).where(target.slug.in_(slugs))
            flags[facet] = KnowledgeOutput.id.in_(select(link.c.output_id).where(link.c[column_name].in_(targets)))
    if filters.type:
        flags["type"] = KnowledgeOutput.output_type.in_([OutputType(t) for t in filters.type])
    if filters.year:
        flags["year"] = or_(
            *(KnowledgeOutput.published_on.between(date(y, 1, 1), date(y, 12, 31)) for y in filters.year)
        )
    return flags


def _hits(filters: Filters, text_condition: ColumnElement[bool] | None) -> tuple[CTE, list[str]]:
    """The public outputs matching the text that fail at most one active filter, with a flag per filter.

    A facet counts under every *other* filter, so an output that fails two filters counts nowhere: the
    CTE leaves it out. Each filter is evaluated once per output here, not again in every facet's GROUP BY.
    """
    base: list[ColumnElement[bool]] = [KnowledgeOutput.state == OutputState.PUBLISHED]
    if text_condition is not None:
        base.append(text_condition)
    flags = _filter_flags(filters)
    names = list(flags)
    inner = (
        select(
            KnowledgeOutput.id,
            KnowledgeOutput.output_type,
            KnowledgeOutput.published_on,
            *(case((condition, 1), else_=0).label(f"ok_{name}") for name, condition in flags.items()),
        )
        .where(*base)
        .subquery("archive_flagged")
    )
    hits = select(inner)
    if len(names) > 1:
        failed = sum((1 - inner.c[f"ok_{name}"] for name in names), literal(0))
        hits = hits.where(failed <= 1)
    return hits.cte("archive_hits").prefix_with("MATERIALIZED"), names


def _others(hits: CTE, names: list[str], skip: str) -> list[ColumnElement[bool]]:
    """The active filters except ``skip``'s own, as the flags the CTE computed."""
    return [hits.c[f"ok_{name}"] == 1 for name in names if name != skip]


def count_facets(
    filters: Filters, text_condition: ColumnElement[bool] | None, language: str
) -> tuple[dict[str, list[FacetValue]], int]:
    """The five facets' values with their counts, and the number of outputs that pass every filter."""
    hits, names = _hits(filters, text_condition)
    everything = _others(hits, names, "")
    parts = [select(literal("total"), literal(""), literal(""), func.count()).select_from(hits).where(*everything)]
    for facet, (link, column_name, target) in LINKED.items():
        label = _label(facet, language)
        parts.append(
            select(literal(facet).label("facet"), target.slug.label("value"), label.label("label"), func.count())
            .select_from(hits)
            .join(link, link.c.output_id == hits.c.id)
            .join(target, target.id == link.c[column_name])
            .where(*_others(hits, names, facet))
            .group_by(target.id, target.slug, label)
        )
    output_type = cast(hits.c.output_type, String)
    parts.append(
        select(literal("type"), output_type, output_type, func.count())
        .where(*_others(hits, names, "type"))
        .group_by(hits.c.output_type)
    )
    year = cast(extract("year", hits.c.published_on), String)
    parts.append(
        select(literal("year"), year, year, func.count())
        .where(*_others(hits, names, "year"), hits.c.published_on.is_not(None))
        .group_by(year)
    )
    rows = db.session.execute(union_all(*parts)).all()

    facets: dict[str, list[FacetValue]] = {name: [] for name in ("theme", "lab", "talkshow", "type", "year")}
    total = 0
    for facet, value, label, count in rows:
        if facet == "total":
            total = int(count)
            continue
        if facet == "year":
            value = label = str(int(float(value)))  # PostgreSQL's EXTRACT is numeric ("2025" or "2025.0")
        active = filters.is_active(facet, int(value) if facet == "year" else value)
        facets[facet].append(FacetValue(value, str(label), count, active))
    for facet, values in facets.items():
        if facet == "year":
            values.sort(key=lambda v: -int(v.value))
        else:
            values.sort(key=lambda v: (-v.count, v.label))
    return facets, total
