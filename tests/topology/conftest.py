"""The deployed topology, for real and on loopback only (README "Deploying"):

    visitors ──HTTPS──▶ nginx (deploy/nginx/talkshow.conf, the test certificate)
                          ├──▶ gunicorn A (deploy/gunicorn.conf.py, 2 sync workers) ─┐
                          └──▶ gunicorn B (the same, another port)                   ├─▶ PostgreSQL (own database)
                                                     Redis (rate-limit counters) ◀──┤
                          `flask mail worker` (the outbox, LISTEN/NOTIFY) ──────────┘──▶ aiosmtpd

The app runs as in production (APP_ENV=production, TRUSTED_PROXIES=1, MAIL_SEND_AFTER_REQUEST=false, rate
limits on, in Redis). The PostgreSQL server is the one of ``TEST_POSTGRES_URL`` (.ci/run starts it); the
topology gets a database of its own, migrated with ``flask db upgrade`` and dropped at the end. Without
``TEST_POSTGRES_URL``, nginx or redis-server the test skips on a developer machine and fails under CI=true.
Each test prints its figures; all of them go to test-artifacts/topology.json.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import shutil
import socket
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import create_engine, func, select, text, update
from sqlalchemy.engine import make_url

from talkshow_app import create_app
from talkshow_app.extensions import db
from talkshow_app.mailing.models import OutboxMessage, OutboxStatus
from talkshow_app.mailing.services import NOTIFY_CHANNEL
from talkshow_app.registrations.models import Registration, RegistrationStatus
from talkshow_app.series.models import Talkshow, TalkshowStatus, Theme, Venue
from tests.conftest import base_config
from tests.mailing.smtp import Inbox, SMTPServer

from . import processes as proc
from .processes import ROOT, Service

ARTIFACT = ROOT / "test-artifacts" / "topology.json"
FIGURES: dict[str, Any] = {}


class SlowInbox(Inbox):
    """aiosmtpd's handler of tests/mailing/smtp.py, able to take ``delay`` seconds per message."""

    delay: float = 0.0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        if self.delay:
            await asyncio.sleep(self.delay)
        return await super().handle_DATA(server, session, envelope)


@dataclass
class Seats:
    confirmed: int
    waitlisted: int
    cancelled: int
    emails: set[str]


