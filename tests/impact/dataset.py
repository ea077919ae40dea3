"""A small, fully known City Deal: every figure of /impact can be worked out by hand from it.

Built relative to ``now`` (the pages count "held" against the real clock): everything of the
current season happens one or two days ago; one talkshow lies 400 days back (the previous season).

Theme "wonen" (A) and theme "zorg" (B):

* A, held yesterday: 12 confirmed (8 checked in: 5 student, 2 bewoner, 1 gemeente), 3 waitlisted,
  2 cancelled; 6 evaluation answers (5, 4, 4, 3, 5, 5: average 4.3);
* A, held 400 days ago: 3 confirmed, 2 checked in (1 bewoner, 1 without affiliation);
* B, held two days ago: 6 confirmed, 6 checked in (docent); 3 evaluation answers (< 5);
* B upcoming (4 confirmed), B cancelled in the past (5 confirmed, 5 checked in), A draft in the past:
  none of them counts;
* questions, A: submitted, accepted, matched, done, rejected; B: in progress;
* A "matched" has an offer of Universiteit Leiden and a lab with partner De Haagse Hogeschool: a team;
  A "done" has two offers of Universiteit Leiden: no team; B "in progress": Leiden + Inholland: a team;
* outputs: one published for A and B, one published without a theme, one draft;
* labs: active A, active A+B, ended B (ended 2020).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from talkshow_app.archive.kinds import OutputState, OutputType
from talkshow_app.archive.models import KnowledgeOutput
from talkshow_app.impact.models import EvaluationAnswer
from talkshow_app.labs.models import Lab, LabStatus
from talkshow_app.matching.models import AskerKind, HelpKind, Level, Match, Offer, OfferKind, Question, QuestionState
from talkshow_app.registrations.models import Affiliation, Registration, RegistrationStatus
from talkshow_app.series.models import Organisation, Talkshow, TalkshowStatus, Theme, Venue


@dataclass
class Dataset:
    now: datetime
    wonen: Theme
    zorg: Theme
    held_a: Talkshow
    old_a: Talkshow
    held_b: Talkshow
    upcoming_b: Talkshow
    tokens: dict[str, str]  # a few registrations' secret links: "a-student", "a-not-checked-in", "upcoming"


def _talkshow(session, slug: str, theme: Theme, venue: Venue, starts_at: datetime, **fields) -> Talkshow:
    talkshow = Talkshow(
        slug=slug,
        title=fields.pop("title", slug.replace("-", " ").title()),
        theme=theme,
        venue=venue,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        capacity=fields.pop("capacity", 50),
        status=fields.pop("status", TalkshowStatus.PUBLISHED),
        registration_opens_at=starts_at - timedelta(days=30),
        **fields,
    )
    session.add(talkshow)
    session.flush()
    return talkshow


def _people(
    session,
    talkshow: Talkshow,
    count: int,
    *,
    status=RegistrationStatus.CONFIRMED,
    checked_in=False,
    affiliation: Affiliation | None = None,
    tokens: dict[str, str] | None = None,
    key: str = "",
) -> None:
    for _ in range(count):
        token = secrets.token_urlsafe(24)
        n = secrets.token_hex(4)
        session.add(
            Registration(
                talkshow_id=talkshow.id,
                name=f"Bezoeker {n}",
                email=f"bezoeker-{n}@example.org",
                email_key=f"bezoeker-{n}@example.org",
                affiliation=affiliation,
                status=status,
                token_hash=hashlib.sha256(token.encode()).hexdigest(),
                checkin_code=secrets.token_urlsafe(12),
                created_at=talkshow.starts_at - timedelta(days=10),
                confirmed_at=talkshow.starts_at - timedelta(days=10)
                if status == RegistrationStatus.CONFIRMED
                else None,
                checked_in_at=talkshow.starts_at if checked_in else None,
            )
        )
        if tokens is not None and key:
            tokens[key] = token
    session.flush()


def build(session, now: datetime) -> Dataset:
    wonen = Theme(slug="wonen", name="Wonen", name_en="Housing", position=1)
    zorg = Theme(slug="zorg", name="Zorg en welzijn", name_en="Care", position=2)
    venue = Venue(slug="paard", name="Het Paard", address="Prinsegracht 12, Den Haag")
    leiden = Organisation(slug="leiden", name="Universiteit Leiden", is_partner=True)
    hhs = Organisation(slug="hhs", name="De Haagse Hogeschool", is_partner=True)
    inholland = Organisation(slug="inholland", name="Hogeschool Inholland", is_partner=True)
    session.add_all([wonen, zorg, venue, leiden, hhs, inholland])
    session.flush()
    tokens: dict[str, str] = {}

    held_a = _talkshow(session, "wonen-gisteren", wonen, venue, now - timedelta(days=1, hours=3))
    _people(session, held_a, 5, checked_in=True, affiliation=Affiliation.STUDENT, tokens=tokens, key="a-student")
    _people(session, held_a, 2, checked_in=True, affiliation=Affiliation.BEWONER)
    _people(session, held_a, 1, checked_in=True, affiliation=Affiliation.GEMEENTE)
    _people(session, held_a, 4, tokens=tokens, key="a-not-checked-in")
    _people(session, held_a, 3, status=RegistrationStatus.WAITLISTED)
    _people(session, held_a, 2, status=RegistrationStatus.CANCELLED)
    old_a = _talkshow(session, "wonen-vorig-seizoen", wonen, venue, now - timedelta(days=400))
    _people(session, old_a, 1, checked_in=True, affiliation=Affiliation.BEWONER)
    _people(session, old_a, 1, checked_in=True)
    _people(session, old_a, 1)
    held_b = _talkshow(session, "zorg-eergisteren", zorg, venue, now - timedelta(days=2, hours=3))
    _people(session, held_b, 6, checked_in=True, affiliation=Affiliation.DOCENT)
    upcoming_b = _talkshow(session, "zorg-straks", zorg, venue, now + timedelta(days=20))
    _people(session, upcoming_b, 4, tokens=tokens, key="upcoming")
    cancelled = _talkshow(
        session, "zorg-afgelast", zorg, venue, now - timedelta(days=3), status=TalkshowStatus.CANCELLED
    )
    _people(session, cancelled, 5, checked_in=True, affiliation=Affiliation.STUDENT)
    _talkshow(session, "wonen-concept", wonen, venue, now - timedelta(days=3), status=TalkshowStatus.DRAFT)

    for score in (5, 4, 4, 3, 5, 5):
        session.add(EvaluationAnswer(talkshow_id=held_a.id, score=score, action="", answered_on=now.date()))
    for score in (1, 2, 3):
        session.add(EvaluationAnswer(talkshow_id=held_b.id, score=score, action="", answered_on=now.date()))

    def question(slug: str, theme: Theme, state: QuestionState) -> Question:
        q = Question(
            slug=slug,
            title=slug,
            description="Een vraag uit de stad.",
            asker_kind=AskerKind.RESIDENT,
            theme=theme,
            help_kind=HelpKind.RESEARCH,
            contact_name="Vrager",
            contact_email="vrager@example.org",
            state=state,
            created_at=now - timedelta(days=1),
        )
        session.add(q)
        return q

    def offer(slug: str, institution: Organisation) -> Offer:
        o = Offer(
            slug=slug,
            title=slug,
            kind=OfferKind.COURSE,
            institution=institution,
            programme="Bestuurskunde",
            level=Level.WO_BACHELOR,
            period_start=date(2026, 9, 1),
            period_end=date(2027, 6, 30),
            capacity=5,
            remaining_capacity=5,
            contact_name="Docent",
            contact_email="docent@example.org",
        )
        session.add(o)
        return o

    question("a-ingediend", wonen, QuestionState.SUBMITTED)
    question("a-geaccepteerd", wonen, QuestionState.ACCEPTED)
    matched = question("a-gematcht", wonen, QuestionState.MATCHED)
    done = question("a-klaar", wonen, QuestionState.DONE)
    question("a-afgewezen", wonen, QuestionState.REJECTED)
    in_progress = question("b-bezig", zorg, QuestionState.IN_PROGRESS)
    leiden_1, leiden_2, inholland_1 = (
        offer("leiden-1", leiden),
        offer("leiden-2", leiden),
        offer("inholland-1", inholland),
    )
    lab_a = Lab(slug="lab-wonen", name="Lab Wonen", status=LabStatus.ACTIVE, themes=[wonen], partners=[hhs])
    lab_ab = Lab(slug="lab-beide", name="Lab Beide", status=LabStatus.ACTIVE, themes=[wonen, zorg], start_year=2019)
    lab_ended = Lab(slug="lab-oud", name="Lab Oud", status=LabStatus.ENDED, themes=[zorg], ended_on=date(2020, 1, 1))
    session.add_all([lab_a, lab_ab, lab_ended])
    session.flush()
    at = now - timedelta(hours=12)
    session.add_all(
        [
            Match(question=matched, offer=leiden_1, score=0.8, confirmed_at=at),
            Match(question=matched, lab=lab_a, score=0.7, confirmed_at=at + timedelta(minutes=5)),
            Match(question=done, offer=leiden_1, score=0.8, confirmed_at=at),
            Match(question=done, offer=leiden_2, score=0.6, confirmed_at=at),
            Match(question=in_progress, offer=leiden_2, score=0.9, confirmed_at=at),
            Match(question=in_progress, offer=inholland_1, score=0.5, confirmed_at=at),
        ]
    )

    def output(slug: str, state: OutputState, themes: list[Theme]) -> None:
        session.add(
            KnowledgeOutput(
                slug=slug,
                title=slug,
                output_type=OutputType.REPORT,
                state=state,
                themes=themes,
                published_on=(now - timedelta(days=1)).date() if state == OutputState.PUBLISHED else None,
                published_at=now - timedelta(days=1) if state == OutputState.PUBLISHED else None,
            )
        )

    output("rapport-beide", OutputState.PUBLISHED, [wonen, zorg])
    output("rapport-zonder-thema", OutputState.PUBLISHED, [])
    output("rapport-concept", OutputState.DRAFT, [wonen])
    session.commit()
    return Dataset(now, wonen, zorg, held_a, old_a, held_b, upcoming_b, tokens)
