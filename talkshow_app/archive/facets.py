"""Facet counts for /archive, from the matched outputs in one SQL statement.

The outputs that match the text and are public are read once (a materialised CTE of id, type and date);
each facet then counts them under every *other* active filter (so alternatives stay visible), and the five
GROUP BYs come back as one UNION ALL. Nothing is counted per row in Python; only the few facet rows are
sorted here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import CTE, ColumnElement, String, Table, cast, extract, func, literal, or_, select, union_all

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


def _others(filters: Filters, skip: str, hits: CTE) -> list[ColumnElement[bool]]:
    """The active filters except ``skip``'s own, over the matched outputs."""
    conditions: list[ColumnElement[bool]] = []
    for facet, (link, column_name, target) in LINKED.items():
        slugs = getattr(filters, facet)
        if slugs and facet != skip:
            targets = select(target.id).where(target.slug.in_(slugs))
            conditions.append(hits.c.id.in_(select(link.c.output_id).where(link.c[column_name].in_(targets))))
    if filters.type and skip != "type":
        conditions.append(hits.c.output_type.in_([OutputType(t) for t in filters.type]))
    if filters.year and skip != "year":
        years = (hits.c.published_on.between(date(y, 1, 1), date(y, 12, 31)) for y in filters.year)
        conditions.append(or_(*years))
    return conditions


def count_facets(filters: Filters, text_condition: ColumnElement[bool] | None, language: str) -> dict:
    base = [KnowledgeOutput.state == OutputState.PUBLISHED]
    if text_condition is not None:
        base.append(text_condition)
    matched = select(KnowledgeOutput.id, KnowledgeOutput.output_type, KnowledgeOutput.published_on).where(*base)
    hits = matched.cte("archive_hits").prefix_with("MATERIALIZED")

    parts = []
    for facet, (link, column_name, target) in LINKED.items():
        label = _label(facet, language)
        parts.append(
            select(literal(facet).label("facet"), target.slug.label("value"), label.label("label"), func.count())
            .select_from(hits)
            .join(link, link.c.output_id == hits.c.id)
            .join(target, target.id == link.c[column_name])
            .where(*_others(filters, facet, hits))
            .group_by(target.id, target.slug, label)
        )
    output_type = cast(hits.c.output_type, String)
    parts.append(
        select(literal("type"), output_type, output_type, func.count())
        .where(*_others(filters, "type", hits))
        .group_by(hits.c.output_type)
    )
    year = cast(extract("year", hits.c.published_on), String)
    parts.append(
        select(literal("year"), year, year, func.count())
        .where(*_others(filters, "year", hits), hits.c.published_on.is_not(None))
        .group_by(year)
    )
    rows = db.session.execute(union_all(*parts)).all()

    facets: dict[str, list[FacetValue]] = {name: [] for name in ("theme", "lab", "talkshow", "type", "year")}
    for facet, value, label, count in rows:
        if facet == "year":
            value = label = str(int(float(value)))  # PostgreSQL's EXTRACT is numeric ("2025" or "2025.0")
        active = filters.is_active(facet, int(value) if facet == "year" else value)
        facets[facet].append(FacetValue(value, str(label), count, active))
    for facet, values in facets.items():
        if facet == "year":
            values.sort(key=lambda v: -int(v.value))
        else:
            values.sort(key=lambda v: (-v.count, v.label))
    return facets
