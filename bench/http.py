"""The opening-minute rush over HTTP: the project and a bare Flask app side by side under gunicorn, loaded by wrk.

Both run under gunicorn with the same settings (sync workers, 2 by default) on the same database: PostgreSQL
when ``BENCH_DATABASE_URL`` is set (a disposable database: the benchmark empties it), else a SQLite file in a
temporary folder. The project gets the demo series (``flask demo-data``), ``RATELIMIT_ENABLED=false`` and no
mail worker (mail stays queued in the outbox). wrk (Debian's ``wrk``) drives each endpoint with 16 connections
for a few seconds, several rounds, and the median counts; the bare app is measured in the same rounds, so each
ratio compares figures taken minutes apart on the same noisy machine. The registration rush POSTs the real
form (a fresh address each time, a valid CSRF token and session cookie) and the benchmark checks afterwards
that no talkshow has more confirmed registrations than seats.

Run alone with ``python -m bench http``; ``BENCH_HTTP_SECONDS`` and ``BENCH_HTTP_ROUNDS`` shorten or lengthen it.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from http.cookiejar import CookieJar
from pathlib import Path

from sqlalchemy import create_engine, text

from bench._http_notes import GOAL, closing_note, shortfalls
from bench._wrk import CONNECTIONS, ROOT, SECONDS, WRK, Load, Server, get_text, rush_script, wrk, wrk_together

ROUNDS = int(os.environ.get("BENCH_HTTP_ROUNDS", "3"))
WORKERS = 2


def flask(env: dict[str, str], *command: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", *command],
        cwd=ROOT,
        env=env,
        check=True,  # nosec
        capture_output=True,
        timeout=300,
    )


def reset_database(url: str) -> None:
    if url.startswith("postgresql"):
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()


# --- what is measured --------------------------------------------------------------------------------


@dataclass
class Site:
    url: str
    env: dict[str, str]
    folder: Path
    talkshow: str
    question: str


def pick_slugs(base: str) -> tuple[str, str]:
    """A talkshow taking registrations (its page has the form) and a public city question."""
    talkshows = dict.fromkeys(re.findall(r'href="/talkshows/([a-z0-9-]+)"', get_text(base + "/talkshows")))
    talkshow = next(s for s in talkshows if "registration-form" in get_text(f"{base}/talkshows/{s}"))
    questions = [s for s in re.findall(r'href="/questions/([a-z0-9-]+)"', get_text(base + "/questions")) if s != "new"]
    assert questions, "no public city question in the demo data"
    return talkshow, questions[0]


def csrf_session(base: str, slug: str) -> tuple[str, str]:
    """The form's token and the session cookie it belongs to, as a browser would get them."""
    jar = CookieJar()
    page = get_text(f"{base}/talkshows/{slug}", urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar)))
    token = re.search(r'name="csrf_token"[^>]*?value="([^"]+)"', page)
    assert token, "the talkshow page has no CSRF token"
    return token.group(1), "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


def overbooked(database_url: str) -> tuple[int, int, int]:
    """(talkshows over capacity, confirmed, waitlisted) over every talkshow."""
    engine = create_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT t.capacity, "
                "SUM(CASE WHEN r.status = 'confirmed' THEN 1 ELSE 0 END), "
                "SUM(CASE WHEN r.status = 'waitlisted' THEN 1 ELSE 0 END) "
                "FROM talkshows t LEFT JOIN registrations r ON r.talkshow_id = t.id GROUP BY t.id, t.capacity"
            )
        ).all()
    engine.dispose()
    over = sum(1 for capacity, confirmed, _ in rows if (confirmed or 0) > capacity)
    return over, sum(int(c or 0) for _, c, _ in rows), sum(int(w or 0) for _, _, w in rows)


def endpoints(site: Site) -> list[tuple[str, str]]:
    return [
        ("GET /", "/"),
        ("GET /talkshows", "/talkshows"),
        ("GET /talkshows/<slug>", f"/talkshows/{site.talkshow}"),
        ("GET /labs", "/labs"),
        ("GET /archive?q=wijk", "/archive?q=wijk"),
        ("GET /api/talkshows", "/api/talkshows"),
        ("GET /calendar.ics", "/calendar.ics"),
        ("GET /matching", "/matching"),
        ("GET /questions/<slug>", f"/questions/{site.question}"),
    ]


def median_load(loads: list[Load]) -> Load:
    return Load(
        statistics.median(x.rps for x in loads),
        statistics.median(x.p50_ms for x in loads),
        statistics.median(x.p99_ms for x in loads),
        sum(x.errors for x in loads),
        sum(x.requests for x in loads),
    )