@dataclass
class Topology:
    workdir: Path
    database_url: str
    env: dict[str, str]
    port: int  # nginx, HTTPS
    http_port: int  # nginx, plain HTTP (redirects only)
    smtp: SMTPServer
    app: Flask  # in the test process, for arranging data and reading the outcome
    services: dict[str, Service] = field(default_factory=dict)
    ports: dict[str, int] = field(default_factory=dict)
    _silent: socket.socket | None = None

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    @property
    def inbox(self) -> SlowInbox:
        inbox = self.smtp.inbox
        assert isinstance(inbox, SlowInbox)
        return inbox

    def logs_on_disk(self) -> list[Path]:
        """Every log file: nginx's access and error logs, gunicorn's (access log on stdout), the worker's."""
        return sorted(self.workdir.glob("*.log"))

    def logs(self) -> str:
        return "\n".join(service.tail(15) for service in self.services.values())

    # --- Data ----------------------------------------------------------------------------------

    def seed(self, slug: str, capacity: int) -> str:
        """A published talkshow a month ahead, open for registration, with ``capacity`` seats."""
        with self.app.app_context():
            theme = db.session.scalar(select(Theme)) or Theme(name="Topologie", slug="topologie")
            venue = db.session.scalar(select(Venue)) or Venue(name="Zaal", slug="zaal", address="Spui 1, Den Haag")
            starts_at = datetime.now(UTC).replace(microsecond=0, second=0) + timedelta(days=30)
            db.session.add(
                Talkshow(
                    title=f"Topologie {slug}",
                    slug=slug,
                    theme=theme,
                    venue=venue,
                    starts_at=starts_at,
                    ends_at=starts_at + timedelta(hours=2),
                    capacity=capacity,
                    status=TalkshowStatus.PUBLISHED,
                    registration_opens_at=starts_at - timedelta(days=60),
                )
            )
            db.session.commit()
            db.session.remove()
        return slug

    def seats(self, slug: str) -> Seats:
        with self.app.app_context():
            rows = db.session.execute(
                select(Registration.email, Registration.status).join(Talkshow).where(Talkshow.slug == slug)
            ).all()
            db.session.remove()
        statuses = Counter(status for _, status in rows)
        return Seats(
            confirmed=statuses[RegistrationStatus.CONFIRMED],
            waitlisted=statuses[RegistrationStatus.WAITLISTED],
            cancelled=statuses[RegistrationStatus.CANCELLED],
            emails={email for email, _ in rows},
        )

    def outbox(self, domain: str) -> dict[str, int]:
        """Rows for addresses at ``domain``: still queued, and tried more than once (or failed once, still queued)."""
        with self.app.app_context():
            queued = (OutboxMessage.status == OutboxStatus.QUEUED) & OutboxMessage.to_address.like(f"%@{domain}")
            failed_once = (OutboxMessage.attempts > 1) | (
                (OutboxMessage.status == OutboxStatus.QUEUED) & (OutboxMessage.attempts > 0)
            )
            tried_again = OutboxMessage.to_address.like(f"%@{domain}") & failed_once
            count = select(func.count()).select_from(OutboxMessage)
            figures = {
                "queued": db.session.scalar(count.where(queued)) or 0,
                "retried": db.session.scalar(count.where(tried_again)) or 0,
            }
            db.session.remove()
        return figures

    def claims(self, domain: str) -> Counter[str]:
        """Queued rows per claim token (the sender holding them) for addresses at ``domain``."""
        with self.app.app_context():
            tokens = db.session.scalars(
                select(OutboxMessage.claim_token).where(
                    OutboxMessage.status == OutboxStatus.QUEUED,
                    OutboxMessage.to_address.like(f"%@{domain}"),
                    OutboxMessage.claim_token.is_not(None),
                )
            ).all()
            db.session.remove()
        return Counter(token for token in tokens if token)

    def expire_leases(self, tokens: set[str]) -> int:
        """Fast-forward the clock for rows a dead sender holds: their lease (5 minutes) ends now; NOTIFY."""
        with self.app.app_context():
            result = db.session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.status == OutboxStatus.QUEUED, OutboxMessage.claim_token.in_(tokens))
                .values(claimed_until=datetime.now(UTC) - timedelta(seconds=1))
                .execution_options(synchronize_session=False)
            )
            db.session.execute(text("SELECT pg_notify(:channel, '')"), {"channel": NOTIFY_CHANNEL})
            db.session.commit()
            db.session.remove()
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    # --- Mail ----------------------------------------------------------------------------------

    def received(self, domain: str) -> Counter[str]:
        """Mails received per recipient at ``domain``."""
        with self.inbox.lock:
            return Counter(
                address for item in self.inbox.received for address in item.rcpt_tos if address.endswith("@" + domain)
            )

    def wait_for_mails(self, domain: str, expected: set[str], timeout: float = 60.0) -> tuple[Counter[str], float]:
        """Wait until every expected address has a mail, then a moment longer to catch duplicates."""
        start = time.monotonic()
        while time.monotonic() - start < timeout and not expected <= set(self.received(domain)):
            time.sleep(0.2)
        took = time.monotonic() - start
        time.sleep(1.5)
        return self.received(domain), took

    def blackhole_smtp(self) -> None:
        """The SMTP server goes silent: its port accepts connections and never says a word."""
        self.smtp.stop()
        silent = socket.socket()
        silent.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        silent.bind(("127.0.0.1", self.smtp.port))
        silent.listen(64)
        self._silent = silent

    def heal_smtp(self) -> None:
        if self._silent is not None:
            self._silent.close()
            self._silent = None
        self.smtp.start()

    # --- Processes -----------------------------------------------------------------------------

    def start_mail_worker(self) -> Service:
        worker = proc.flask("mail-worker", self.workdir, self.env, "mail", "worker").start()
        self.services["mail-worker"] = worker
        return worker

    def record(self, phase: str, figures: dict[str, Any]) -> None:
        FIGURES.setdefault("phases", {})[phase] = figures
        print(f"\n[topology] {phase}: " + json.dumps(figures, sort_keys=False))


def mail_figures(expected: set[str], received: Counter[str]) -> dict[str, int]:
    return {
        "mails_expected": len(expected),
        "mails_received": sum(received.values()),
        "recipients_missing": len(expected - set(received)),
        "duplicates": sum(n - 1 for n in received.values() if n > 1),
        "unexpected_recipients": len(set(received) - expected),
    }


def keep_logs(workdir: Path) -> None:
    """Every process's log into test-artifacts/topology-logs/ (CI keeps them); the temporary folder goes."""
    logs = ARTIFACT.parent / "topology-logs"
    shutil.rmtree(logs, ignore_errors=True)
    logs.mkdir(parents=True)
    for log in workdir.glob("*.log"):
        shutil.copy(log, logs / log.name)
    shutil.rmtree(workdir, ignore_errors=True)


