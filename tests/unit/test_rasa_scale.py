"""Issue 9, scale-out: several Rasa servers behind one client (bot/rasa_client.py).

Each server is a local HTTP stand-in on a real socket (no mock of requests): it answers,
hangs past the read timeout, drops the connection after reading the request, answers 500,
refuses connections (nothing listens), or cannot accept (its backlog is full: the connect
times out). Every request a stand-in received is recorded, so "sent to exactly one server"
is checked on the wire.
"""
from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bot import inbox, rasa_client
from bot.core.redis_client import get_redis
from bot.core.settings import load_settings, parse_rasa_urls
from bot.health import check_parts, rasa_servers
from tests.support import free_port

SENDER = "+6281234567890"


class StandIn:
    """One stand-in Rasa server in ``mode``: ok, slow, drop, error, refused, backlog."""

    def __init__(self, mode: str):
        self.mode = mode
        self.received: list[tuple[str, str]] = []
        self.release = threading.Event()
        self.server = None
        self.holders: list[socket.socket] = []
        if mode == "refused":
            self.url = f"http://127.0.0.1:{free_port()}"
        elif mode == "backlog":
            self.listener = socket.socket()
            self.listener.bind(("127.0.0.1", 0))
            self.listener.listen(0)
            port = self.listener.getsockname()[1]
            for _ in range(8):  # fill the accept queue: the next connect gets no answer
                s = socket.socket()
                s.setblocking(False)
                s.connect_ex(("127.0.0.1", port))
                self.holders.append(s)
            self.url = f"http://127.0.0.1:{port}"
        else:
            self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
            self.server.daemon_threads = True
            threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()
            self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def _handler(self):
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self, method: str):
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                stand_in.received.append((method, self.path.split("?")[0]))
                if stand_in.mode == "slow":
                    stand_in.release.wait(3)
                if stand_in.mode == "drop":
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                if stand_in.mode == "error":
                    self.send_response(500)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if self.path.startswith("/webhooks/rest/webhook"):
                    body = [{"text": f"from {stand_in.url}"}]
                elif self.path.startswith("/status"):
                    body = {"model_file": "model.tar.gz"}
                else:
                    body = {"sender_id": self.path.split("/")[2], "events": [], "answered_by": stand_in.url}
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):
                self._answer("POST")

            def do_GET(self):
                self._answer("GET")

        return Handler

    def turns(self) -> int:
        return sum(1 for method, path in self.received if method == "POST")

    def close(self) -> None:
        self.release.set()
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
        for s in self.holders:
            s.close()
        if self.mode == "backlog":
            self.listener.close()


@pytest.fixture
def fast(monkeypatch):
    """Short timeouts: a slow server times out in 0.5 s, a full backlog in 0.3 s."""
    monkeypatch.setattr(rasa_client, "TURN_TIMEOUT", 0.5)
    monkeypatch.setattr(rasa_client, "API_TIMEOUT", 0.5)
    monkeypatch.setattr(rasa_client, "CONNECT_TIMEOUT", 0.3)


@pytest.fixture(params=["urllib3", "requests"])
def pool(fast, request, monkeypatch):
    """pool("ok", "refused") -> (settings, sender, stand-ins): a sender that tries the
    stand-ins in exactly the order given; every test runs on both transports (urllib3's
    keep-alive pool; requests, which carries a server the environment proxies)."""
    monkeypatch.setattr(rasa_client, "_proxied", lambda host: request.param == "requests")
    made: list[StandIn] = []

    def make(*modes: str):
        stand_ins = [StandIn(mode) for mode in modes]
        made.extend(stand_ins)
        urls = [s.url for s in stand_ins]
        settings = load_settings({"RASA_URL": ",".join(sorted(urls)), "RASA_TOKEN": "t"})
        sender = next(f"+62812{n:07d}" for n in range(10000) if rasa_client.servers(settings, f"+62812{n:07d}") == urls)
        return settings, sender, stand_ins

    yield make
    for stand_in in made:
        stand_in.close()


# ---------------------------------------------------------------- configuration

@pytest.mark.parametrize("value, expected", [
    ("", ()),
    ("http://127.0.0.1:5005", ("http://127.0.0.1:5005",)),
    ("http://127.0.0.1:5005/", ("http://127.0.0.1:5005",)),
    ("http://127.0.0.1:5005,http://127.0.0.1:5006", ("http://127.0.0.1:5005", "http://127.0.0.1:5006")),
    (" http://a:1/ , http://b:2 ,, http://a:1", ("http://a:1", "http://b:2")),
])
def test_rasa_url_may_name_several_servers(value, expected):
    assert parse_rasa_urls(value) == expected


def test_settings_keep_the_single_url_form():
    one = load_settings({"RASA_URL": "http://127.0.0.1:5005/"})
    assert (one.rasa_url, one.rasa_urls) == ("http://127.0.0.1:5005", ("http://127.0.0.1:5005",))
    assert load_settings({}).rasa_urls == ("http://127.0.0.1:5005",)
    two = load_settings({"RASA_URL": "http://h:5005,http://h:5006"})
    assert (two.rasa_url, two.rasa_urls) == ("http://h:5005", ("http://h:5005", "http://h:5006"))


