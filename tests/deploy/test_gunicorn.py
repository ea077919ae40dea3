"""deploy/gunicorn.conf.py: settings from the environment, and access logs without private tokens."""

from __future__ import annotations

import os
import runpy
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "deploy" / "gunicorn.conf.py"
TOKEN = "Zx9secretTOKENvalue_123"


def load_config(monkeypatch, **env: str) -> dict:
    for name in ("GUNICORN_BIND", "GUNICORN_WORKERS", "GUNICORN_THREADS", "GUNICORN_TIMEOUT", "PORT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONFIG))


def test_bind_workers_and_timeout_come_from_the_environment(monkeypatch):
    config = load_config(monkeypatch, GUNICORN_BIND="0.0.0.0:9000", GUNICORN_WORKERS="3", GUNICORN_TIMEOUT="45")
    assert (config["bind"], config["workers"], config["timeout"]) == ("0.0.0.0:9000", 3, 45)


def test_defaults_are_local_and_sane(monkeypatch):
    config = load_config(monkeypatch)
    assert config["bind"] == "127.0.0.1:8000"
    assert 1 <= config["workers"] <= 8
    assert 10 <= config["timeout"] <= 120
    assert load_config(monkeypatch, PORT="8123")["bind"] == "127.0.0.1:8123"


@pytest.mark.parametrize(
    ("line", "masked"),
    [
        (f"GET /registrations/{TOKEN} HTTP/1.1", "GET /registrations/[hidden] HTTP/1.1"),
        (f"POST /registrations/{TOKEN}/cancel HTTP/1.1", "POST /registrations/[hidden]/cancel HTTP/1.1"),
        (f"/registrations/{TOKEN}/invite.ics?x=1", "/registrations/[hidden]/invite.ics?x=1"),
        (f"https://site.example/registrations/{TOKEN}", "https://site.example/registrations/[hidden]"),
        (f"/login?next=%2Fregistrations%2F{TOKEN}", "/login?next=%2Fregistrations%2F[hidden]"),
        ("/organiser/checkin/ABCD1234", "/organiser/checkin/[hidden]"),
        ("GET /talkshows/registrations-open HTTP/1.1", "GET /talkshows/registrations-open HTTP/1.1"),
        ("/archive?q=registrations", "/archive?q=registrations"),
    ],
)
def test_mask_tokens(monkeypatch, line, masked):
    assert load_config(monkeypatch)["mask_tokens"](line) == masked


def test_the_logger_masks_every_access_log_field(monkeypatch):
    from datetime import timedelta
    from types import SimpleNamespace

    from gunicorn.config import Config

    namespace = load_config(monkeypatch)
    config = Config()
    config.set("logger_class", namespace["MaskingLogger"])
    logger = namespace["MaskingLogger"](config)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/registrations/{TOKEN}",
        "PATH_INFO": f"/registrations/{TOKEN}",
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.7",
        "HTTP_REFERER": f"https://site.example/registrations/{TOKEN}/cancel",
    }
    response = SimpleNamespace(status="200 OK", sent=10, headers=[("X-Request-ID", "abc")])
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    atoms = logger.atoms(response, request, environ, timedelta(milliseconds=5))
    assert TOKEN not in repr(atoms)
    assert atoms["r"] == "GET /registrations/[hidden] HTTP/1.1" and atoms["U"] == "/registrations/[hidden]"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float = 30) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            urllib.request.urlopen(url, timeout=2).close()  # nosec B310 - a local test URL
            return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise AssertionError(f"gunicorn did not answer on {url}")


def fetch(url: str, **headers: str) -> int:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # nosec B310 - a local test URL
            return response.status
    except urllib.error.HTTPError as error:
        error.close()
        return error.code


def test_gunicorn_serves_the_app_and_logs_without_the_token(migrated_schema, tmp_path):
    """A real gunicorn with this config: /healthz answers; the access log has the request id, not the token."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GUNICORN_", "APP_ENV"))}
    env.update(
        DATABASE_URL=migrated_schema,
        SECRET_KEY="gunicorn-test-key",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="1",
        TRUSTED_PROXIES="1",
        UPLOAD_FOLDER=str(tmp_path / "uploads"),
    )
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(  # nosec B603 - fixed arguments
        [str(gunicorn), "-c", str(CONFIG), "wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/healthz")
        assert fetch(base + "/healthz") == 200
        headers = {"X-Request-ID": "req-42", "X-Forwarded-For": "203.0.113.9"}
        assert fetch(f"{base}/registrations/{TOKEN}", **headers) == 404
    finally:
        process.send_signal(signal.SIGTERM)
        access_log, error_log = process.communicate(timeout=30)
    log = access_log + error_log
    assert TOKEN not in log
    line = next(line for line in access_log.splitlines() if "/registrations/[hidden]" in line)
    assert "request_id=req-42" in line and '" 404 ' in line
    assert line.startswith("203.0.113.9 "), "TRUSTED_PROXIES=1: the client address from X-Forwarded-For"
