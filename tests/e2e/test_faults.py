"""Issue 9: fault tests on the real processes. A server is killed (SIGKILL: a crash, not a
shutdown) in the middle of a stream of messages from many phones and started again: every
message is answered exactly once, in order per phone; an emergency among them does not wait.

They run on a stack of their own (module fixture ``stack``): killing servers must not disturb
the session's other tests."""
from __future__ import annotations

import threading
import time

import pytest

from bot import inbox
from tests.e2e.conversation import case_of, officer
from tests.stack import running_stack
from tests.support import wait_until


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """A stack of this module's own (the session's ``stack`` is shared by every other test)."""
    yield from running_stack(tmp_path_factory.mktemp("faults"))

SCRIPT = ["halo", "mau bikin kk baru", "Budi Santoso", "3510011207850003", "Jambewangi"]


def _inbound(stack, phone: str) -> list[dict]:
    db = stack.db()
    try:
        return list(db["messages"].rows_where("phone = ? AND direction = 'in'", [phone], order_by="id"))
    finally:
        db.close()


def _outbound(stack, phone: str) -> list[str]:
    db = stack.db()
    try:
        return [r["body"] or "" for r in db["messages"].rows_where("phone = ? AND direction = 'out'", [phone])]
    finally:
        db.close()


def _user_turns(stack, phone: str) -> list[str]:
    return [e.get("text") for e in stack.tracker(phone)["events"] if e.get("event") == "user"]


def _stream(stack, phones: list[str], sent: dict, pause: float) -> None:
    def one(phone: str) -> None:
        for text in SCRIPT:
            stack.send(phone, text)
            sent[phone].append(text)
            time.sleep(pause)

    threads = [threading.Thread(target=one, args=(p,)) for p in phones]
    for t in threads:
        t.start()
    for t in threads:
        t.join(180)


def _all_answered(stack, phones: list[str], timeout: float) -> None:
    # a replay (Twilio's retry of a sid already stored) is kept as its own 'duplicate' row, unanswered
    wait_until(lambda: [r["status"] for p in phones for r in _inbound(stack, p) if r["status"] != "duplicate"],
               lambda statuses: statuses and all(s == "processed" for s in statuses), timeout,
               "every message answered")


def test_rasa_killed_mid_stream_every_message_answered_once_in_order(stack):
    phones = [stack.new_phone() for _ in range(10)]
    sent: dict[str, list[str]] = {p: [] for p in phones}
    stream = threading.Thread(target=_stream, args=(stack, phones, sent, 0.3))
    stream.start()
    time.sleep(1.5)
    stack.kill("rasa")
    husband = stack.new_phone()
    alarm = stack.send(husband, "tolong istri sy hamil keluar darah banyak di desa jambewangi")
    assert alarm[0].startswith("DARURAT")                      # the emergency does not wait for Rasa
    stack.wait_outbox(officer("bidan"), contains=case_of(stack, husband, "emergency")["ref"], timeout=60)
    stream.join(240)
    assert all(sent[p] == SCRIPT for p in phones)              # 50 messages, every one answered 200
    stack.restart("rasa")
    stack.wait_ready()
    _all_answered(stack, [*phones, husband], timeout=400)
    for phone in phones:
        assert _user_turns(stack, phone) == SCRIPT, phone       # exactly once, in order
        assert "KK baru a.n. Budi Santoso" in " ".join(_outbound(stack, phone)), phone  # the form's own recap
    assert [c["kind"] for c in stack.cases() if c["phone"] == husband] == ["emergency"]


def test_redis_restarted_without_persistence_loses_no_message(stack):
    """Redis holds the dialogue state, the locks, the queue: restarted empty, the message that
    came while it was gone is still answered (from the SQLite inbox), once. A form under way
    is forgotten with it (production runs Redis with persistence: README)."""
    phone, other = stack.new_phone(), stack.new_phone()
    assert stack.send(phone, "halo")
    stack.kill("redis")
    reply = stack.send(phone, "mau bikin kk baru")                 # Redis gone: kept, noted
    assert reply == [inbox.ACK]
    assert _inbound(stack, phone)[-1]["status"] == "pending"
    stack.restart("redis")
    # RQ's worker exits when its Redis goes away (a supervisor starts it again): do as one would
    for _ in range(20):
        if stack.procs["worker"].poll() is not None:
            break
        time.sleep(0.5)
    if stack.procs["worker"].poll() is None:
        stack.kill("worker")
    # the dead worker may have taken RQ's scheduler lock again in the new Redis before it died:
    # the new worker takes it over (bot.worker.take_over_stale_scheduler_locks)
    stack.restart("worker")
    time.sleep(2)
    stack.send(other, "halo")                                     # traffic kicks a sweep
    _all_answered(stack, [phone], timeout=180)
    assert _user_turns(stack, phone) == ["mau bikin kk baru"]      # the new Redis: only the pending turn, once
    stack.wait_outbox(phone, contains="nama lengkap", timeout=60)