# ---------------------------------------------------------------- picking a server

def test_one_server_is_every_senders_only_server():
    settings = load_settings({"RASA_URL": "http://127.0.0.1:5005"})
    assert {tuple(rasa_client.servers(settings, f"+62812{n:07d}")) for n in range(50)} == {("http://127.0.0.1:5005",)}


@pytest.mark.parametrize("count", [2, 3, 4])
def test_each_sender_has_a_stable_order_and_the_load_is_spread(count):
    urls = [f"http://127.0.0.1:{5005 + i}" for i in range(count)]
    settings = load_settings({"RASA_URL": ",".join(urls)})
    reversed_settings = load_settings({"RASA_URL": ",".join(reversed(urls))})
    senders = [f"+62813{n:07d}" for n in range(2000)]
    firsts = {url: 0 for url in urls}
    for sender in senders:
        order = rasa_client.servers(settings, sender)
        assert sorted(order) == sorted(urls)                               # every server, once
        assert order == rasa_client.servers(settings, sender)               # deterministic
        assert order == rasa_client.servers(reversed_settings, sender)      # whatever order RASA_URL lists
        firsts[order[0]] += 1
    for n in firsts.values():                                               # spread: each gets its share
        assert abs(n - len(senders) / count) < 0.15 * len(senders) / count, firsts


def test_a_server_taken_away_moves_only_its_own_senders():
    urls = [f"http://127.0.0.1:{5005 + i}" for i in range(3)]
    three = load_settings({"RASA_URL": ",".join(urls)})
    two = load_settings({"RASA_URL": ",".join(urls[:2])})
    for n in range(500):
        sender = f"+62814{n:07d}"
        before = rasa_client.servers(three, sender)
        after = rasa_client.servers(two, sender)
        assert after == [url for url in before if url in urls[:2]]          # same order, the gone one left out


def test_the_order_is_the_same_in_every_process():
    """A BLAKE2 hash, not Python's salted hash(): the webhook's workers and the RQ worker agree."""
    import subprocess
    import sys

    code = ("from bot import rasa_client; from bot.core.settings import load_settings; "
            "s = load_settings({'RASA_URL': 'http://a:1,http://b:2,http://c:3'}); "
            "print([rasa_client.servers(s, '+6281%d' % n)[0][-1] for n in range(20)])")
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={"PYTHONHASHSEED": str(seed), "PATH": ""}, cwd=str(inbox.__file__).rsplit("/bot/", 1)[0]
                           ).stdout for seed in (1, 2)}
    assert len(runs) == 1 and runs != {""}


# ---------------------------------------------------------------- a turn: failover only before the request went out

# (modes in the sender's order, what send does, turns each stand-in received)
SEND_CASES = [
    ("both up: the sender's own server", ("ok", "ok"), "answer 0", [1, 0]),
    ("own server refuses: the next one", ("refused", "ok"), "answer 1", [0, 1]),
    ("own server cannot accept (connect times out): the next one", ("backlog", "ok"), "answer 1", [0, 1]),
    ("own server too slow: may have run, not resent", ("slow", "ok"), "RasaUnavailable", [1, 0]),
    ("own server dropped the connection after the request: not resent", ("drop", "ok"), "RasaUnavailable", [1, 0]),
    ("own server answered 500: not resent", ("error", "ok"), "RasaBadResponse", [1, 0]),
    ("nobody reachable", ("refused", "backlog"), "RasaUnreachable", [0, 0]),
    ("next one too slow after a refusal", ("refused", "slow"), "RasaUnavailable", [0, 1]),
    ("three servers, two refuse", ("refused", "refused", "ok"), "answer 2", [0, 0, 1]),
]


@pytest.mark.parametrize("label, modes, outcome, turns", SEND_CASES, ids=[c[0] for c in SEND_CASES])
def test_a_turn_moves_on_only_when_no_connection_was_made(pool, label, modes, outcome, turns):
    settings, sender, stand_ins = pool(*modes)
    if outcome.startswith("answer"):
        chosen = stand_ins[int(outcome.split()[1])]
        assert rasa_client.send(sender, "halo", {"message_id": 1}, settings=settings) == [
            {"text": f"from {chosen.url}"}]
    else:
        with pytest.raises(rasa_client.RasaError) as raised:
            rasa_client.send(sender, "halo", {"message_id": 1}, settings=settings)
        assert type(raised.value).__name__ == outcome, raised.value
        if outcome == "RasaUnreachable":
            assert str(raised.value).startswith(rasa_client.UNREACHABLE)
        else:   # the stored error names the server the turn went to (bot/inbox.py waits for that one)
            went = stand_ins[turns.index(1)]
            assert rasa_client.server_in(settings, f"rasa: {raised.value}") == went.url
    assert [s.turns() for s in stand_ins] == turns


# ---------------------------------------------------------------- reads and health: any server that answers

