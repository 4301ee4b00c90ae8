"""Issue 9, scale-out: two Rasa servers behind the webhook, sharing the stack's Redis (tracker
and lock stores). Conversations from several phones go through the signed webhook; each phone's
turns go to its own server (bot/rasa_client.py), both servers serve. Then one server is
SIGKILLed in the middle of the stream: its phones go on on the other, and every message is
answered exactly once, in order, with the right case at the end.

A stack of its own (module fixture): killing a server must not disturb the session's others."""
from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
import requests

from bot import inbox, rasa_client
from tests.stack import running_stack
from tests.support import wait_until

# (message, words its answer holds): the KK baru form to its case
SCRIPT = [("halo", ""), ("mau bikin kk baru", "nama lengkap"), ("Budi Santoso", "NIK"),
          ("3510011207850003", "desa/kelurahan"), ("Jambewangi", "Benar?"), ("ya", "DOK-")]
BEFORE_KILL = 2  # messages each phone sends while both servers run
PHONES_EACH = 3  # phones whose own server is each of the two


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    yield from running_stack(tmp_path_factory.mktemp("scale"), rasa=2)


def _rows(stack, phone: str, direction: str) -> list[dict]:
    db = stack.db()
    try:
        return list(db["messages"].rows_where("phone = ? AND direction = ?", [phone, direction], order_by="id"))
    finally:
        db.close()


def _cpu_ms(proc) -> float:
    fields = Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")  # utime + stime


def _talk(stack, phones: list[str], steps: range, answers: dict, pause: float) -> list[threading.Thread]:
    def one(phone: str) -> None:
        for step in steps:
            answers[phone].append(stack.send(phone, SCRIPT[step][0]))
            time.sleep(pause)

    threads = [threading.Thread(target=one, args=(p,)) for p in phones]
    for t in threads:
        t.start()
    return threads


def test_two_rasa_servers_share_the_conversations_and_survive_one_killed(stack):
    by_server: dict[str, list[str]] = {url: [] for url in stack.rasa_urls}
    while any(len(p) < PHONES_EACH for p in by_server.values()):
        phone = stack.new_phone()
        own = rasa_client.servers(stack.settings, phone)[0]
        if len(by_server[own]) < PHONES_EACH:
            by_server[own].append(phone)
    phones = [p for group in by_server.values() for p in group]
    victims = by_server[stack.rasa_urls[1]]   # their own server is `rasa2`, killed below
    answers: dict[str, list[list[str]]] = {p: [] for p in phones}

    # both servers up: every answer in the webhook's reply, and both servers did the work
    cpu = {name: _cpu_ms(stack.procs[name]) for name in ("rasa", "rasa2")}
    for t in _talk(stack, phones, range(BEFORE_KILL), answers, 0.1):
        t.join(120)
    for phone in phones:
        assert len(answers[phone]) == BEFORE_KILL and all(answers[phone]), answers[phone]
        assert SCRIPT[1][1] in " ".join(answers[phone][1]), answers[phone]
    used = {name: _cpu_ms(stack.procs[name]) - before for name, before in cpu.items()}
    # a turn costs Rasa about 60 ms of CPU; 6 turns each, against an idle server's few ms
    assert all(ms >= 150 for ms in used.values()), used

    # one server killed in the middle of the stream
    threads = _talk(stack, phones, range(BEFORE_KILL, len(SCRIPT)), answers, 0.3)
    time.sleep(0.5)
    stack.kill("rasa2")
    for t in threads:
        t.join(180)
    assert all(len(answers[p]) == len(SCRIPT) for p in phones), answers   # every message got HTTP 200

    health = requests.get(f"{stack.url}/healthz", timeout=30)
    assert health.status_code == 503
    assert health.json()["rasa_servers"] == {stack.rasa_urls[0]: "ok",
                                             stack.rasa_urls[1]: "error: RasaUnreachable"}

    wait_until(lambda: [r["status"] for p in phones for r in _rows(stack, p, "in")],
               lambda statuses: len(statuses) == len(phones) * len(SCRIPT)
               and all(s == "processed" for s in statuses), 150, "every message answered")
    cases = stack.cases()
    for phone in phones:
        # exactly once and in order: the shared tracker holds each message's turn once
        turns = [e.get("text") for e in stack.tracker(phone)["events"] if e.get("event") == "user"]
        assert turns == [text for text, _ in SCRIPT], (phone, turns)
        # every answer once, in order (the webhook's reply, or the drain's once the message waited)
        said = [r["body"] or "" for r in _rows(stack, phone, "out") if r["body"] != inbox.ACK]
        expected = [words for _, words in SCRIPT if words]
        found = [next((i for i, body in enumerate(said) if words in body), None) for words in expected]
        assert None not in found and found == sorted(found), (phone, said)
        assert sum("nama lengkap" in body for body in said) == 1, said
        mine = [c for c in cases if c["phone"] == phone]
        assert [(c["kind"], c["data"].get("document_type"), c["village"]) for c in mine] == [
            ("document", "kk", "Jambewangi")], mine
        assert mine[0]["ref"] in said[-1]
    # the killed server's phones went on on the other one
    assert all(len(answers[p]) == len(SCRIPT) for p in victims)
