"""PostgreSQL restarted under light traffic: requests fail cleanly (503, no traceback), the app recovers by itself.

The shared PostgreSQL of ``TEST_POSTGRES_URL`` must not be restarted, so this test starts a throw-away cluster
of its own (initdb and pg_ctl, as the ``postgres`` system user when run as root, like .ci/run), on a free
port, migrates a database there and runs one gunicorn instance (deploy/gunicorn.conf.py, 2 workers, production
settings as in conftest.py, rate limits in Redis). The requests go to gunicorn directly, with the headers nginx
sets. Two restarts:

1. quiet: both workers hold a pooled connection, PostgreSQL restarts with no request in between, then every
   request answers 200 at once: ``pool_pre_ping`` finds the dead connections before a query uses them;
2. under traffic (a talkshow page and /healthz every ~100 ms): while PostgreSQL is down the answers are 503
   (the friendly page, or /healthz's JSON), never 500 or a traceback; once it is back, pages answer 200
   within seconds, by the same gunicorn master and workers.
"""

from __future__ import annotations

import glob
import http.client
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from talkshow_app import create_app
from talkshow_app.extensions import db
from tests.conftest import base_config
from tests.mailing.smtp import SMTPServer

from . import processes as proc
from .conftest import FIGURES, Topology, app_environment

pytestmark = [pytest.mark.topology, pytest.mark.timeout(180)]

WORKERS = 2
DATABASE = "talkshow_restart"
TICK = 0.1  # seconds between rounds of traffic
UNAVAILABLE = "Tijdelijk niet beschikbaar"


def postgres_binaries() -> str | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: [int(n) for n in re.findall(r"\d+", p)])
    found = [path for path in found if os.access(Path(path) / "pg_ctl", os.X_OK)]
    return found[-1] if found else (str(Path(shutil.which("pg_ctl") or "").parent) if shutil.which("pg_ctl") else None)