def postgres_server_url() -> str:
    url = os.environ.get("TEST_POSTGRES_URL", "").strip()
    return proc.need_tool(
        "a PostgreSQL server (TEST_POSTGRES_URL)", url or None, "set TEST_POSTGRES_URL as .ci/run does"
    )


def app_environment(database_url: str, redis_port: int, smtp_port: int, nginx_port: int, workdir: Path) -> dict:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("TEST_", "GUNICORN_", "RATELIMIT_", "MAIL_"))}
    for name in ("APP_ENV", "SECRET_KEY", "PUBLIC_URL", "DATABASE_URL", "TRUSTED_PROXIES", "PORT", "UPLOAD_FOLDER"):
        keep.pop(name, None)
    return keep | {
        "APP_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(36),  # 48 characters
        "PUBLIC_URL": f"https://127.0.0.1:{nginx_port}",
        "DATABASE_URL": database_url,
        "TRUSTED_PROXIES": "1",
        "RATELIMIT_ENABLED": "true",
        "RATELIMIT_STORAGE_URI": f"redis://127.0.0.1:{redis_port}/0",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(smtp_port),
        "MAIL_SEND_AFTER_REQUEST": "false",
        "MAIL_TIMEOUT_SECONDS": "5",
        "UPLOAD_FOLDER": str(workdir / "uploads"),
        "LOG_LEVEL": "info",
        "PYTHONUNBUFFERED": "1",
    }


@pytest.fixture(scope="package")
def topology() -> Iterator[Topology]:
    began = time.monotonic()
    server_url = postgres_server_url()
    nginx_binary = proc.need_tool("nginx", proc.binary("nginx", "/usr/sbin/nginx"), "apt-get install nginx")
    redis_binary = proc.need_tool(
        "redis-server", proc.binary("redis-server", "/usr/bin/redis-server"), "apt-get install redis-server"
    )
    workdir = Path(tempfile.mkdtemp(prefix="talkshow-topology-"))
    admin_url = make_url(server_url)
    database_url = admin_url.set(database=f"talkshow_topology_{os.getpid()}")
    name = database_url.database
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = database_url.render_as_string(hide_password=False)
    services: dict[str, Service] = {}
    smtp = SMTPServer()
    smtp.inbox = SlowInbox()
    app = None
    try:
        try:
            services["redis"], redis_port = proc.redis(workdir, redis_binary)
            smtp.start()
            https_port, http_port = proc.free_port(), proc.free_port()  # the app's PUBLIC_URL names nginx's port
            env = app_environment(url, redis_port, smtp.port, https_port, workdir)
            proc.run_flask(workdir, env, "db", "upgrade")
            upstream_ports: list[int] = []
            for instance in ("gunicorn-a", "gunicorn-b"):
                services[instance], port = proc.gunicorn(instance, workdir, env)
                upstream_ports.append(port)
            for instance, port in zip(("gunicorn-a", "gunicorn-b"), upstream_ports, strict=True):
                proc.wait_for_gunicorn(services[instance], port)
            services["nginx"] = proc.nginx(workdir, nginx_binary, upstream_ports, https_port, http_port)
            app = create_app(base_config(url, MAIL_SUPPRESS_SEND=True))
            topology = Topology(workdir, url, env, https_port, http_port, smtp, app, services)
            topology.ports = {"gunicorn-a": upstream_ports[0], "gunicorn-b": upstream_ports[1], "redis": redis_port}
            proc.wait_until("nginx answering https /healthz", lambda: proc.https_ok(https_port, "/healthz"))
            topology.start_mail_worker()
            FIGURES["started_in_s"] = round(time.monotonic() - began, 2)
            print(f"\n[topology] started in {FIGURES['started_in_s']} s: {topology.url}, {topology.ports}")
        except Exception:
            print("\n".join(service.tail(20) for service in services.values()))  # why a process did not come up
            raise
        yield topology
    finally:
        for service in reversed(list(services.values())):
            service.stop()
        if smtp.controller is not None:
            smtp.stop()
        if app is not None:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
        keep_logs(workdir)
        FIGURES["total_s"] = round(time.monotonic() - began, 2)
        ARTIFACT.write_text(json.dumps(FIGURES, indent=2) + "\n")
        print(f"\n[topology] total {FIGURES['total_s']} s; figures in {ARTIFACT}")
