"""Example bodies for the OpenAPI document and the /api page, built with the schema models themselves
(so every example is checked against its schema when the document is made). The people are made up."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from . import schemas

BASE = "https://talkshows.example.org"


def _paging(total: int = 1) -> dict[str, Any]:
    return {"total": total, "page": 1, "pages": 1, "per_page": 20, "next": None, "prev": None}


def talkshow() -> schemas.Talkshow:
    return schemas.Talkshow(
        slug="wonen-in-de-wijk",
        title="Wonen in de wijk",
        theme=schemas.ThemeRef(slug="wonen", name="Wonen en leefbaarheid"),
        starts_at=datetime(2027, 3, 11, 19, 0, tzinfo=UTC),
        ends_at=datetime(2027, 3, 11, 20, 45, tzinfo=UTC),
        venue=schemas.Venue(name="Bibliotheek Escamp", address="Dedemsvaartweg 208, Den Haag"),
        status="published",
        capacity=80,
        seats_taken=52,
        waitlist_count=0,
        speakers=[
            schemas.TalkshowSpeaker(
                slug="noor-de-vries",
                name="Noor de Vries",
                organisation="De Haagse Hogeschool",
                labs=["stadslab-escamp"],
            )
        ],
        url=f"{BASE}/talkshows/wonen-in-de-wijk",
        ics_url=f"{BASE}/talkshows/wonen-in-de-wijk/calendar.ics",
        registration_opens_at=datetime(2027, 2, 1, 8, 0, tzinfo=UTC),
        registration_closes_at=None,
        outputs=[
            schemas.OutputRef(
                slug="verslag-wonen-in-de-wijk", title="Verslag: wonen in de wijk", url=f"{BASE}/archive/verslag"
            )
        ],
        outputs_url=f"{BASE}/api/archive?talkshow=wonen-in-de-wijk",
    )


def talkshows() -> schemas.TalkshowList:
    return schemas.TalkshowList(talkshows=[talkshow()], **_paging())


def speakers() -> schemas.SpeakerList:
    speaker = schemas.Speaker(
        slug="noor-de-vries",
        name="Noor de Vries",
        role_title="Lector Wijkgericht Werken",
        organisation="De Haagse Hogeschool",
        labs=["stadslab-escamp"],
        talkshows=["wonen-in-de-wijk"],
        url=f"{BASE}/speakers/noor-de-vries",
    )
    return schemas.SpeakerList(speakers=[speaker], **_paging())


def themes() -> schemas.ThemeList:
    theme = schemas.Theme(
        slug="wonen",
        name="Wonen en leefbaarheid",
        name_en="Housing and liveability",
        description="Over betaalbaar wonen en leefbare wijken.",
        is_core=True,
        url=f"{BASE}/talkshows?theme=wonen",
        ics_url=f"{BASE}/themes/wonen/calendar.ics",
    )
    return schemas.ThemeList(themes=[theme], **_paging())


def labs() -> schemas.LabList:
    lab = schemas.Lab(
        slug="stadslab-escamp",
        name="Stadslab Escamp",
        partners=["De Haagse Hogeschool", "Gemeente Den Haag"],
        stadsdeel="Escamp",
        latitude=52.0536,
        longitude=4.2761,
        themes=["wonen"],
        disciplines=["Sociaal werk"],
        url=f"{BASE}/labs/stadslab-escamp",
    )
    return schemas.LabList(labs=[lab], **_paging())


def archive() -> schemas.ArchiveList:
    item = schemas.ArchiveItem(
        slug="verslag-wonen-in-de-wijk",
        title="Verslag: wonen in de wijk",
        type="report",
        talkshow="wonen-in-de-wijk",
        themes=["wonen"],
        published_at=datetime(2027, 3, 20, 9, 30, tzinfo=UTC),
        url=f"{BASE}/archive/verslag-wonen-in-de-wijk",
    )
    return schemas.ArchiveList(items=[item], **_paging())


def questions() -> schemas.QuestionList:
    question = schemas.Question(
        slug="eenzaamheid-onder-ouderen-in-moerwijk",
        title="Eenzaamheid onder ouderen in Moerwijk",
        description="Hoe bereiken we ouderen die niet meer naar het buurthuis komen?",
        state="accepted",
        theme=schemas.ThemeRef(slug="zorg", name="Zorg en welzijn"),
        stadsdeel="Escamp",
        disciplines=["Sociaal werk"],
        help_kind="research",
        starts_on=date(2027, 2, 1),
        deadline=date(2027, 6, 30),
        url=f"{BASE}/questions/eenzaamheid-onder-ouderen-in-moerwijk",
        matches_url=f"{BASE}/api/questions/eenzaamheid-onder-ouderen-in-moerwijk/matches",
    )
    return schemas.QuestionList(questions=[question], **_paging())


def offers() -> schemas.OfferList:
    offer = schemas.Offer(
        slug="minor-social-work",
        title="Minor Social Work in de wijk",
        kind="minor",
        institution="De Haagse Hogeschool",
        programme="Social Work",
        level="hbo_bachelor",
        description="Studententeams werken een semester aan een vraag uit de wijk.",
        period_start=date(2027, 2, 1),
        period_end=date(2027, 6, 30),
        capacity=4,
        capacity_unit="teams",
        available=True,
        lab="stadslab-escamp",
        themes=["zorg"],
        disciplines=["Sociaal werk"],
        stadsdelen=["Escamp"],
    )
    return schemas.OfferList(offers=[offer], **_paging())


def matches() -> schemas.Matches:
    return schemas.Matches(
        matches=[
            schemas.MatchItem(
                kind="offer",
                slug="minor-social-work",
                title="Minor Social Work in de wijk",
                score=0.82,
                reasons=["Same theme: Zorg en welzijn", "Discipline: Sociaal werk"],
            )
        ],
        teams=[
            schemas.Team(
                members=["minor-social-work", "stadslab-escamp"], disciplines_covered=["Sociaal werk"], score=0.9
            )
        ],
    )


def error(code: str = "not_found", message: str = "Er is op dit adres niets gepubliceerd.") -> schemas.Error:
    return schemas.Error(error=schemas.ErrorDetail(code=code, message=message))
