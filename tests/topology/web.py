"""Simulated visitors: HTTPS through nginx from their own loopback address, each with a session and CSRF token.

Every address in 127.0.0.0/8 is loopback on Linux, so binding the client socket to 127.0.<n>.<m> makes
nginx see distinct clients (``$remote_addr``), exactly as it sees real ones: it writes them into
``X-Forwarded-For`` and the app's per-client rate limits count them apart. Only the standard library is
used (http.client over an ssl context), so the test needs no HTTP client package.
"""

from __future__ import annotations

import http.client
import re
import ssl
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')
REQUEST_TIMEOUT = 40.0


def tls_context() -> ssl.SSLContext:
    """The test certificate is self-signed for draaitdoor.example.org: encrypt, but do not verify."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


@dataclass
class Answer:
    status: int  # 0: no HTTP answer (connection reset, timeout)
    headers: dict[str, str]
    body: str
    seconds: float
    error: str = ""


class Visitor:
    """One person's browser, reduced to what registering needs: a source address, cookies, a CSRF token."""

    def __init__(self, port: int, source: str) -> None:
        self.port = port
        self.source = source
        self.base = f"https://127.0.0.1:{port}"
        self.cookies: dict[str, str] = {}
        self.csrf_token = ""
        self._lock = threading.Lock()
        self._context = tls_context()

    def request(self, method: str, path: str, form: dict[str, str] | None = None, referer: str = "") -> Answer:
        headers = {"User-Agent": "topology-test", "Accept-Language": "nl"}
        with self._lock:
            if self.cookies:
                headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if referer:
            headers["Referer"] = self.base + referer
        connection = http.client.HTTPSConnection(
            "127.0.0.1", self.port, timeout=REQUEST_TIMEOUT, context=self._context, source_address=(self.source, 0)
        )
        start = time.monotonic()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            headers_in: dict[str, str] = {}
            for name, value in response.getheaders():  # repeated headers joined, as HTTP allows
                headers_in[name.lower()] = (
                    f"{headers_in[name.lower()]}, {value}" if name.lower() in headers_in else value
                )
            answer = Answer(response.status, headers_in, text, 0.0)
            self._keep_cookies(response.headers.get_all("Set-Cookie") or [])
        except (OSError, http.client.HTTPException) as error:
            answer = Answer(0, {}, "", 0.0, error=f"{type(error).__name__}: {error}")
        finally:
            connection.close()
        answer.seconds = time.monotonic() - start
        return answer

    def _keep_cookies(self, set_cookies: list[str]) -> None:
        with self._lock:
            for line in set_cookies:
                name, _, value = line.split(";", 1)[0].partition("=")
                self.cookies[name.strip()] = value.strip()

    def open_form(self, slug: str) -> None:
        """GET the registration page (as a browser does first): the session cookie and its CSRF token."""
        answer = self.request("GET", f"/talkshows/{slug}/register")
        assert answer.status == 200, f"GET register page from {self.source}: {answer.status} {answer.error}"
        found = CSRF.search(answer.body)
        assert found, "no csrf_token in the registration form"
        self.csrf_token = found.group(1) or found.group(2)

    def register(self, slug: str, name: str, email: str) -> Answer:
        form = {"csrf_token": self.csrf_token, "name": name, "email": email, "consent": "y"}
        path = f"/talkshows/{slug}/register"
        return self.request("POST", path, form=form, referer=path)


@dataclass
class Rush:
    """The outcome of many registrations at once."""

    answers: list[tuple[str, Answer]] = field(default_factory=list)  # (e-mail, answer)
    seconds: float = 0.0

    @property
    def statuses(self) -> Counter[int]:
        return Counter(answer.status for _, answer in self.answers)

    def emails(self, status: int) -> list[str]:
        return [email for email, answer in self.answers if answer.status == status]

    @property
    def max_latency(self) -> float:
        return max((answer.seconds for _, answer in self.answers), default=0.0)

    def figures(self) -> dict[str, Any]:
        statuses = self.statuses
        return {
            "requests": len(self.answers),
            "303": statuses.get(303, 0),
            "429": statuses.get(429, 0),
            "5xx": sum(n for status, n in statuses.items() if status >= 500),
            "no_answer": statuses.get(0, 0),
            "other": sum(n for status, n in statuses.items() if status not in (0, 303, 429) and status < 500),
            "statuses": {str(status): n for status, n in sorted(statuses.items())},
            "max_latency_s": round(self.max_latency, 3),
            "seconds": round(self.seconds, 2),
        }

    def problems(self) -> list[str]:
        """A line per answer that was not a redirect to "check your mail" (for assertion messages)."""
        return [
            f"{email}: {answer.status} {answer.error or answer.body[:200]!r}"
            for email, answer in self.answers
            if answer.status != 303 or "/registered" not in answer.headers.get("location", "")
        ]


def addresses(block: int, count: int) -> list[str]:
    """``count`` loopback source addresses 127.0.<block>.1 … (one block per phase: rate limits never mix)."""
    assert 1 <= block <= 254 and 1 <= count <= 254
    return [f"127.0.{block}.{n}" for n in range(1, count + 1)]


def rush(
    port: int,
    slug: str,
    sources: list[str],
    per_source: int,
    email: str,
    *,
    concurrency: int = 24,
    during: Any = None,
) -> Rush:
    """Every source opens the form, then all registrations go at once (``concurrency`` in flight).

    ``email`` is a format string with ``{n}``. ``during(done_count)`` is called from the main thread while
    the rush runs (every ~20 ms), so a test can strike (kill a worker) at a chosen moment.
    """
    visitors = [Visitor(port, source) for source in sources]
    with ThreadPoolExecutor(max_workers=min(concurrency, len(visitors))) as pool:
        list(pool.map(lambda visitor: visitor.open_form(slug), visitors))
    jobs = [(visitors[n % len(visitors)], email.format(n=n)) for n in range(len(visitors) * per_source)]
    result = Rush()
    lock = threading.Lock()

    def one(job: tuple[Visitor, str]) -> None:
        visitor, address = job
        answer = visitor.register(slug, f"Bezoeker {address.split('@')[0]}", address)
        with lock:
            result.answers.append((address, answer))

    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        futures = [pool.submit(one, job) for job in jobs]
        while not all(future.done() for future in futures):
            if during is not None:
                with lock:
                    done = len(result.answers)
                during(done)
            time.sleep(0.02)
        for future in futures:
            future.result()
    result.seconds = time.monotonic() - start
    return result