def test_action_server_killed_the_message_waits_and_is_answered_once(stack):
    phone = stack.new_phone()
    stack.kill("actions")
    try:
        reply = stack.send(phone, "mau bikin kk baru")
        assert reply == [inbox.ACK] or any("nama lengkap" in r for r in reply), reply
    finally:
        stack.restart("actions")
    stack.wait_ready()
    _all_answered(stack, [phone], timeout=300)
    # Rasa keeps a user event for each turn its action server failed (they did nothing): the
    # villager's answer comes once
    assert sum("nama lengkap" in b for b in _outbound(stack, phone)) == 1
    assert _user_turns(stack, phone)[-1] == "mau bikin kk baru"


def test_rq_worker_killed_officers_are_still_told_once(stack):
    """The outbound queue lives in Redis: a notice queued while the worker is dead goes out
    when it is back, once."""
    stack.wait_ready()
    phone = stack.new_phone()
    stack.kill("worker")
    try:
        first = " ".join(stack.send(phone, "tolong istri sy hamil pendarahan banyak di desa jambewangi"))
        ref = first[first.index("DRT-"):][:8]
    finally:
        stack.restart("worker")
    note = stack.wait_outbox(officer("bidan"), contains=ref, timeout=120)
    time.sleep(2)
    assert [m["body"] for m in stack.outbox(officer("bidan"))
            if ref in m["body"] and not m["body"].startswith("ULANG")] == [note["body"]]


def _webhook_workers(stack) -> list[int]:
    master = stack.procs["webhook"].pid
    children = (f"/proc/{master}/task/{master}/children")
    with open(children) as f:
        return [int(pid) for pid in f.read().split()]


def test_webhook_worker_killed_mid_stream_every_message_answered_once_in_order(stack):
    """A gunicorn worker dies (SIGKILL) while it holds requests: a message it had stored is
    answered by the sweep, once; one it had not stored is sent again by Twilio with the same
    MessageSid (its retry to the fallback URL) and taken then, once. Order per phone is kept."""
    import os
    import signal as signals

    import requests

    phones = [stack.new_phone() for _ in range(6)]
    retried: list[str] = []

    def one(phone: str) -> None:
        for text in SCRIPT:
            form = stack.form(phone, text)
            for _ in range(10):                      # Twilio's retry: the same form, the same sid
                try:
                    if stack.post(form).status_code == 200:
                        break
                except requests.RequestException:
                    retried.append(phone)
                time.sleep(1)
            time.sleep(0.2)

    threads = [threading.Thread(target=one, args=(p,)) for p in phones]
    for t in threads:
        t.start()
    time.sleep(1.5)
    victims = _webhook_workers(stack)
    os.kill(victims[0], signals.SIGKILL)
    for t in threads:
        t.join(240)
    assert _webhook_workers(stack) and victims[0] not in _webhook_workers(stack)   # gunicorn made a new one
    _all_answered(stack, phones, timeout=240)
    for phone in phones:
        taken = [r["body"] for r in _inbound(stack, phone) if r["status"] != "duplicate"]
        assert taken == SCRIPT, phone                                         # taken once each
        seen = (phone, [(r["id"], r["body"], r["status"], r["error"]) for r in _inbound(stack, phone)],
                [(e.get("event"), e.get("text") or e.get("name"), (e.get("metadata") or {}).get("message_id"))
                 for e in stack.tracker(phone)["events"]])
        assert _user_turns(stack, phone) == SCRIPT, seen                      # one turn each, in order
        assert sum("nama lengkap" in b for b in _outbound(stack, phone)) == 1, phone
