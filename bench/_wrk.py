"""The load-generator plumbing of bench/http.py: wrk runs and their parsing, the registration rush script,
and gunicorn servers on free loopback ports."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WRK = shutil.which("wrk") or "/usr/bin/wrk"
CONNECTIONS = 16
SECONDS = int(os.environ.get("BENCH_HTTP_SECONDS", "3"))


@dataclass(frozen=True)
class Load:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    requests: int


# --- wrk ---------------------------------------------------------------------------------------------


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def parse_wrk(output: str) -> Load:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.M)
    requests = int(re.search(r"(\d+) requests in", output).group(1))  # type: ignore[union-attr]
    errors = 0
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        errors += int(non_2xx.group(1))
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if sockets:
        errors += sum(int(n) for n in sockets.groups())
    return Load(rps, _ms(p50.group(1)) if p50 else 0.0, _ms(p99.group(1)) if p99 else 0.0, errors, requests)


def wrk(url: str, script: Path | None = None, connections: int = CONNECTIONS, seconds: int = SECONDS) -> Load:
    args = [WRK, "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency"]
    if script:
        args += ["-s", str(script)]
    result = subprocess.run(args + [url], capture_output=True, text=True, timeout=seconds + 30)  # nosec B603
    if result.returncode != 0:
        raise RuntimeError(f"wrk failed: {result.stderr or result.stdout}")
    return parse_wrk(result.stdout)


def wrk_together(jobs: Sequence[tuple[str, Path | None, int]]) -> list[Load]:
    """Several wrk at once (one per app instance); each gets its share of the connections."""
    processes = []
    for url, script, connections in jobs:
        args = [WRK, "-t1", f"-c{connections}", f"-d{SECONDS}s", "--timeout", "10s", "--latency"]
        args += (["-s", str(script)] if script else []) + [url]
        processes.append(subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))  # nosec
    return [parse_wrk(process.communicate(timeout=SECONDS + 30)[0]) for process in processes]


RUSH_SCRIPT = """
-- POSTs the registration form; every request a new e-mail address (thread id + counter + run tag).
local counter = 0
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end
request = function()
  counter = counter + 1
  local body = [==[{body}]==] .. "&email=rush-" .. [==[{tag}]==] .. "-" .. id .. "-" .. counter .. "%40example.org"
  return wrk.format("POST", [==[{path}]==], {{
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = [==[{cookie}]==],
  }}, body)
end
"""


def rush_script(folder: Path, tag: str, path: str, token: str, cookie: str) -> Path:
    body = urllib.parse.urlencode({"name": "Rush Deelnemer", "consent": "y", "csrf_token": token})
    script = folder / f"rush-{tag}.lua"
    script.write_text(RUSH_SCRIPT.format(body=body, tag=tag, path=path, cookie=cookie), encoding="utf-8")
    return script


# --- processes ---------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get_text(url: str, opener: urllib.request.OpenerDirector | None = None) -> str:
    with (opener or urllib.request.build_opener()).open(url, timeout=10) as response:  # nosec B310 - loopback
        return str(response.read().decode("utf-8"))


class Server:
    """One gunicorn master (``module:app``) on a free loopback port."""

    def __init__(self, target: str, env: dict[str, str], workers: int, log: Path, ready_path: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        args = [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--worker-class", "sync"]
        args += ["--bind", f"127.0.0.1:{self.port}", "--log-level", "warning", "--timeout", "60", target]
        self.log = log
        with log.open("ab") as out:
            self.process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)  # nosec
        deadline = time.monotonic() + 60
        while True:
            try:
                get_text(self.url + ready_path)
                break
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{target} did not start: {log.read_text()[-2000:]}") from None
                time.sleep(0.2)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