@pytest.mark.parametrize("modes", [("ok", "ok"), ("refused", "ok"), ("slow", "ok"), ("error", "ok"), ("backlog", "ok")])
def test_the_tracker_is_read_from_any_server_that_answers(pool, modes):
    settings, sender, stand_ins = pool(*modes)
    if modes[0] == "error":   # an error answer is an answer (a wrong token is wrong on every server)
        with pytest.raises(rasa_client.RasaBadResponse):
            rasa_client.tracker(settings, sender)
        return
    answered = rasa_client.tracker(settings, sender)["answered_by"]
    assert answered == stand_ins[0 if modes[0] == "ok" else 1].url


def test_the_tracker_fails_when_no_server_answers(pool):
    settings, sender, _ = pool("refused", "slow")
    with pytest.raises(rasa_client.RasaUnavailable):
        rasa_client.tracker(settings, sender)


@pytest.mark.parametrize("mode, responsive", [
    ("ok", True),            # it answers: its backlog is worked off
    ("refused", True),       # nothing listens: a process that is gone runs nothing
    ("slow", False),         # paused or overloaded: a turn sent to it may still run
    ("backlog", False),
])
def test_a_server_is_responsive_when_it_answers_or_is_gone(pool, mode, responsive):
    settings, _, (stand_in, _other) = pool(mode, "ok")
    assert rasa_client.responsive(settings, stand_in.url) is responsive


def test_health_names_each_rasa_and_is_whole_only_when_every_one_answers(pool, redis_url, tmp_path):
    settings, _, (up, down) = pool("ok", "refused")
    servers = rasa_servers(settings)
    assert servers == {up.url: "ok", down.url: "error: RasaUnreachable"}
    assert check_parts(settings, servers)["rasa"] == "error: 1 of 2 Rasa servers down"
    down_too = {up.url: "error: RasaUnavailable", down.url: "error: RasaUnreachable"}
    assert check_parts(settings, down_too)["rasa"] == "error: 2 of 2 Rasa servers down"
    assert check_parts(settings, {up.url: "ok", down.url: "ok"})["rasa"] == "ok"


def test_healthz_reports_every_rasa_server(app, client, monkeypatch, fast):
    stand_ins = [StandIn("ok"), StandIn("refused")]
    try:
        settings = app.config["SETTINGS"]
        import dataclasses

        monkeypatch.setitem(app.config, "SETTINGS", dataclasses.replace(
            settings, rasa_urls=tuple(s.url for s in stand_ins)))
        body = client.get("/healthz").get_json()
        assert body["rasa_servers"] == {stand_ins[0].url: "ok", stand_ins[1].url: "error: RasaUnreachable"}
        assert body["rasa"] == "error: 1 of 2 Rasa servers down" and body["status"] == "unavailable"
    finally:
        for s in stand_ins:
            s.close()


# ---------------------------------------------------------------- the inbox waits for the server the turn went to

def test_a_timed_out_turn_waits_for_its_own_server_not_for_another(pool, redis_url, monkeypatch):
    """Exactly once across processes: the turn timed out on server 0, which may still run it.
    Server 1 answering says nothing of server 0's backlog: no resend until server 0 has
    answered (or is gone) for SETTLE_SECONDS."""
    settings, sender, (stuck, _other) = pool("slow", "ok")
    r = get_redis(redis_url)
    with pytest.raises(rasa_client.RasaUnavailable) as raised:
        rasa_client.send(sender, "halo", {"message_id": 7}, settings=settings)
    error = f"rasa: {raised.value}"
    server = rasa_client.server_in(settings, error)
    assert server == stuck.url
    monkeypatch.setattr(inbox, "SETTLE_SECONDS", 0)
    message_id = int(time.time() * 1000)
    assert not inbox.settled(r, settings, sender, message_id, server)       # server 1 answers; server 0 does not
    stuck.mode = "ok"
    assert inbox.settled(r, settings, sender, message_id, server)


def test_a_turn_that_reached_no_server_is_not_waited_for(pool):
    settings, sender, _ = pool("refused", "backlog")
    with pytest.raises(rasa_client.RasaUnreachable) as raised:
        rasa_client.send(sender, "halo", settings=settings)
    error = f"rasa: {raised.value}"
    assert "Timeout" in error and rasa_client.UNREACHABLE in error          # the drain resends at once


def test_turns_reuse_one_kept_alive_connection(pool, monkeypatch):
    """Issue 9: the client keeps its connection to Rasa open between turns."""
    settings, sender, (stand_in,) = pool("ok")
    stand_in.server.RequestHandlerClass.protocol_version = "HTTP/1.1"  # as Rasa (Sanic): keep-alive
    opened = []
    real = stand_in.server.get_request

    def counting():
        opened.append(1)
        return real()

    monkeypatch.setattr(stand_in.server, "get_request", counting)
    for _ in range(3):
        rasa_client.send(sender, "halo", settings=settings)
    assert stand_in.turns() == 3 and len(opened) <= 1


def test_a_proxied_server_goes_through_requests(monkeypatch):
    rasa_client._proxied.cache_clear()
    monkeypatch.setenv("HTTP_PROXY", "http://proxy.example:3128")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    try:
        assert rasa_client._proxied("rasa.lan:5005") and not rasa_client._proxied("127.0.0.1:5005")
    finally:
        rasa_client._proxied.cache_clear()