def side_by_side(site: Site, bare: Server, project: Server) -> list[str]:
    """Every endpoint and the bare routes, ROUNDS rounds; the table of medians with the ratio per round."""
    names = [name for name, _ in endpoints(site)] + ["POST /talkshows/<slug>/register"]
    loads: dict[str, list[Load]] = {name: [] for name in names}
    ratios: dict[str, list[float]] = {name: [] for name in names}
    bare_get: list[Load] = []
    bare_post: list[Load] = []
    for path in [p for _, p in endpoints(site)]:  # warm every worker's templates and caches
        for _ in range(2 * WORKERS):
            get_text(project.url + path)
    for round_number in range(ROUNDS):
        reference = wrk(bare.url + "/")
        bare_get.append(reference)
        for name, path in endpoints(site):
            load = wrk(project.url + path)
            loads[name].append(load)
            ratios[name].append(load.rps / reference.rps)
        post_reference = wrk(bare.url + "/items", rush_script(site.folder, "bare", "/items", "-", "x=y"))
        bare_post.append(post_reference)
        token, cookie = csrf_session(project.url, site.talkshow)
        script = rush_script(site.folder, f"r{round_number}", f"/talkshows/{site.talkshow}/register", token, cookie)
        name = names[-1]
        loads[name].append(wrk(project.url + f"/talkshows/{site.talkshow}/register", script))
        ratios[name].append(loads[name][-1].rps / post_reference.rps)
    over, confirmed, waitlisted = overbooked(site.env["DATABASE_URL"])
    rows = [
        "| request | req/s | p50 ms | p99 ms | errors | bare Flask req/s | ratio (median of rounds) | goal | met |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    medians = []
    for name in names:
        load = median_load(loads[name])
        reference = median_load(bare_post if name.startswith("POST") else bare_get)
        ratio = statistics.median(ratios[name])
        medians.append((name, ratio))
        rows.append(
            f"| `{name}` | {load.rps:.0f} | {load.p50_ms:.1f} | {load.p99_ms:.1f} | {load.errors} | "
            f"{reference.rps:.0f} | {ratio:.2f}× | ≥ {GOAL}× | {'yes' if ratio >= GOAL else 'no'} |"
        )
    bare_load = median_load(bare_get)
    rows += [
        "",
        f"Bare Flask: `GET /` (20 rows, template with a list) {bare_load.rps:.0f} req/s, "
        f"p50 {bare_load.p50_ms:.1f} ms; "
        f"`POST /items` (insert, redirect) {median_load(bare_post).rps:.0f} req/s. "
        f"After the rushes: {confirmed:,} confirmed and {waitlisted:,} waitlisted registrations in all; "
        f"**{over} talkshows overbooked**.",
        "",
        *shortfalls(medians),
    ]
    return rows


def one_talkshow_rush(site: Site, workers: tuple[int, ...], two_instances: bool) -> tuple[list[str], dict[str, float]]:
    """Registrations per second for one talkshow with 1, 2, 4 workers, and two instances on one database."""
    rates: dict[str, float] = {}
    rows = ["| setup | registrations/s | p50 ms | p99 ms | errors |", "|---|---|---|---|---|"]
    setups: list[tuple[str, int, int]] = [(f"1 instance, {w} worker{'s' if w > 1 else ''}", w, 1) for w in workers]
    if two_instances:
        setups.append(("2 instances × 2 workers", 2, 2))
    for label, worker_count, instances in setups:
        servers = [
            Server("wsgi:app", site.env, worker_count, site.folder / f"rush-{worker_count}-{n}.log", "/healthz")
            for n in range(instances)
        ]
        try:
            token, cookie = csrf_session(servers[0].url, site.talkshow)
            results = []
            for round_number in range(ROUNDS):
                path = f"/talkshows/{site.talkshow}/register"
                jobs = []
                for n, server in enumerate(servers):
                    script = rush_script(site.folder, f"w{worker_count}i{n}r{round_number}", path, token, cookie)
                    jobs.append((server.url + path, script, CONNECTIONS // instances))
                loads = wrk_together(jobs)
                results.append(
                    Load(
                        sum(x.rps for x in loads),
                        max(x.p50_ms for x in loads),
                        max(x.p99_ms for x in loads),
                        sum(x.errors for x in loads),
                        sum(x.requests for x in loads),
                    )
                )
        finally:
            for server in servers:
                server.stop()
        load = median_load(results)
        rates[label] = load.rps
        rows.append(f"| {label} | {load.rps:.0f} | {load.p50_ms:.1f} | {load.p99_ms:.1f} | {load.errors} |")
    return rows, rates


def lock_round_trip(database_url: str) -> float | None:
    """Milliseconds for the least a seat needs under the lock: conditional UPDATE … RETURNING, INSERT, COMMIT."""
    if not database_url.startswith("postgresql"):
        return None
    engine = create_engine(database_url)
    timings = []
    with engine.connect() as connection:
        connection.execute(text("CREATE TABLE IF NOT EXISTS bench_seat (id int primary key, taken int, cap int)"))
        connection.execute(text("CREATE TABLE IF NOT EXISTS bench_seat_rows (id serial primary key, seat int)"))
        connection.execute(text("DELETE FROM bench_seat"))
        connection.execute(text("INSERT INTO bench_seat VALUES (1, 0, 1000000)"))
        connection.commit()
        for _ in range(300):
            start = time.perf_counter()
            connection.execute(
                text("UPDATE bench_seat SET taken = taken + 1 WHERE id = 1 AND taken < cap RETURNING taken")
            ).one()
            connection.execute(text("INSERT INTO bench_seat_rows (seat) VALUES (1)"))
            connection.commit()
            timings.append((time.perf_counter() - start) * 1000)
        connection.execute(text("DROP TABLE bench_seat, bench_seat_rows"))
        connection.commit()
    engine.dispose()
    return statistics.median(timings)


def measure(database_url: str, folder: Path) -> list[str]:
    reset_database(database_url)
    env = os.environ | {
        "DATABASE_URL": database_url,
        "APP_ENV": "development",
        "SECRET_KEY": "bench-secret-key-0123456789-abcdefghijklmnop",
        "RATELIMIT_ENABLED": "false",
        "MAIL_SEND_AFTER_REQUEST": "false",
        "LOG_LEVEL": "WARNING",
        "PAGE_CACHE_VERSION_FILE": str(folder / "page-version"),
        "UPLOAD_FOLDER": str(folder / "uploads"),
    }
    env.pop("CACHE_REDIS_URL", None)
    flask(env, "db", "upgrade")
    flask(env, "demo-data")
    from bench.bare_app import prepare

    prepare(database_url)
    postgres = database_url.startswith("postgresql")
    bare = Server("bench.bare_app:app", env, WORKERS, folder / "bare.log", "/")
    project = Server("wsgi:app", env, WORKERS, folder / "project.log", "/healthz")
    try:
        talkshow, question = pick_slugs(project.url)
        site = Site(project.url, env, folder, talkshow, question)
        table = side_by_side(site, bare, project)
    finally:
        project.stop()
        bare.stop()
    rush_rows, rates = one_talkshow_rush(site, (1, 2, 4), two_instances=postgres)
    over, _, _ = overbooked(database_url)
    lock_ms = lock_round_trip(database_url)
    return [
        *table,
        "",
        f"One talkshow's registration rush ({CONNECTIONS} connections, median of {ROUNDS} × {SECONDS} s; "
        f"{over} talkshows overbooked afterwards):",
        "",
        *rush_rows,
        "",
        *closing_note(rates, lock_ms, postgres),
        "",
    ]


def wrk_missing() -> str | None:
    if os.access(WRK, os.X_OK):
        return None
    return "wrk is not installed: `sudo apt-get install wrk` (Debian/Ubuntu), then run `make bench` again."


def run() -> str:
    lines = [
        "## The opening-minute rush over HTTP (`bench/http.py`)",
        "",
        f"gunicorn with {WORKERS} sync workers for the project (`wsgi:app`, demo data, page cache in process, rate "
        f"limits off, no mail worker) and for a bare Flask app (`bench/bare_app.py`) on the same database; wrk with "
        f"{CONNECTIONS} connections, {SECONDS} s per endpoint, {ROUNDS} rounds; req/s and latencies are medians "
        "over the rounds, the ratio is the median of each round's ratio against the bare route measured in the same "
        "round (`GET /`: 20 rows in a template with a list, for the pages; `POST /items`: one insert and a "
        "redirect, for registration). The registration rush POSTs the real form with a fresh address each time. "
        "The machine has 2 cores shared with the database and wrk, and with other work: figures are noisy.",
        "",
    ]
    missing = wrk_missing()
    if missing:
        return "\n".join([*lines, missing, ""])
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        lines += ["### SQLite", "", *measure("sqlite:///" + str(folder / "bench.sqlite3"), folder)]
        postgres = os.environ.get("BENCH_DATABASE_URL")
        if postgres:
            lines += ["### PostgreSQL", "", *measure(postgres, folder)]
        else:
            lines += ["PostgreSQL not measured (set `BENCH_DATABASE_URL` to an empty, disposable database).", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    print(run())
