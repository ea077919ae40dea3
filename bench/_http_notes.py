"""The words under bench/http.py's tables: what is left where a goal is missed, and the 20,000-in-a-minute note."""

from __future__ import annotations

import math

GOAL = 0.5
HALL_SEATS, RUSH_PEOPLE, RUSH_SECONDS = 1500, 20_000, 60


# What the profile (cProfile of one request, in process) shows is left where a goal may be missed.
LEFT = {
    "GET /api/talkshows": "answers are kept under the content version (`open_data_cache.py`); a miss loads every "
    "talkshow with speakers, organisations and labs and serialises each",
    "GET /calendar.ics": "kept under the content version like the API; a miss spends over half its time in "
    "icalendar serialising (line folding) the whole series",
    "POST /talkshows/<slug>/register": "a registration is 5 SQL statements and 1 commit (the seat claim's UPDATE "
    "finds the talkshow by its address, the same address is looked up, the registration and its outbox row are "
    "inserted). In process on SQLite it takes ≈3.6 ms against ≈1.2 ms for the bare route's one Core INSERT: the "
    "ORM's two inserts with their flushes ≈0.7 ms, Flask-WTF's form and CSRF check ≈0.5 ms, the outbox row's "
    "context ≈0.5 ms, the commit ≈0.35 ms, the seat claim 0.3 ms, Flask's request, session and flash ≈0.7 ms. "
    "Halving that means leaving the ORM and WTForms on this one path; the lock's hold time, which bounds one "
    "talkshow's rush, is measured below",
}


def shortfalls(rows: list[tuple[str, float]]) -> list[str]:
    missed = [(name, ratio) for name, ratio in rows if ratio < GOAL]
    if not missed:
        return ["Every request meets its goal."]
    lines = ["Goals missed:", ""]
    for name, ratio in missed:
        left = LEFT.get(name, "see the issue's profile")
        lines.append(f"- `{name}`: {ratio:.2f}× of {GOAL}× ({GOAL / ratio:.1f}× short): {left}.")
    return lines


def closing_note(rates: dict[str, float], lock_ms: float | None, postgres: bool) -> list[str]:
    needed = RUSH_PEOPLE / RUSH_SECONDS
    measured = ", ".join(f"{label}: {rate:.0f}/s" for label, rate in rates.items())
    single = max(rate for label, rate in rates.items() if label.startswith("1 instance"))
    instances = math.ceil(needed / single) if single else 0
    such = "such instance" if instances == 1 else "such instances"
    lines = [
        f"**{RUSH_PEOPLE:,} registrations in the first minute for a {HALL_SEATS:,}-seat hall** is {needed:.0f} "
        f"registrations/s for one talkshow ({HALL_SEATS:,} confirmed, the rest on the waiting list). Measured for one "
        f"talkshow on this machine ({measured}) — every setup shares the same 2 cores with the database and wrk, so "
        "more workers or a second instance here only split the same CPU; the figure that carries over is what one "
        f"2-core instance takes: {single:.0f}/s. At that rate the rush needs about **{instances} {such}** "
        f"(≈{2 * instances} cores of web workers, {2 * instances} sync workers) behind the load balancer, with the "
        "page cache and the rate limits in Redis (`CACHE_REDIS_URL`, `RATELIMIT_STORAGE_URI`) so the talkshow page is "
        "rendered once per change for all of them, and the database on its own cores.",
    ]
    if lock_ms is not None:
        ceiling = 1000 / lock_ms
        lines += [
            "",
            "The ceiling past that is the talkshow's lock: whatever the number of instances, one talkshow's seats "
            "change one transaction at a time. The least that transaction can be on this PostgreSQL (conditional "
            "`UPDATE … WHERE seats_taken < capacity RETURNING`, one `INSERT`, `COMMIT` with its WAL flush, from one "
            f"connection) takes {lock_ms:.2f} ms, so one talkshow tops out near **{ceiling:,.0f} registrations/s** "
            f"({ceiling / needed:.1f}× what the rush needs) when the lock covers only that. Keep the lock that short "
            "(no counting, no mail rendering under it) and give PostgreSQL a fast WAL disk: a commit that waits 5 ms "
            "for the disk caps one talkshow at 200/s, below the rush. The next ceilings: connections (sync workers × "
            "instances must stay below `max_connections`; PgBouncer in transaction mode past ~100) and the commit "
            "rate of the one primary, shared by every talkshow registering at once.",
        ]
    elif not postgres:
        lines += [
            "",
            "SQLite serialises every write in the whole database, not per talkshow, and lives on one host: it cannot "
            "take this rush past one machine. The PostgreSQL section measures the lock's least hold time and two "
            "instances (`make bench` starts a throw-away cluster unless `BENCH_DATABASE_URL` names one).",
        ]
    return lines
