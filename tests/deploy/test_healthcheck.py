"""deploy/healthcheck.py (talkshow-web.service's ExecStartPost): 0 when /healthz says ok, else non-zero in time."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from .test_units import unit

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "deploy" / "healthcheck.py"


class Answers:
    """What the tiny server answers on /healthz: (status, body), changeable while it runs."""

    def __init__(self) -> None:
        self.status = 200
        self.body = {"status": "ok", "database": "ok"}
        self.hits = 0


def serve(answers: Answers) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            answers.hits += 1
            if self.path != "/healthz":
                self.send_error(404)
                return
            body = json.dumps(answers.body).encode()
            self.send_response(answers.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def health() -> Iterator[tuple[Answers, str]]:
    answers = Answers()
    server = serve(answers)
    try:
        yield answers, f"http://127.0.0.1:{server.server_address[1]}/healthz"
    finally:
        server.shutdown()
        server.server_close()


def run(*args: str, env: dict[str, str] | None = None) -> tuple[subprocess.CompletedProcess[str], float]:
    start = time.monotonic()
    result = subprocess.run(  # nosec B603 - this interpreter and the script, with our arguments
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=60, env=env
    )
    return result, time.monotonic() - start


def test_a_healthy_app_passes_at_once(health):
    answers, url = health
    result, _took = run("--url", url, "--attempts", "3", "--interval", "0.1")
    assert result.returncode == 0, result.stderr
    assert answers.hits == 1 and "healthy" in result.stdout


def test_an_unhealthy_app_fails_within_the_retry_bound(health):
    answers, url = health
    answers.status, answers.body = 503, {"status": "error", "database": "error"}
    result, took = run("--url", url, "--attempts", "4", "--interval", "0.2")
    assert result.returncode != 0
    assert answers.hits == 4 and took < 10
    assert "not healthy after 4 tries" in result.stderr and "503" in result.stderr


def test_200_without_status_ok_is_not_healthy(health):
    answers, url = health
    answers.body = {"status": "starting"}
    result, _took = run("--url", url, "--attempts", "2", "--interval", "0.1")
    assert result.returncode != 0 and answers.hits == 2


def test_an_app_that_comes_up_during_the_retries_passes(health):
    answers, url = health
    answers.status = 503
    threading.Timer(0.5, lambda: setattr(answers, "status", 200)).start()
    result, _took = run("--url", url, "--attempts", "30", "--interval", "0.1")
    assert result.returncode == 0, result.stderr
    assert answers.hits > 1


def test_nothing_listening_fails():
    result, took = run("--url", "http://127.0.0.1:1/healthz", "--attempts", "2", "--interval", "0.1")
    assert result.returncode != 0 and took < 10
    assert "no answer" in result.stderr


def test_without_url_it_asks_where_gunicorn_binds(health):
    answers, url = health
    port = url.rsplit(":", 1)[1].split("/")[0]
    env = {"PATH": "/usr/bin:/bin", "GUNICORN_BIND": f"0.0.0.0:{port}"}
    result, _took = run("--attempts", "2", "--interval", "0.1", env=env)
    assert result.returncode == 0, result.stderr
    env = {"PATH": "/usr/bin:/bin", "PORT": port}
    assert run("--attempts", "2", "--interval", "0.1", env=env)[0].returncode == 0
    assert answers.hits == 2


def test_the_web_unit_fails_its_start_unless_healthz_answers():
    service = unit("talkshow-web.service")["Service"]
    post = service["ExecStartPost"]
    assert post.startswith("/srv/talkshow/.venv/bin/python deploy/healthcheck.py")
    attempts = int(post.split("--attempts", 1)[1].split()[0])
    interval = float(post.split("--interval", 1)[1].split()[0])
    assert 10 <= attempts * interval <= 60, "about 20 s, inside systemd's start timeout (90 s)"
    assert (ROOT / "deploy" / "healthcheck.py").is_file()
