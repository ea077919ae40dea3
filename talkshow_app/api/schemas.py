"""The shapes of the open data under /api, as pydantic models.

The endpoints serialise with these models and /api/openapi.json is generated from them
(``model_json_schema``), so the document cannot drift from what is sent. Pure: no Flask, no database.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, WithJsonSchema

from ..timezones import to_local


def _to_the_second(moment: datetime) -> str:
    return to_local(moment).replace(microsecond=0).isoformat()


# Times are Amsterdam time with their offset, to the second: 2027-03-11T20:00:00+01:00.
Moment = Annotated[
    datetime,
    PlainSerializer(_to_the_second, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date-time",
            "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$",
            "description": "ISO 8601, Europe/Amsterdam with its offset, to the second",
            "examples": ["2027-03-11T20:00:00+01:00"],
        }
    ),
]
Day = Annotated[date, WithJsonSchema({"type": "string", "format": "date", "examples": ["2027-02-01"]})]
Url = Annotated[str, Field(description="Absolute URL", examples=["https://talkshows.example.org/talkshows/wonen"])]
Slug = Annotated[str, Field(examples=["wonen-in-de-wijk"])]


TalkshowStatus = Literal["published", "cancelled"]
MatchKind = Literal["offer", "lab"]


class Schema(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_mode_override="serialization")


# ---- errors ------------------------------------------------------------------------------------------------------


class ErrorDetail(Schema):
    code: str = Field(
        description="Stable English code: bad_request, invalid_parameter, forbidden, not_found, method_not_allowed, "
        "too_large, too_many_requests, internal_error, unavailable",
        examples=["not_found"],
    )
    message: str = Field(description="What went wrong, in the request's language (?lang=en)")
    invalid: dict[str, str] | None = Field(
        default=None, description="For invalid_parameter: each refused parameter with its message"
    )


class Error(Schema):
    error: ErrorDetail


# ---- paging ------------------------------------------------------------------------------------------------------


class Paged(Schema):
    total: int = Field(ge=0, description="How many items there are in all (on every page)")
    page: int = Field(ge=1, description="This page's number")
    pages: int = Field(ge=1, description="How many pages there are")
    per_page: int = Field(ge=1, le=100, description="Items per page")
    next: Url | None = Field(description="The next page, null on the last")
    prev: Url | None = Field(description="The previous page, null on the first")


# ---- talkshows, speakers, themes ---------------------------------------------------------------------------------


class ThemeRef(Schema):
    slug: Slug
    name: str


class Venue(Schema):
    name: str
    address: str


class TalkshowSpeaker(Schema):
    slug: Slug
    name: str
    organisation: str | None
    labs: list[str] = Field(description="Slugs of the speaker's labs")


class OutputRef(Schema):
    slug: Slug
    title: str
    url: Url


class Talkshow(Schema):
    slug: Slug
    title: str
    theme: ThemeRef
    starts_at: Moment
    ends_at: Moment
    venue: Venue | None
    status: TalkshowStatus
    capacity: int = Field(ge=0)
    seats_taken: int = Field(ge=0)
    waitlist_count: int = Field(ge=0)
    speakers: list[TalkshowSpeaker]
    url: Url
    ics_url: Url
    registration_opens_at: Moment | None
    registration_closes_at: Moment | None = Field(description="null when registration stays open")
    outputs: list[OutputRef] = Field(description="The knowledge outputs that came out of this talkshow")
    outputs_url: Url = Field(description="The same outputs in /api/archive")


class TalkshowList(Paged):
    talkshows: list[Talkshow]


class Speaker(Schema):
    slug: Slug
    name: str
    role_title: str
    organisation: str | None
    labs: list[str] = Field(description="Slugs of the speaker's labs")
    talkshows: list[str] = Field(description="Slugs of the public talkshows the speaker takes part in, latest first")
    url: Url


class SpeakerList(Paged):
    speakers: list[Speaker]


class Theme(Schema):
    slug: Slug
    name: str
    name_en: str
    description: str
    is_core: bool
    url: Url = Field(description="The theme's talkshows")
    ics_url: Url = Field(description="The theme's calendar feed")


class ThemeList(Paged):
    themes: list[Theme]


# ---- labs --------------------------------------------------------------------------------------------------------


class Lab(Schema):
    slug: Slug
    name: str
    partners: list[str]
    stadsdeel: str | None
    latitude: float | None
    longitude: float | None
    themes: list[str]
    disciplines: list[str]
    url: Url


class LabList(Paged):
    labs: list[Lab]


# ---- archive -----------------------------------------------------------------------------------------------------


class ArchiveItem(Schema):
    slug: Slug
    title: str
    type: str
    talkshow: str | None
    themes: list[str]
    published_at: Moment | None
    url: Url


class ArchiveList(Paged):
    items: list[ArchiveItem]


# ---- matching ----------------------------------------------------------------------------------------------------


class Question(Schema):
    slug: Slug
    title: str
    description: str
    state: str = Field(examples=["open"])
    theme: ThemeRef
    stadsdeel: str | None = Field(description="null for the whole city")
    disciplines: list[str]
    help_kind: str
    starts_on: Day | None
    deadline: Day | None
    url: Url
    matches_url: Url


class QuestionList(Paged):
    questions: list[Question]


class Offer(Schema):
    slug: Slug
    title: str
    kind: str
    institution: str
    programme: str
    level: str
    description: str
    period_start: Day
    period_end: Day
    capacity: int
    capacity_unit: str
    available: bool = Field(description="Open for new questions and not full")
    lab: str | None = Field(description="Slug of the lab the offer works in")
    themes: list[str]
    disciplines: list[str]
    stadsdelen: list[str] = Field(description="Preferred stadsdelen; empty for the whole city")


class OfferList(Paged):
    offers: list[Offer]


class MatchItem(Schema):
    kind: MatchKind
    slug: Slug
    title: str
    score: float = Field(ge=0, le=1)
    reasons: list[str]


class Team(Schema):
    members: list[str]
    disciplines_covered: list[str]
    score: float = Field(ge=0, le=1)


class Matches(Schema):
    matches: list[MatchItem]
    teams: list[Team]


# Every model that has a place of its own in the document's components.
COMPONENTS: tuple[type[BaseModel], ...] = (
    Error,
    TalkshowList,
    Talkshow,
    SpeakerList,
    ThemeList,
    LabList,
    ArchiveList,
    QuestionList,
    OfferList,
    Matches,
)


def dump(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json")
