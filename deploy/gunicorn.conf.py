"""gunicorn settings for Den Haag Draait Door: ``gunicorn -c deploy/gunicorn.conf.py wsgi:app``.

Everything a host may want to change comes from the environment (systemd's EnvironmentFile):

    GUNICORN_BIND     address to listen on (default 127.0.0.1:$PORT, PORT default 8000)
    GUNICORN_WORKERS  worker processes (default 2 × CPUs + 1, at most 8)
    GUNICORN_THREADS  threads per worker (default 1)
    GUNICORN_TIMEOUT  seconds before a silent worker is restarted (default 30)

At start it warns when production counts rate limits in memory (``RATELIMIT_STORAGE_URI`` unset or
``memory://``) with more than one worker: each worker would count on its own.

Access log lines go to stdout and errors to stderr (both into the journal), with the request id
nginx sent (``X-Request-ID``, echoed by the app) and with the secret part of private links masked:
``/registrations/<token>`` is anyone's key to their registration, so it never reaches a log file.
"""

from __future__ import annotations

import multiprocessing
import os
import re
from collections.abc import Mapping

from gunicorn.glogging import Logger


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


bind = os.environ.get("GUNICORN_BIND", "").strip() or f"127.0.0.1:{_int('PORT', 8000)}"
workers = _int("GUNICORN_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 8))
threads = _int("GUNICORN_THREADS", 1)
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = 30  # a restart lets running requests finish
keepalive = 5
# A worker is replaced after this many requests, so a slow leak cannot grow for ever.
max_requests = 2000
max_requests_jitter = 200
proc_name = "talkshow-web"
# No gunicornc control socket (gunicorn ≥ 25.1): two instances on one host would share its path.
control_socket_disable = True
# Client address and scheme come from the app (TRUSTED_PROXIES → werkzeug ProxyFix), one place only.
forwarded_allow_ips = ""

accesslog = "-"  # stdout
errorlog = "-"  # stderr
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s" request_id=%({x-request-id}o)s'

# Private links: the token after /registrations/ (a registrant's key) and the check-in code.
# Also URL-encoded (``?next=%2Fregistrations%2F…``).
_SECRET_PATHS = re.compile(r"((?:/|%2F)(?:registrations|organiser(?:/|%2F)checkin)(?:/|%2F))[^/?#&\s\"%]+", re.I)
MASK = "[hidden]"


def mask_tokens(text: str) -> str:
    """``/registrations/abc123/cancel`` → ``/registrations/[hidden]/cancel``; other text unchanged."""
    return _SECRET_PATHS.sub(lambda match: match.group(1) + MASK, text)


class MaskingLogger(Logger):
    """gunicorn's logger whose access-log fields (request line, path, referrer, headers) have tokens masked.

    ``access_log_format`` alone cannot do this: it only picks fields, it cannot rewrite them.
    """

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: mask_tokens(value) if isinstance(value, str) else value for key, value in atoms.items()}


logger_class = MaskingLogger


def rate_limit_warning(worker_count: int, environ: Mapping[str, str]) -> str | None:
    """The start-up warning for production rate limits counted per worker process, or None."""
    if environ.get("APP_ENV", "").strip().lower() != "production" or worker_count <= 1:
        return None
    if environ.get("RATELIMIT_ENABLED", "").strip().lower() in {"0", "false", "no", "off"}:
        return None
    storage = environ.get("RATELIMIT_STORAGE_URI", "").strip() or "memory://"
    if not storage.startswith("memory://"):
        return None
    return (
        f"RATELIMIT_STORAGE_URI is {storage} with {worker_count} workers and APP_ENV=production: each worker "
        f"counts rate limits on its own, so a visitor gets up to {worker_count} times each limit. "
        "Point RATELIMIT_STORAGE_URI at Redis (redis://host:6379/0)."
    )


def on_starting(server) -> None:
    """gunicorn's hook in the master, before the workers start: it knows the real worker count (also ``-w``)."""
    warning = rate_limit_warning(int(server.cfg.workers), os.environ)
    if warning:
        server.log.warning(warning)
