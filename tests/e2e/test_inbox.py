"""Issue 9: never lose a message. Rasa paused (SIGSTOP) under a live stack: messages wait in
the inbox and are answered in order when it comes back; an emergency does not wait.
Real processes (gunicorn, RQ worker, Redis, Rasa, action server), real signatures."""
from __future__ import annotations

import os
import signal
import time

from bot import inbox
from tests.e2e.conversation import JAMBEWANGI, case_of, officer
from tests.support import wait_until


def _pending(stack, phone: str) -> list[dict]:
    db = stack.db()
    try:
        return [r for r in db["messages"].rows_where("phone = ? AND direction = 'in'", [phone], order_by="id")]
    finally:
        db.close()


def test_rasa_paused_messages_wait_and_an_emergency_does_not(stack):
    rasa = stack.procs["rasa"]
    villager, husband = stack.new_phone(), stack.new_phone()
    os.kill(rasa.pid, signal.SIGSTOP)
    try:
        assert stack.send(villager, "mau bikin kk baru") == [inbox.ACK]       # after the turn's timeout
        assert stack.send(villager, "Budi Santoso") == []                    # one note per outage
        started = time.monotonic()
        alarm = stack.send(husband, "tolong istri sy hamil 8 bln keluar darah banyak di desa jambewangi")
        assert time.monotonic() - started < 15                               # within Twilio's wait
        assert alarm[0].startswith("DARURAT") and "DRT-" in " ".join(alarm)
        case = case_of(stack, husband, "emergency")
        assert case["village"] == JAMBEWANGI and case["data"]["opened_without_rasa"] is True
        stack.wait_outbox(officer("bidan"), contains=case["ref"], timeout=60)  # paged while Rasa is down
        assert {r["status"] for r in _pending(stack, villager)} == {"pending"}
    finally:
        os.kill(rasa.pid, signal.SIGCONT)

    # Rasa is back: the drain answers in order (the name question, then the NIK question)
    stack.wait_outbox(villager, contains="nama lengkap", timeout=120)
    stack.wait_outbox(villager, contains="NIK", timeout=120)
    wait_until(lambda: _pending(stack, villager), lambda rows: {r["status"] for r in rows} == {"processed"}, 120,
               "the villager's messages answered")
    bodies = [m["body"] for m in stack.outbox(villager)]
    assert sum("nama lengkap" in b for b in bodies) == 1 and sum("NIK" in b for b in bodies) == 1  # once each
    # the emergency went on with its case: no second case, no second notice to the midwife
    wait_until(lambda: _pending(stack, husband), lambda rows: rows[0]["status"] == "processed", 120,
               "the husband's message handed to Rasa")
    assert [c["ref"] for c in stack.cases() if c["phone"] == husband] == [case["ref"]]
    # (the stack's escalation repeats an unanswered alarm after 3 s: "ULANG n: ..." is not a second alarm)
    notices = [m["body"] for m in stack.outbox(officer("bidan"))
               if case["ref"] in (m["body"] or "") and not m["body"].startswith("ULANG")]
    assert len(notices) == 1 and "pesan baru" not in notices[0], notices
    users = [e for e in stack.tracker(husband)["events"] if e.get("event") == "user"]
    assert len(users) == 1 and users[0]["metadata"]["emergency_ref"] == case["ref"]   # one turn, with the case
    assert stack.tracker(husband)["slots"]["emergency_ref"] == case["ref"]


def test_a_message_sid_replayed_after_redis_forgot_it_is_one_turn(stack):
    """De-duplication survives Redis losing its keys (restart without persistence)."""
    phone = stack.new_phone()
    form = stack.form(phone, "mau bikin kk baru")
    first = stack.post(form)
    assert first.status_code == 200
    import redis as redis_lib

    r = redis_lib.Redis.from_url(stack.settings.redis_url)
    for key in r.scan_iter("sk:sid:*"):
        r.delete(key)
    for key in r.scan_iter("sk:reply:*"):
        r.delete(key)
    again = stack.post(form)
    assert again.status_code == 200
    turns = [e for e in stack.tracker(phone)["events"] if e.get("event") == "user"]
    assert len(turns) == 1
    statuses = [r["status"] for r in _pending(stack, phone)]
    assert statuses == ["processed", "duplicate"]


def test_the_rasa_token_is_not_on_any_command_line(stack):
    """Issue 9: `ps` shows every process's arguments to every local user."""
    for name, proc in stack.procs.items():
        with open(f"/proc/{proc.pid}/cmdline", "rb") as fh:
            args = fh.read().decode(errors="replace")
        assert stack.rasa_token not in args, name
    assert stack.tracker(stack.new_phone())["sender_id"]  # and the API still takes the token


def test_ten_concurrent_replays_of_one_message_sid_are_one_turn(stack):
    """Issue 9: Twilio (or a proxy) delivering the same MessageSid ten times at once."""
    from concurrent.futures import ThreadPoolExecutor

    phone = stack.new_phone()
    form = stack.form(phone, "mau bikin kk baru")
    with ThreadPoolExecutor(max_workers=10) as pool:
        responses = list(pool.map(lambda _: stack.post(form), range(10)))
    assert all(r.status_code == 200 for r in responses)
    turns = [e for e in stack.tracker(phone)["events"] if e.get("event") == "user"]
    assert len(turns) == 1
    rows = _pending(stack, phone)
    statuses = sorted(r["status"] for r in rows)
    seen = (statuses, [r["error"] for r in rows], [r.text for r in responses])
    assert statuses.count("processed") == 1 and statuses.count("duplicate") == 9, seen
    # every reply that carried text carried the one turn's text
    from bot.core import twilio

    texts = {tuple(twilio.parse_twiml(r.text)) for r in responses} - {()}
    assert len(texts) == 1
