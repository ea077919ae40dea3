"""Start and stop the real processes of the deployed topology, on loopback only, each with a log file.

Nothing here knows about pytest except ``need_tool``: a missing system tool skips the topology test on a
developer machine and fails it under ``CI=true`` (the established pattern of tests/browser and tests/deploy).
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pytest

from .web import tls_context

ROOT = Path(__file__).resolve().parents[2]
SITE_FILE = ROOT / "deploy" / "nginx" / "talkshow.conf"
TLS = ROOT / "tests" / "deploy" / "tls"
START_TIMEOUT = 30.0


def need_tool(what: str, found: str | None, hint: str) -> str:
    if found is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI needs {what} for the topology test ({hint})", pytrace=False)
        pytest.skip(f"{what} is missing: {hint}")
    return found


def binary(name: str, fallback: str) -> str | None:
    return shutil.which(name) or (fallback if os.access(fallback, os.X_OK) else None)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(what: str, check: Callable[[], bool], timeout: float = START_TIMEOUT, step: float = 0.1) -> float:
    """Poll ``check`` until it is true; returns the seconds it took, raises after ``timeout``."""
    start = time.monotonic()
    while True:
        try:
            if check():
                return time.monotonic() - start
        except OSError:
            pass
        if time.monotonic() - start > timeout:
            raise AssertionError(f"{what} did not happen within {timeout:.0f} s")
        time.sleep(step)


def http_ok(url: str) -> bool:
    with urllib.request.urlopen(url, timeout=2) as response:  # nosec B310 - a loopback http URL we built
        return bool(response.status == 200)


@dataclass
class Service:
    """One started process; its output goes to ``log`` (shown when something fails)."""

    name: str
    args: list[str]
    log: Path
    env: dict[str, str] | None = None
    process: subprocess.Popen[bytes] | None = None
    _log_file: IO[bytes] | None = field(default=None, repr=False)

    def start(self) -> Service:
        self._log_file = self.log.open("ab")
        self.process = subprocess.Popen(  # nosec B603 - fixed binaries with arguments we built
            self.args, cwd=ROOT, env=self.env, stdout=self._log_file, stderr=subprocess.STDOUT
        )
        return self

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 15.0) -> int | None:
        """Send ``sig`` and wait; SIGKILL if it does not end in time. Returns the exit code."""
        code = None
        if self.process is not None:
            if self.process.poll() is None:
                self.process.send_signal(sig)
                try:
                    self.process.wait(timeout=timeout)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait(timeout=10)
            code = self.process.returncode
            self.process = None
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None
        return code

    def tail(self, lines: int = 30) -> str:
        try:
            text = self.log.read_text(errors="replace")
        except OSError:
            return ""
        return f"--- {self.name} ({self.log}) ---\n" + "\n".join(text.splitlines()[-lines:])


def children(pid: int) -> list[int]:
    """Process ids whose parent is ``pid`` (gunicorn's workers are the children of its master)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # "pid (comm) state ppid …": comm may hold spaces and parentheses, so split after the last ")".
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return sorted(found)


# --- The processes ---------------------------------------------------------------------------------


def redis(workdir: Path, redis_server: str) -> tuple[Service, int]:
    port = free_port()
    args = [redis_server, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"]
    args += ["--daemonize", "no", "--dir", str(workdir)]
    service = Service("redis", args, workdir / "redis.log").start()

    def pong() -> bool:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")

    wait_until("redis-server answering PING", pong)
    return service, port


def gunicorn(name: str, workdir: Path, env: dict[str, str], workers: int = 2) -> tuple[Service, int]:
    port = free_port()
    own = env | {"GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": str(workers)}
    args = [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "wsgi:app"]
    return Service(name, args, workdir / f"{name}.log", env=own).start(), port


def wait_for_gunicorn(service: Service, port: int, workers: int = 2) -> None:
    def ready() -> bool:
        assert service.running(), service.tail()
        return len(children(service.pid)) == workers and http_ok(f"http://127.0.0.1:{port}/healthz")

    wait_until(f"{service.name} answering /healthz with {workers} workers", ready)


def flask(name: str, workdir: Path, env: dict[str, str], *command: str) -> Service:
    args = [sys.executable, "-m", "flask", "--app", "wsgi", *command]
    return Service(name, args, workdir / f"{name}.log", env=env)


def run_flask(workdir: Path, env: dict[str, str], *command: str, timeout: float = 120) -> None:
    """``flask <command>`` to the end; its output is in the assertion when it fails."""
    result = subprocess.run(  # nosec B603 - the venv's python with fixed arguments
        [sys.executable, "-m", "flask", "--app", "wsgi", *command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    (workdir / f"flask-{command[0]}.log").write_text(result.stdout + result.stderr)
    assert result.returncode == 0, f"flask {' '.join(command)} failed:\n{result.stdout}\n{result.stderr}"


# --- nginx ---------------------------------------------------------------------------------------


def _substitute(text: str, old: str, new: str, *, count: int | None = None, regex: bool = False) -> str:
    """Replace and insist the shipped file still has what is replaced (else the test would test something else)."""
    pattern = old if regex else re.escape(old)
    found = len(re.findall(pattern, text))
    assert found and (count is None or found == count), f"deploy/nginx/talkshow.conf: expected {old!r} ({found}×)"
    return re.sub(pattern, new.replace("\\", "\\\\"), text)


def render_site(workdir: Path, https_port: int, http_port: int, upstreams: list[int]) -> str:
    """The shipped site file with this test's addresses, certificate and folders, nothing else changed but Host.

    ``Host $host`` drops the port: on 443 (production) that is what browsers send, but this test cannot
    listen on 443, and Flask-WTF's HTTPS referrer check compares the Referer's port with the Host's. So
    here nginx passes the Host header as the browser sent it (``$http_host``), as it would be on 443.
    """
    site = SITE_FILE.read_text()
    site = _substitute(site, "server 127.0.0.1:8000 ", f"server 127.0.0.1:{upstreams[0]} ", count=1)
    site = _substitute(site, "server 127.0.0.1:8001 ", f"server 127.0.0.1:{upstreams[1]} ", count=1)
    site = _substitute(site, r"(?m)^[ \t]*listen \[::\]:\d+[^;]*;\n", "", regex=True, count=2)  # loopback only
    site = _substitute(site, "listen 80;", f"listen 127.0.0.1:{http_port};", count=1)
    site = _substitute(site, "listen 443 ssl", f"listen 127.0.0.1:{https_port} ssl", count=1)
    site = _substitute(site, "server_name draaitdoor.example.org;", "server_name 127.0.0.1;", count=2)
    site = _substitute(site, r"ssl_certificate\s+\S+;", f"ssl_certificate {TLS / 'selfsigned-cert.pem'};", regex=True)
    site = _substitute(
        site, r"ssl_certificate_key\s+\S+;", f"ssl_certificate_key {TLS / 'selfsigned-key.pem'};", regex=True
    )
    site = _substitute(site, "/var/log/nginx/", f"{workdir}/")
    site = _substitute(site, "root /var/www/letsencrypt;", f"root {workdir}/acme;", count=1)
    site = _substitute(site, "alias /srv/talkshow/static/;", f"alias {ROOT / 'static'}/;", count=1)
    return _substitute(site, "proxy_set_header Host $host;", "proxy_set_header Host $http_host;")


def https_ok(port: int, path: str) -> bool:
    connection = http.client.HTTPSConnection("127.0.0.1", port, timeout=2, context=tls_context())
    try:
        connection.request("GET", path)
        return connection.getresponse().status == 200
    finally:
        connection.close()


def nginx(workdir: Path, nginx_binary: str, upstreams: list[int], https_port: int, http_port: int) -> Service:
    (workdir / "acme").mkdir(exist_ok=True)
    (workdir / "talkshow.conf").write_text(render_site(workdir, https_port, http_port, upstreams))
    temp_paths = "\n".join(
        f"    {kind}_temp_path {workdir}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    mime = "    include /etc/nginx/mime.types;\n" if Path("/etc/nginx/mime.types").is_file() else ""
    # As root nginx would hand its workers to "nobody", who cannot write this test's temporary folders.
    user = "user root root;\n" if os.geteuid() == 0 else ""
    (workdir / "nginx.conf").write_text(
        f"{user}worker_processes 2;\nerror_log {workdir}/error.log;\nevents {{ worker_connections 1024; }}\n"
        f"http {{\n{mime}    access_log {workdir}/access.log;\n{temp_paths}\n"
        f"    include {workdir}/talkshow.conf;\n}}\n"
    )
    args = [nginx_binary, "-p", str(workdir), "-e", f"{workdir}/error.log", "-c", f"{workdir}/nginx.conf"]
    check = subprocess.run([*args, "-t"], capture_output=True, text=True, timeout=30)  # nosec B603
    assert check.returncode == 0, check.stderr
    return Service("nginx", [*args, "-g", f"daemon off; pid {workdir}/nginx.pid;"], workdir / "nginx.log").start()