@dataclass
class Cluster:
    """A PostgreSQL cluster of this test only; as root its programs run as the ``postgres`` user."""

    bin: Path
    home: Path
    port: int = field(default_factory=proc.free_port)

    @property
    def data(self) -> Path:
        return self.home / "data"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def pg(self, program: str, *args: str, timeout: float = 60) -> None:
        as_postgres = {"user": "postgres", "group": "postgres"} if os.geteuid() == 0 else {}
        result = subprocess.run(  # nosec B603 - PostgreSQL's own programs with arguments we built
            [str(self.bin / program), *args],
            cwd=self.home,
            capture_output=True,
            text=True,
            timeout=timeout,
            **as_postgres,  # type: ignore[arg-type]
        )
        assert result.returncode == 0, f"{program} {' '.join(args)}: {result.stdout}{result.stderr}"

    def init(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.home, "postgres", "postgres")
        self.pg("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.home} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.pg("pg_ctl", "-D", str(self.data), "-l", str(self.home / "server.log"), "-w", "-o", options, "start")

    def stop(self, mode: str = "fast") -> None:
        self.pg("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def backends(self, database: str) -> int:
        """Client connections to ``database`` (the gunicorn workers' pooled ones), not counting this one."""
        engine = create_engine(self.url(database), poolclass=NullPool)
        try:
            with engine.connect() as connection:
                query = "SELECT count(*) FROM pg_stat_activity WHERE datname = :name AND pid <> pg_backend_pid()"
                return int(connection.scalar(text(query), {"name": database}) or 0)
        finally:
            engine.dispose()


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    binaries = proc.need_tool("PostgreSQL's initdb/pg_ctl", postgres_binaries(), "apt-get install postgresql")
    home = Path(tempfile.mkdtemp(prefix="talkshow-pg-restart-"))
    own = Cluster(Path(binaries), home)
    try:
        own.init()
        own.start()
        engine = create_engine(own.url(), isolation_level="AUTOCOMMIT", poolclass=NullPool)
        with engine.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{DATABASE}"'))
        engine.dispose()
        yield own
    finally:
        if (own.data / "postmaster.pid").exists():
            own.stop("immediate")
        shutil.rmtree(home, ignore_errors=True)


@dataclass
class Hit:
    at: float
    path: str
    status: int
    body: str


class Traffic:
    """A page and /healthz every ``TICK`` seconds, over plain HTTP to gunicorn, with nginx's headers."""

    def __init__(self, port: int, host: str, paths: list[str]) -> None:
        self.port, self.host, self.paths = port, host, paths
        self.hits: list[Hit] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def get(self, path: str) -> Hit:
        headers = {"Host": self.host, "X-Forwarded-Proto": "https", "X-Forwarded-For": "127.0.21.1"}
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        try:
            connection.request("GET", path, headers=headers | {"Accept-Language": "nl"})
            response = connection.getresponse()
            return Hit(time.monotonic(), path, response.status, response.read().decode("utf-8", "replace"))
        except OSError as error:
            return Hit(time.monotonic(), path, 0, f"no answer: {error}")
        finally:
            connection.close()

    def _run(self) -> None:
        while not self._stop.is_set():
            for path in self.paths:
                self.hits.append(self.get(path))
            self._stop.wait(TICK)

    def __enter__(self) -> Traffic:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=30)


def first_ok_after(hits: list[Hit], path: str, moment: float) -> float | None:
    return next((hit.at for hit in hits if hit.path == path and hit.at >= moment and hit.status == 200), None)


def test_postgres_restarted_under_light_traffic(cluster: Cluster):
    workdir = Path(tempfile.mkdtemp(prefix="talkshow-restart-"))
    services: dict[str, proc.Service] = {}
    redis_binary = proc.need_tool(
        "redis-server", proc.binary("redis-server", "/usr/bin/redis-server"), "apt-get install redis-server"
    )
    try:
        services["redis"], redis_port = proc.redis(workdir, redis_binary)
        public_port = proc.free_port()  # PUBLIC_URL's (nginx's) port: the Host header the app sees
        env = app_environment(cluster.url(DATABASE), redis_port, proc.free_port(), public_port, workdir)
        proc.run_flask(workdir, env, "db", "upgrade")
        app = create_app(base_config(cluster.url(DATABASE), MAIL_SUPPRESS_SEND=True))
        Topology(workdir, cluster.url(DATABASE), env, public_port, 0, SMTPServer(), app).seed("herstart", 50)
        with app.app_context():
            db.engine.dispose()  # only the workers hold connections from here on
        services["gunicorn"], port = proc.gunicorn("gunicorn-restart", workdir, env, WORKERS)
        master = services["gunicorn"]
        proc.wait_for_gunicorn(master, port, WORKERS)
        workers = proc.children(master.pid)
        traffic = Traffic(port, f"127.0.0.1:{public_port}", ["/talkshows/herstart", "/healthz"])
        page = "/talkshows/herstart"

        # 1. Quiet restart: both workers hold a connection that PostgreSQL's restart kills.
        with ThreadPoolExecutor(8) as pool:
            for _round in range(20):
                warm = list(pool.map(traffic.get, [page] * 8))
                assert {hit.status for hit in warm} == {200}, [hit.body[:300] for hit in warm if hit.status != 200]
                if cluster.backends(DATABASE) >= WORKERS:
                    break
            held = cluster.backends(DATABASE)
            cluster.stop("fast")
            cluster.start()
            after_quiet = list(pool.map(traffic.get, [page] * 8 + ["/healthz"] * 4))
        quiet = Counter(hit.status for hit in after_quiet)

        # 2. Down for 2 s under traffic.
        with traffic:
            time.sleep(1.0)
            went_down = time.monotonic()
            cluster.stop("fast")
            down = time.monotonic()
            time.sleep(2.0)
            cluster.start()
            back = time.monotonic()
            proc.wait_until(
                "a talkshow page answering 200 again", lambda: first_ok_after(traffic.hits, page, back) is not None
            )
            time.sleep(2.0)
        hits = traffic.hits
        statuses = Counter(hit.status for hit in hits)
        recovered = first_ok_after(hits, page, back)
        assert recovered is not None
        health_recovered = first_ok_after(hits, "/healthz", back)
        figures = {
            "requests": len(hits),
            "ok_200": statuses[200],
            "unavailable_503": statuses[503],
            "other": sum(n for status, n in statuses.items() if status not in (200, 503)),
            "statuses": dict(sorted(statuses.items())),
            "stop_took_s": round(down - went_down, 2),
            "down_s": round(back - down, 2),
            "seconds_to_recover_page": round(recovered - back, 2),
            "seconds_to_recover_healthz": round((health_recovered or recovered) - back, 2),
            "quiet_restart": {"connections_held": held, "statuses": dict(quiet)},
        }
        FIGURES.setdefault("phases", {})["postgres_restart"] = figures
        print("\n[topology] postgres_restart: " + str(figures))
        log = master.log.read_text(errors="replace")

        assert held >= WORKERS, "every worker held a pooled connection before the quiet restart"
        assert quiet == {200: 12}, f"pool_pre_ping: no request fails on a dead pooled connection: {quiet}"
        assert set(statuses) <= {200, 503}, [(hit.path, hit.status, hit.body[:300]) for hit in hits]
        assert statuses[503] >= 5, "the outage was seen"
        assert not [hit for hit in hits if "Traceback" in hit.body or "OperationalError" in hit.body]
        for hit in hits:
            if hit.status == 503 and hit.path == page:
                assert UNAVAILABLE in hit.body, hit.body[:500]
            elif hit.status == 503:
                assert '"status":"error"' in hit.body.replace(" ", ""), hit.body
        assert all(hit.status == 200 for hit in hits if hit.at < went_down), "all well before the restart"
        assert recovered - back < 5, "pages answer again within seconds"
        assert all(hit.status == 200 for hit in hits if hit.at > recovered), "and stay answering"
        assert master.running() and proc.children(master.pid) == workers, "the same master and workers"
        assert "Unhandled error" not in log and "Traceback" not in log
    finally:
        for service in reversed(list(services.values())):
            service.stop()
        shutil.rmtree(workdir, ignore_errors=True)
