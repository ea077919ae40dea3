"""The deployed topology under a registration rush, and under faults (see conftest.py for what runs).

Each test uses a talkshow of its own and a block of loopback source addresses of its own
(127.0.<block>.<n>), so the per-client rate limits of one phase never touch another.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import time

import pytest

from tests.mailing.smtp import text_part

from . import processes as proc
from .conftest import Topology, mail_figures
from .web import Visitor, addresses, rush

pytestmark = [pytest.mark.topology, pytest.mark.timeout(200)]

WORKERS_PER_INSTANCE = 2


def check_seats(topology: Topology, slug: str, capacity: int) -> dict[str, int]:
    seats = topology.seats(slug)
    return {
        "capacity": capacity,
        "confirmed": seats.confirmed,
        "waitlisted": seats.waitlisted,
        "registrations": len(seats.emails),
        "overbooked": max(0, seats.confirmed - capacity),
    }


def test_a_rush_through_nginx_gives_exactly_the_seats_and_one_mail_each(topology: Topology):
    """300 registrations from 30 visitors, 24 at a time, through nginx to both instances."""
    capacity = 20
    slug = topology.seed("stormloop", capacity)
    outcome = rush(topology.port, slug, addresses(1, 30), 10, "rush-{n}@rush.example.org", concurrency=24)
    seats = topology.seats(slug)
    received, took = topology.wait_for_mails("rush.example.org", seats.emails, timeout=60)
    figures = outcome.figures() | check_seats(topology, slug, capacity) | mail_figures(seats.emails, received)
    topology.record("rush", figures | {"mails_within_s": round(took, 1)})

    assert outcome.problems() == [], "every registration answers 303 to 'check your mail'"
    assert (seats.confirmed, seats.waitlisted) == (capacity, 300 - capacity)
    assert seats.emails == set(outcome.emails(303))
    assert figures["recipients_missing"] == 0 and figures["duplicates"] == 0 and figures["unexpected_recipients"] == 0
    assert took < 60


def test_the_per_client_limit_counts_in_redis_across_both_instances(topology: Topology):
    """Ten a minute per client: the eleventh try from one address is refused, whichever worker gets it."""
    slug = topology.seed("een-adres", 100)
    visitor = Visitor(topology.port, "127.0.9.1")
    visitor.open_form(slug)
    statuses = [visitor.register(slug, "Eén Adres", f"limit-{n}@limit.example.org").status for n in range(11)]
    neighbour = Visitor(topology.port, "127.0.9.2")
    neighbour.open_form(slug)
    other = neighbour.register(slug, "Buur", "buur@limit.example.org").status
    served_by = {
        name: topology.services[name].log.read_text().count(f"POST /talkshows/{slug}/register")
        for name in ("gunicorn-a", "gunicorn-b")
    }
    topology.record("per_client_limit", {"statuses": statuses, "other_address": other, "posts_per_instance": served_by})

    assert statuses == [303] * 10 + [429]
    assert other == 303, "another client is not limited by its neighbour"
    assert all(served_by.values()), f"nginx spread the tries over both instances: {served_by}"


def test_nginx_redirects_plain_http_and_serves_static_files_itself(topology: Topology):
    plain = http.client.HTTPConnection("127.0.0.1", topology.http_port, timeout=10)
    try:
        plain.request("GET", "/talkshows?x=1")
        redirect = plain.getresponse()
        redirect.read()
    finally:
        plain.close()
    stylesheet = sorted((proc.ROOT / "static" / "css").glob("*.css"))[0].name
    static = Visitor(topology.port, "127.0.10.1").request("GET", f"/static/css/{stylesheet}")
    topology.record(
        "nginx",
        {"http_status": redirect.status, "location": redirect.getheader("Location"), "static_status": static.status}
        | {"static_cache_control": static.headers.get("cache-control")},
    )

    assert redirect.status == 301 and redirect.getheader("Location", "").startswith("https://127.0.0.1")
    assert redirect.getheader("Location", "").endswith("/talkshows?x=1")
    assert static.status == 200
    assert {"max-age=604800", "public"} <= set(static.headers.get("cache-control", "").split(", ")), static.headers
    assert "x-request-id" not in static.headers, "static files never reach the app"


def test_a_gunicorn_worker_killed_mid_rush_loses_no_registration(topology: Topology):
    capacity = 20
    slug = topology.seed("omgevallen-worker", capacity)
    master = topology.services["gunicorn-a"]
    killed: list[int] = []

    def strike(done: int) -> None:
        if not killed and done >= 40:
            victim = proc.children(master.pid)[0]
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)

    outcome = rush(
        topology.port, slug, addresses(2, 16), 10, "kill-{n}@killweb.example.org", concurrency=24, during=strike
    )
    proc.wait_for_gunicorn(master, topology.ports["gunicorn-a"], WORKERS_PER_INSTANCE)  # the master replaced it
    seats = topology.seats(slug)
    received, took = topology.wait_for_mails("killweb.example.org", seats.emails, timeout=60)
    figures = outcome.figures() | check_seats(topology, slug, capacity) | mail_figures(seats.emails, received)
    topology.record("gunicorn_worker_killed", figures | {"killed_pid": killed, "mails_within_s": round(took, 1)})

    assert killed, "the rush ended before the worker was killed"
    failed = [(email, answer.status) for email, answer in outcome.answers if answer.status != 303]
    # nginx does not resend a POST a dying worker had already received: at most that one answers 502.
    assert len(failed) <= len(killed) and all(status == 502 for _, status in failed), failed
    assert figures["overbooked"] == 0 and seats.confirmed == capacity
    assert seats.waitlisted == len(seats.emails) - capacity
    assert set(outcome.emails(303)) <= seats.emails, "every 303 is a stored registration"
    assert figures["recipients_missing"] == 0 and figures["duplicates"] == 0 and figures["unexpected_recipients"] == 0


def test_a_mail_worker_killed_mid_delivery_loses_nothing(topology: Topology):
    domain = "killmail.example.org"
    assert topology.services["mail-worker"].stop(signal.SIGTERM) == 0, "SIGTERM ends the worker cleanly"
    slug = topology.seed("postbode-valt-om", 10)
    outcome = rush(topology.port, slug, addresses(3, 8), 10, "mail-{n}@" + domain, concurrency=16)
    assert outcome.problems() == []
    seats = topology.seats(slug)
    assert topology.received(domain) == {}, "no worker runs: the web requests only queue (MAIL_SEND_AFTER_REQUEST)"

    topology.inbox.delay = 0.05  # a slower server, so the kill lands mid-delivery
    worker = topology.start_mail_worker()
    proc.wait_until("the worker delivering", lambda: sum(topology.received(domain).values()) >= 20, timeout=30)
    worker.stop(signal.SIGKILL)
    at_kill = sum(topology.received(domain).values())
    dead = topology.claims(domain)  # what the dead worker had claimed and not finished
    topology.inbox.delay = 0.0
    topology.start_mail_worker()

    def only_the_dead_claim_is_left() -> bool:
        return topology.outbox(domain)["queued"] == sum(topology.claims(domain).get(t, 0) for t in dead)

    # The new worker sends everything except what the dead one holds (a lease of 5 minutes) ...
    proc.wait_until("the rest delivered, the dead worker's claim left alone", only_the_dead_claim_is_left, timeout=30)
    time.sleep(1.0)
    held = topology.outbox(domain)["queued"]
    before_lease_end = topology.received(domain)
    # ... which does not fit a test: move the end of the dead worker's lease to now (and NOTIFY).
    expired = topology.expire_leases(set(dead))
    received, took = topology.wait_for_mails(domain, seats.emails, timeout=30)
    figures = outcome.figures() | mail_figures(seats.emails, received)
    early = sum(n - 1 for n in before_lease_end.values())
    topology.record(
        "mail_worker_killed",
        figures
        | {"received_at_kill": at_kill, "held_by_dead_worker": held, "leases_expired": expired}
        | {"duplicates_before_lease_end": early, "delivered_within_s_after_lease": round(took, 1)},
    )

    assert held == expired == sum(dead.values()) > 0
    assert figures["recipients_missing"] == 0, "nothing is lost"
    assert figures["duplicates"] <= 1, "at most the mail in flight at the kill is sent twice"
    assert early == 0, "the new worker leaves the rows under a live lease alone"


def test_a_black_holed_smtp_server_slows_no_registration(topology: Topology):
    """The mail server accepts connections and never answers: registering stays fast, mail comes later."""
    domain = "blackhole.example.org"
    slug = topology.seed("stille-server", 10)
    sources = addresses(4, 6)
    topology.blackhole_smtp()
    try:
        first = rush(topology.port, slug, sources, 3, "bh-a{n}@" + domain, concurrency=6)
        # The worker's SMTP try runs into MAIL_TIMEOUT_SECONDS (5 s); meanwhile people go on registering.
        proc.wait_until("a delivery timed out", lambda: topology.outbox(domain)["retried"] > 0, timeout=20)
        healed: list[float] = []

        def heal(done: int) -> None:
            if not healed and done >= 9:
                topology.heal_smtp()
                healed.append(time.monotonic())

        second = rush(topology.port, slug, sources, 3, "bh-b{n}@" + domain, concurrency=6, during=heal)
    finally:
        if topology.smtp.controller is None:
            topology.heal_smtp()
    outcome = first
    outcome.answers += second.answers
    seats = topology.seats(slug)
    failed_tries = topology.outbox(domain)["retried"]
    # What failed while the server was silent waits for its first retry (1 minute), then arrives.
    received, took = topology.wait_for_mails(domain, seats.emails, timeout=100)
    figures = outcome.figures() | mail_figures(seats.emails, received)
    topology.record(
        "smtp_black_holed", figures | {"failed_tries": failed_tries, "mails_within_s_of_healing": round(took, 1)}
    )

    assert outcome.problems() == []
    assert outcome.max_latency < 1.0, "registering never waits for the mail server"
    assert figures["recipients_missing"] == 0 and figures["duplicates"] == 0
    # A failed try waits 1 minute (retry.BACKOFF_MINUTES); then the worker takes the whole failed batch at once.
    assert took < 75, "held mails are sent when their retry time comes, not a poll interval later"


def test_a_browser_on_the_waiting_list_gets_the_seat_someone_cancels(topology: Topology):
    """Chromium over HTTPS through nginx: full talkshow → waiting list; a cancel promotes and mails."""
    from .journey import cancel_from_mail, chromium, register_in_browser

    domain = "browser.example.org"
    slug = topology.seed("een-stoel", 1)
    seated, waiting = f"anna@{domain}", f"bram@{domain}"
    with chromium(topology) as new_context:
        for name, email in (("Anna Stoel", seated), ("Bram Wacht", waiting)):
            register_in_browser(new_context, topology, slug, name, email)
        mails, _took = topology.wait_for_mails(domain, {seated, waiting}, timeout=30)
        assert mails == {seated: 1, waiting: 1}
        assert (topology.seats(slug).confirmed, topology.seats(slug).waitlisted) == (1, 1)
        status, page_text = cancel_from_mail(new_context, topology, topology.inbox.to(seated)[0])
    promoted_deadline = time.monotonic() + 30
    while time.monotonic() < promoted_deadline and len(topology.inbox.to(waiting)) < 2:
        time.sleep(0.2)
    bram = topology.inbox.to(waiting)
    seats = topology.seats(slug)
    topology.record(
        "browser_journey",
        {
            "cancel_status": status,
            "confirmed": seats.confirmed,
            "cancelled": seats.cancelled,
            "mails_to_bram": len(bram),
        },
    )

    assert status == 200, f"the cancel form answers {status} (Referrer-Policy / CSRF referrer check?)"
    assert "geannuleerd" in page_text.lower()
    assert (seats.confirmed, seats.waitlisted, seats.cancelled) == (1, 0, 1)
    assert len(bram) == 2, "Bram gets a second mail: the seat is his"
    assert "vrijgekomen" in str(bram[1]["Subject"]).lower() or "stoel" in str(bram[1]["Subject"]).lower()
    link = re.search(r"https://127\.0\.0\.1:\d+/registrations/([\w-]+)", text_part(bram[1], "plain") or "")
    assert link, "the promotion mail carries Bram's personal link"
    anna_token = re.search(r"/registrations/([\w-]+)", text_part(topology.inbox.to(seated)[0], "plain") or "")
    assert anna_token
    for log in topology.logs_on_disk():
        assert anna_token.group(1) not in log.read_text(errors="replace"), f"a personal link's token is in {log.name}"
