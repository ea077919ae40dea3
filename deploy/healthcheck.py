#!/usr/bin/env python3
"""Wait until the web app answers ``GET /healthz`` with 200 ``{"status": "ok"}``; exit 0 then, 1 if it never does.

Standard library only. talkshow-web.service runs it as ``ExecStartPost=``, so ``systemctl start`` (and
``restart``) fails when gunicorn starts but the app is not healthy (no database, a bad setting):

    python3 deploy/healthcheck.py                      # http://127.0.0.1:$PORT/healthz, as gunicorn.conf.py binds
    python3 deploy/healthcheck.py --url http://127.0.0.1:8001/healthz --attempts 5 --interval 0.5

Without ``--url`` the address comes from ``GUNICORN_BIND`` (a ``host:port``; 0.0.0.0 is asked on 127.0.0.1),
else ``PORT`` (default 8000), the same settings deploy/gunicorn.conf.py reads from the environment file.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping

DEFAULT_ATTEMPTS = 20
DEFAULT_INTERVAL = 1.0  # seconds between tries: 20 tries ≈ 20 s
REQUEST_TIMEOUT = 2.0


def default_url(environ: Mapping[str, str]) -> str:
    bind = environ.get("GUNICORN_BIND", "").strip().split(",")[0].strip()
    if bind and not bind.startswith(("unix:", "fd://")) and ":" in bind:
        host, _, port = bind.rpartition(":")
        host = host.strip("[]")
        if host in {"", "0.0.0.0", "::"}:  # nosec B104 - a wildcard bind is asked on loopback
            host = "127.0.0.1"
        elif ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{port}/healthz"
    port = environ.get("PORT", "").strip() or "8000"
    return f"http://127.0.0.1:{port}/healthz"


def check_once(url: str, timeout: float = REQUEST_TIMEOUT) -> tuple[bool, str]:
    """One try: (healthy, what was seen)."""
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # nosec B310 - an address we were given
            status, body = response.status, response.read(4096)
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read(4096)
        error.close()
    except (urllib.error.URLError, OSError) as error:
        return False, f"no answer ({getattr(error, 'reason', error)})"
    try:
        healthy = status == 200 and json.loads(body).get("status") == "ok"
    except (ValueError, AttributeError):
        healthy = False
    return healthy, f"HTTP {status} {body[:200].decode('utf-8', 'replace')}"


def wait_healthy(url: str, attempts: int, interval: float) -> tuple[bool, str]:
    seen = "not tried"
    for attempt in range(1, attempts + 1):
        healthy, seen = check_once(url)
        if healthy:
            return True, f"{url} healthy after {attempt} tries"
        if attempt < attempts:
            time.sleep(interval)
    return False, f"{url} not healthy after {attempts} tries; last: {seen}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--url", default=None, help="the health URL (default: from GUNICORN_BIND or PORT)")
    parser.add_argument("--attempts", type=int, default=DEFAULT_ATTEMPTS, help="tries before giving up (20)")
    parser.add_argument("--interval", type=float, default=DEFAULT_INTERVAL, help="seconds between tries (1)")
    args = parser.parse_args(argv)
    if args.attempts < 1 or args.interval < 0:
        parser.error("--attempts must be at least 1 and --interval not negative")
    healthy, message = wait_healthy(args.url or default_url(os.environ), args.attempts, args.interval)
    print(f"healthcheck: {message}", file=sys.stdout if healthy else sys.stderr)
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main())
