"""How matching scales: time and SQL statements for a question's matches and the /matching overview.

Two sizes: a city as today (600 offers, 200 labs, 1,500 questions) and ten times that; the goal
(issue 11) is time at 10x <= 2x the time at today's size, with the same number of SQL statements.
Run alone with ``python -m bench.matching_scale`` (or every benchmark with ``python -m bench``).
Always measures a throw-away SQLite file; set BENCH_DATABASE_URL=postgresql+psycopg://... to measure
an (empty, disposable! its public schema is dropped) PostgreSQL database as well.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import event, text

SIZES = ((600, 200, 1500), (6000, 2000, 15000))  # offers, labs, questions
REPEAT = 7
GOAL = 2.0
STADSDELEN = (
    "Centrum",
    "Escamp",
    "Haagse Hout",
    "Laak",
    "Leidschenveen-Ypenburg",
    "Loosduinen",
    "Scheveningen",
    "Segbroek",
)
PAGES = (
    ("/questions/<slug>", "/questions/vraag-0"),
    ("/api/questions/<slug>/matches", "/api/questions/vraag-0/matches"),
    ("/matching", "/matching"),
)
# The data the /matching map loads after the page: one marker per lab, so it grows with the labs by nature;
# measured and shown, not held to the 2x goal (browsers and nginx keep it by its ETag, the app under the
# content version).
MAP_DATA = ("/matching/labs.json", "/matching/labs.json")


def _app(url: str):
    from flask_migrate import upgrade

    from talkshow_app import create_app
    from talkshow_app.extensions import db

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "TESTING": True,
            "SECRET_KEY": "bench" * 10,
            "RATELIMIT_ENABLED": False,
            "PAGE_CACHE_ENABLED": False,  # the work itself, not a cached copy
        }
    )
    with app.app_context():
        if url.startswith("postgresql"):
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
        upgrade()
    return app


def _fill(app, offers: int, labs: int, questions: int) -> None:
    from talkshow_app.extensions import db
    from talkshow_app.labs.models import Discipline, Lab
    from talkshow_app.matching import candidate_scores
    from talkshow_app.matching.models import (
        AskerKind,
        CapacityUnit,
        HelpKind,
        Level,
        Offer,
        OfferKind,
        PreferredStadsdeel,
        Question,
        QuestionState,
    )
    from talkshow_app.series.models import Organisation, Theme

    rng = random.Random(offers)
    today = date.today()
    with app.app_context():
        db.session.info[candidate_scores.BUSY] = True  # rows in bulk; the stored rankings are rebuilt once, after
        themes = [Theme(slug=f"thema-{i}", name=f"Thema {i}") for i in range(6)]
        disciplines = [Discipline(slug=f"vak-{i}", name=f"Vak {i}") for i in range(25)]
        institutions = [Organisation(slug=f"instelling-{i}", name=f"Instelling {i}") for i in range(6)]
        db.session.add_all([*themes, *disciplines, *institutions])
        for i in range(labs):
            db.session.add(
                Lab(
                    slug=f"lab-{i}",
                    name=f"Lab {i}",
                    stadsdeel=rng.choice(STADSDELEN),
                    wijk=f"Wijk {rng.randrange(40)}",
                    latitude=52.0 + rng.random() / 10,
                    longitude=4.25 + rng.random() / 10,
                    themes=rng.sample(themes, 2),
                    disciplines=rng.sample(disciplines, rng.randint(1, 6)),
                    partners=rng.sample(institutions, 2),
                )
            )
        for i in range(offers):
            start = today + timedelta(days=rng.randint(-60, 120))
            capacity = rng.randint(1, 6)
            db.session.add(
                Offer(
                    slug=f"aanbod-{i}",
                    title=f"Aanbod {i}",
                    kind=rng.choice(list(OfferKind)),
                    institution=rng.choice(institutions),
                    programme="Opleiding",
                    level=rng.choice(list(Level)),
                    period_start=start,
                    period_end=start + timedelta(days=rng.randint(60, 300)),
                    capacity=capacity,
                    remaining_capacity=rng.randint(0, capacity),
                    capacity_unit=CapacityUnit.TEAMS,
                    contact_name="Docent",
                    contact_email=f"docent{i}@example.org",
                    themes=rng.sample(themes, rng.randint(1, 3)),
                    disciplines=rng.sample(disciplines, rng.randint(1, 8)),
                    preferred_places=[
                        PreferredStadsdeel(stadsdeel=s) for s in rng.sample(STADSDELEN, rng.randint(0, 3))
                    ],
                )
            )
        states = [QuestionState.ACCEPTED] * 3 + [QuestionState.MATCHED, QuestionState.DONE, QuestionState.SUBMITTED]
        for i in range(questions):
            start = today + timedelta(days=rng.randint(0, 90))
            db.session.add(
                Question(
                    slug=f"vraag-{i}",
                    title=f"Vraag {i}",
                    description="Een vraag uit de stad.",
                    asker_kind=AskerKind.RESIDENT,
                    theme=rng.choice(themes),
                    stadsdeel=rng.choice(STADSDELEN + ("",)),
                    help_kind=HelpKind.RESEARCH,
                    starts_on=start,
                    deadline=start + timedelta(days=rng.randint(30, 200)),
                    contact_name="Bewoner",
                    contact_email=f"bewoner{i}@example.org",
                    state=rng.choice(states),
                    disciplines=rng.sample(disciplines, rng.randint(0, 4)),
                )
            )
        db.session.commit()
        db.session.info.pop(candidate_scores.BUSY, None)
        # Question 0 open, so its page and the overview show a best fit.
        db.session.execute(text("UPDATE questions SET state = 'accepted' WHERE slug = 'vraag-0'"))
        db.session.commit()


def _rescore(app) -> float:
    from talkshow_app.extensions import db
    from talkshow_app.matching.candidate_scores import rescore_all

    with app.app_context():
        started = time.perf_counter()
        rescore_all(db.session)
        return time.perf_counter() - started


def _settle(app) -> None:
    """What autovacuum does after a bulk load on PostgreSQL: table statistics, so the planner knows the sizes.

    Without them it guesses a few rows per table and picks plans no running site would (a parallel scan of
    every stored candidate for 50 questions). The archive benchmark does the same after its load.
    """
    from talkshow_app.extensions import db

    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(text("VACUUM ANALYZE"))


def _measure(app, path: str) -> tuple[float, int]:
    from talkshow_app.extensions import db

    client = app.test_client()
    timings, statements = [], []
    with app.app_context():
        engine = db.engine
    client.get(path)  # warm: templates compiled, connections open
    for _ in range(REPEAT):
        seen: list[str] = []

        def count(conn, cursor, statement, parameters, context, executemany, seen=seen):
            seen.append(statement)

        event.listen(engine, "before_cursor_execute", count)
        started = time.perf_counter()
        response = client.get(path)
        timings.append(time.perf_counter() - started)
        event.remove(engine, "before_cursor_execute", count)
        assert response.status_code == 200, (path, response.status_code)
        statements.append(len(seen))
    return statistics.median(timings) * 1000, max(statements)


def _change_offer(app) -> float:
    """One organiser edit: an offer gets a theme more; its rows in every ranking are brought up to date."""
    from sqlalchemy import select

    from talkshow_app.extensions import db
    from talkshow_app.matching.models import Offer
    from talkshow_app.series.models import Theme

    with app.app_context():
        started = time.perf_counter()
        target = db.session.scalars(select(Offer).where(Offer.slug == "aanbod-1")).one()
        extra = next(t for t in db.session.scalars(select(Theme).order_by(Theme.id)) if t not in target.themes)
        target.themes.append(extra)
        db.session.commit()
        return time.perf_counter() - started


def _measure_database(url_for_size) -> dict[str, dict[int, tuple[float, int]]]:
    results: dict[str, dict[int, tuple[float, int]]] = {"rescore": {}, "edit": {}}
    for size, (offers, labs, questions) in enumerate(SIZES):
        app = _app(url_for_size(offers))
        _fill(app, offers, labs, questions)
        results["rescore"][size] = (_rescore(app) * 1000, 0)
        _settle(app)
        for label, path in (*PAGES, MAP_DATA):
            results.setdefault(label, {})[size] = _measure(app, path)
        results["edit"][size] = (_change_offer(app) * 1000, 0)
        with app.app_context():
            from talkshow_app.extensions import db

            db.engine.dispose()
    return results


def _table(name: str, results: dict[str, dict[int, tuple[float, int]]]) -> list[str]:
    lines = [
        f"### {name}",
        "",
        "| page | ms today (600 / 200 / 1,500) | ms at 10x (6,000 / 2,000 / 15,000) | time ratio | goal <= 2x "
        "| SQL statements (today / 10x) |",
        "|---|---|---|---|---|---|",
    ]
    for label, _ in PAGES:
        (small, small_sql), (big, big_sql) = results[label][0], results[label][1]
        ratio = big / small if small else float("inf")
        verdict = "met" if ratio <= GOAL else f"missed by {ratio / GOAL:.1f}x"
        lines.append(f"| `{label}` | {small:.1f} | {big:.1f} | {ratio:.1f}x | {verdict} | {small_sql} / {big_sql} |")
    (small, small_sql), (big, big_sql) = results[MAP_DATA[0]][0], results[MAP_DATA[0]][1]
    lines.append(
        f"| `{MAP_DATA[0]}` (the map's labs, loaded after the page; one marker per lab) | {small:.1f} | {big:.1f} "
        f"| {big / small if small else float('inf'):.1f}x | not held to it | {small_sql} / {big_sql} |"
    )
    rescore, edit = results["rescore"], results["edit"]
    lines += [
        "",
        "Not per request: `flask matching rescore` (every ranking rebuilt) took "
        f"{rescore[0][0] / 1000:.1f} s today and {rescore[1][0] / 1000:.1f} s at 10x; one offer edit, with its rows "
        "in every ranking brought up to date in the same transaction, "
        f"{edit[0][0]:.0f} ms today and {edit[1][0]:.0f} ms at 10x.",
        "",
    ]
    return lines


def run() -> str:
    lines = [
        "## Matching at scale (`bench/matching_scale.py`)",
        "",
        f"Median of {REPEAT} warm requests through the test client; SQL statements per request (the most seen). "
        "Question 0 is open.",
        "",
    ]
    with tempfile.TemporaryDirectory() as folder:
        sqlite = _measure_database(lambda offers: "sqlite:///" + str(Path(folder) / f"matching-{offers}.sqlite3"))
    lines += _table("SQLite", sqlite)
    postgres = os.environ.get("BENCH_DATABASE_URL")
    if postgres:
        lines += _table("PostgreSQL", _measure_database(lambda offers: postgres))
    else:
        lines += ["PostgreSQL not measured (set BENCH_DATABASE_URL to an empty, disposable database).", ""]
    lines.append(
        "Each public question keeps its best candidates in `match_candidates` (the best 30 relevant ones and "
        "the best 12 with room), maintained in the transaction that changes a question, offer or lab "
        "(`talkshow_app/matching/candidate_scores.py`). A question page loads and scores only those; the "
        "overview counts in SQL and lists the first 50 questions with the best stored candidate of each. "
        "So neither grows with the number of offers, labs or questions, apart from the database's own "
        "index lookups and GROUP BYs."
    )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    print(run())
