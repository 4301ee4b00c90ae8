"""Issue 9 (performance): what the webhook does per message stays cheap without giving up a
guarantee: the inbox row committed before the turn (durable against a killed process), two
commits a message, one connection per thread, de-duplication and both burst counters in one
Redis round trip, the kick after the response."""
from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest
import sqlite_utils

from bot import inbox, state
from bot.core import menu, store
from bot.core.redis_client import get_redis
from bot.db import get_db
from tests.support import ROOT
from tests.unit.test_webhook import PHONE_E164, make_form, post, replies, rows

# --------------------------------------------------------------------------- SQLite


def test_file_store_is_wal_with_synchronous_normal(tmp_path):
    store.migrate(tmp_path / "s.db")
    db = store.open_db(tmp_path / "s.db")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL (FULL is 2)


def test_a_committed_row_survives_a_killed_process(tmp_path):
    """synchronous=NORMAL: a commit is in the WAL when log_message returns; a process killed
    right after (no close, no checkpoint, no clean-up) loses nothing."""
    path = tmp_path / "s.db"
    store.migrate(path)
    code = (
        "import os, signal\n"
        "from bot.core import store\n"
        f"db = store.open_db({str(path)!r})\n"
        "store.log_message(db, 'in', 'sms', '+6281234567890', 'halo', message_sid='SM1', status='received')\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=False, timeout=60)
    assert done.returncode == -9
    kept = store.messages_for(store.open_db(path), PHONE_E164)
    assert [(m["body"], m["status"], m["message_sid"]) for m in kept] == [("halo", "received", "SM1")]


def test_update_message_checks_its_row_and_columns(tmp_db):
    message_id = store.log_message(tmp_db, "in", "sms", PHONE_E164, "halo")
    store.update_message(tmp_db, message_id, status="processed", intent="greet", confidence=0.9)
    row = store.messages_for(tmp_db, PHONE_E164)[0]
    assert (row["status"], row["intent"], row["confidence"]) == ("processed", "greet", 0.9)
    with pytest.raises(sqlite_utils.db.NotFoundError):
        store.update_message(tmp_db, message_id + 1, status="processed")
    with pytest.raises(ValueError):
        store.update_message(tmp_db, message_id, **{"status = 'x', body": "y"})
    assert not tmp_db.conn.in_transaction


def test_has_pending_inbound(tmp_db):
    message_id = store.log_message(tmp_db, "in", "sms", PHONE_E164, "halo")
    store.log_message(tmp_db, "out", "sms", PHONE_E164, "x", status="pending")  # outbound: never the inbox
    assert not store.has_pending_inbound(tmp_db, PHONE_E164)
    store.update_message(tmp_db, message_id, status="pending")
    assert store.has_pending_inbound(tmp_db, "whatsapp:" + PHONE_E164)
    assert not store.has_pending_inbound(tmp_db, "+6281200000002")


def test_the_unique_sid_still_holds_with_plain_inserts(tmp_db):
    store.log_message(tmp_db, "in", "sms", PHONE_E164, "halo", message_sid="SM1")
    with pytest.raises(sqlite3.IntegrityError):
        store.log_message(tmp_db, "in", "sms", PHONE_E164, "halo", message_sid="SM1")
    assert not tmp_db.conn.in_transaction  # the failed insert is rolled back, the connection usable
    store.log_message(tmp_db, "in", "sms", PHONE_E164, "halo", message_sid="SM1", status="duplicate")


class Statements(list):
    """SQL statements run, and the connections opened (``opened``)."""

    opened: list


@pytest.fixture
def statements(monkeypatch):
    """Every SQL statement the web process's connections run."""
    seen = Statements()
    opened: list = []
    real = store.open_db

    def open_db(path=None):
        db = real(path)
        db.conn.set_trace_callback(seen.append)
        opened.append(db)
        return db

    monkeypatch.setattr(store, "open_db", open_db)
    seen.opened = opened
    return seen


def commits(statements: list[str]) -> int:
    return sum(s.strip().upper().startswith("COMMIT") for s in statements)


def test_an_answered_message_costs_two_commits(app, client, rasa, statements):
    """The row before the turn (accept), then the replies and the answered row together."""
    rasa.replies = [{"text": "Halo Bapak/Ibu."}, {"text": "Ketik MENU."}]
    assert replies(post(client, make_form())) == ["Halo Bapak/Ibu.", "Ketik MENU."]
    assert commits(statements) == 2
    assert [r["status"] for r in rows(app)] == ["processed", "sent", "sent"]


def test_the_replies_and_the_answered_row_are_one_transaction(app, client, rasa, monkeypatch):
    real = store.update_message

    def failing(db, message_id, **fields):
        if fields.get("status") == "processed":
            raise sqlite3.OperationalError("disk I/O error")
        return real(db, message_id, **fields)

    monkeypatch.setattr(store, "update_message", failing)
    rasa.replies = [{"text": "Halo Bapak/Ibu."}]
    post(client, make_form())
    out = [r["body"] for r in rows(app, direction="out")]
    assert "Halo Bapak/Ibu." not in out  # rolled back with the row's update: never "sent" and unanswered
    assert rows(app, direction="in")[0]["status"] == "error"


def test_one_connection_per_thread_kept_between_requests(app, client, rasa, statements):
    for body in ("halo", "apa kabar", "menu"):
        replies(post(client, make_form(body=body)))
    assert len(statements.opened) == 1
    with app.test_request_context():
        db = get_db()
        assert db is statements.opened[0] and not db.conn.in_transaction


def test_a_transaction_left_open_is_rolled_back_after_the_request(app):
    with app.test_request_context():
        db = get_db()
        db.execute("BEGIN")
        db.execute("INSERT INTO messages (direction, phone, body) VALUES ('in', ?, 'half done')", [PHONE_E164])
    with app.test_request_context():
        again = get_db()
        assert again is db and not again.conn.in_transaction
        assert store.messages_for(again, PHONE_E164) == []


def test_a_database_error_drops_the_connection(app, client, rasa, monkeypatch, statements):
    replies(post(client, make_form()))
    real = store.log_message

    def broken(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(store, "log_message", broken)
    replies(post(client, make_form()))  # the apology
    monkeypatch.setattr(store, "log_message", real)
    replies(post(client, make_form()))
    assert len(statements.opened) == 2
    assert statements.opened[0].conn is not statements.opened[1].conn


# --------------------------------------------------------------------------- Redis


@pytest.fixture
def r(redis_url):
    client = get_redis(redis_url)
    client.flushdb()
    return client


def test_admit_claims_once_and_counts_both_windows(r):
    assert state.admit(r, "SM1", PHONE_E164, 6) == (True, 1, 1)
    assert state.admit(r, "SM1", PHONE_E164, 6) == (False, 0, 0)  # a repeat counts nowhere
    assert state.admit(r, "SM2", PHONE_E164, 6) == (True, 2, 2)
    assert state.admit(r, "SM3", "+6281200000002", 6) == (True, 1, 3)
    assert 0 < r.ttl(f"sk:burst:{PHONE_E164}") <= state.FLOOD_WINDOW_SECONDS
    assert 0 < r.ttl("sk:burst:*") <= state.FLOOD_WINDOW_SECONDS
    assert state.DEDUP_SECONDS - 5 < r.ttl("sk:sid:SM1") <= state.DEDUP_SECONDS
    state.release_message(r, "SM1")  # a turn that failed: its retry is processed
    assert state.admit(r, "SM1", PHONE_E164, 6)[0]


def test_admit_does_not_count_a_flooding_sender_globally(r):
    counts = [state.admit(r, f"SM{i}", PHONE_E164, 2) for i in range(4)]
    assert counts == [(True, 1, 1), (True, 2, 2), (True, 3, 0), (True, 4, 0)]
    assert int(r.get("sk:burst:*")) == 2  # one flooding number does not hold everybody back


def test_a_flood_stays_held_back_until_the_number_pauses(r):
    """Gateways round, F2/F3: a modem hands over one SMS a second; each new 10-second window let
    six more of a 20-message flood through. Now it stays a flood while it goes on."""
    counts = [state.admit(r, f"SM{i}", PHONE_E164, 2)[1] for i in range(3)]
    assert counts == [1, 2, 3]
    r.delete(f"sk:burst:{PHONE_E164}")  # the 10-second window has passed, the flood goes on
    assert state.admit(r, "SM9", PHONE_E164, 2) == (True, 3, 0)  # still over the limit
    assert 0 < r.ttl(f"sk:flooding:{PHONE_E164}") <= state.FLOOD_PAUSE_SECONDS
    r.delete(f"sk:burst:{PHONE_E164}", f"sk:flooding:{PHONE_E164}")  # a pause: heard again
    assert state.admit(r, "SM10", PHONE_E164, 2)[1] == 1


def test_admit_survives_a_redis_that_forgot_its_scripts(r):
    assert state.admit(r, "SM1", PHONE_E164, 6)[0]
    r.script_flush()  # a restarted Redis
    assert state.admit(r, "SM2", PHONE_E164, 6) == (True, 2, 2)


def test_the_kick_comes_after_the_response(app, client, rasa, monkeypatch):
    kicks = []
    monkeypatch.setattr(inbox, "kick", lambda r, due=None: kicks.append(due))
    response = post(client, make_form(), buffered=False)
    assert response.status_code == 200 and kicks == []  # the TwiML is out before the kick
    response.close()
    assert len(kicks) == 1


def test_pop_turn_flags_reads_and_clears_both(r):
    state.set_menu_shown(r, PHONE_E164, True)
    state.ask_emergency_question(r, PHONE_E164, "SMq")
    assert state.pop_turn_flags(r, PHONE_E164, take_question=False) == (True, None)
    assert state.emergency_question_pending(r, PHONE_E164)  # MULAI leaves the question open
    assert state.pop_turn_flags(r, PHONE_E164) == (False, "SMq")
    assert state.pop_turn_flags(r, PHONE_E164) == (False, None)


@pytest.fixture
def round_trips(monkeypatch):
    """How many times the web process talks to Redis (a pipeline or a script is one)."""
    import redis.connection

    sent: list[int] = []
    real = redis.connection.Connection.send_packed_command

    def counting(self, command, check_health=True):
        sent.append(1)
        return real(self, command, check_health)

    monkeypatch.setattr(redis.connection.Connection, "send_packed_command", counting)
    return sent


def test_an_answered_message_costs_two_redis_round_trips(app, client, rasa, round_trips):
    """state.begin (de-dup, both bursts, the sender lock, the turn's flags), then Held.finish
    (the stored reply, the lock's release, whether the worker's jobs are due): was five, and
    a sixth after the response (the kick's marks); now none after it while nothing is due."""
    replies(post(client, make_form()))
    round_trips.clear()
    response = post(client, make_form(body="apa kabar"), buffered=False)
    assert replies(response) == ["Halo Bapak/Ibu."]
    assert len(round_trips) == 2
    response.close()  # the kick: both jobs were marked due by the first message
    assert len(round_trips) == 2


def test_the_menu_flag_is_written_only_when_the_menu_was_shown(app, client, rasa, round_trips, redis_url):
    r = get_redis(redis_url)
    rasa.replies = [{"text": menu.markers()[0] + " ... Balas angka atau tulis keperluan."}]
    replies(post(client, make_form(body="menu")))
    assert r.exists(f"sk:menu:{PHONE_E164}")
    rasa.replies = [{"text": "Halo Bapak/Ibu."}]
    round_trips.clear()
    replies(post(client, make_form(body="halo")))
    assert len(round_trips) == 2
    assert not r.exists(f"sk:menu:{PHONE_E164}")  # popped at the turn's start, not written again


def test_begin_takes_the_lock_and_the_flags_under_both_limits(r):
    state.set_menu_shown(r, PHONE_E164, True)
    state.ask_emergency_question(r, PHONE_E164, "SMq")
    begun = state.begin(r, "SM1", PHONE_E164, 6, 100)
    assert (begun.claimed, begun.sender, begun.everyone) == (True, 1, 1)
    assert begun.token and r.get(f"sk:lock:{PHONE_E164}").decode() == begun.token
    assert begun.flags == (True, "SMq")  # read and cleared, as pop_turn_flags
    assert not r.exists(f"sk:menu:{PHONE_E164}", f"sk:emergency_q:{PHONE_E164}")
    assert state.begin(r, "SM1", PHONE_E164, 6, 100) == state.Begun(False, 0, 0)  # a repeat counts nowhere
    state.set_menu_shown(r, PHONE_E164, True)
    other = state.begin(r, "SM2", PHONE_E164, 6, 100)  # the lock is held: no lock, no flag taken
    assert (other.claimed, other.sender, other.token, other.flags) == (True, 2, None, None)
    assert r.exists(f"sk:menu:{PHONE_E164}")
    with state.sender_lock(r, PHONE_E164, token=begun.token) as held:
        assert held
    assert not r.exists(f"sk:lock:{PHONE_E164}")  # released on the way out


def test_begin_takes_nothing_over_a_limit_or_without_flags(r):
    state.set_menu_shown(r, PHONE_E164, True)
    busy = state.begin(r, "SM1", PHONE_E164, 6, 0)  # over the global limit: the caller decides
    assert (busy.claimed, busy.everyone, busy.token) == (True, 1, None)
    flood = [state.begin(r, f"SM{i}", "+6281200000002", 1, 100) for i in (2, 3)]
    assert flood[0].token and (flood[1].sender, flood[1].token) == (2, None)  # over the sender's limit
    quiet = state.begin(r, "SM4", "+6281200000003", 6, 100, take_flags=False)
    assert quiet.token and quiet.flags is None
    assert r.exists(f"sk:menu:{PHONE_E164}")
    r.script_flush()  # a restarted Redis: loaded again
    assert state.begin(r, "SM5", "+6281200000004", 6, 100).token


def test_finish_keeps_the_reply_and_releases_only_its_own_lock(r):
    begun = state.begin(r, "SM1", PHONE_E164, 6, 100)
    with state.sender_lock(r, PHONE_E164, token=begun.token) as held:
        r.set(f"sk:lock:{PHONE_E164}", "another turn's")  # expired, and taken by another turn
        assert held.finish("SM1", ["Halo."], (20, 60)) == (True, True)
    assert state.stored_reply(r, "SM1") == ["Halo."]
    assert r.get(f"sk:lock:{PHONE_E164}") == b"another turn's"
    assert 0 < r.ttl("sk:intents:kick") <= 20 and 0 < r.ttl("sk:sweep:kick") <= 60
    begun = state.begin(r, "SM2", "+6281200000002", 6, 100)
    with state.sender_lock(r, "+6281200000002", token=begun.token) as held:
        assert held.finish("SM2", [], (20, 60)) == (False, False)  # marked already: not due
    assert not r.exists("sk:lock:+6281200000002")


def test_an_empty_message_leaves_the_menu_flag(app, client, rasa, redis_url):
    """flags_wanted: a message answered before the flags are read (empty, too long) does not
    use up "the menu was just shown" with the lock."""
    r = get_redis(redis_url)
    state.set_menu_shown(r, PHONE_E164, True)
    replies(post(client, make_form(body="")))
    assert r.exists(f"sk:menu:{PHONE_E164}") and rasa.turns == []


def test_a_message_waiting_behind_older_ones_leaves_the_menu_flag(app, client, rasa, redis_url, monkeypatch):
    r = get_redis(redis_url)
    state.set_menu_shown(r, PHONE_E164, True)
    monkeypatch.setattr(inbox, "waiting", lambda db, phone, before=None: True)
    assert replies(post(client, make_form(body="1"))) == [inbox.ACK]
    assert r.exists(f"sk:menu:{PHONE_E164}") and not r.exists(f"sk:lock:{PHONE_E164}") and rasa.turns == []


# --------------------------------------------------------------------------- Flask


def test_the_console_limiter_is_not_consulted_on_webhook_routes(app, client, rasa, monkeypatch):
    """Only the console's login is limited: a webhook request skips the limiter's lookups."""
    limiter = app.extensions["admin_limiter"]
    looked = []
    real = limiter.limit_manager.resolve_limits
    monkeypatch.setattr(limiter.limit_manager, "resolve_limits", lambda *a, **k: looked.append(1) or real(*a, **k))
    replies(post(client, make_form()))
    assert looked == []
    client.post("/admin/login", data={"username": "x", "password": "y"})
    assert looked  # the login is still checked (tests/unit/admin: throttled after 5 failures)


def test_a_request_without_the_session_cookie_builds_no_signer(app, client, rasa, monkeypatch):
    signers = []
    real = app.session_interface.get_signing_serializer
    monkeypatch.setattr(app.session_interface, "get_signing_serializer", lambda a: signers.append(1) or real(a))
    replies(post(client, make_form()))
    assert signers == []
    client.set_cookie(app.config["SESSION_COOKIE_NAME"], "not signed")
    client.get("/admin/")
    assert signers  # a request with the cookie reads it as before
