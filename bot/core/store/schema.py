"""The schema of the store, as sqlite-utils ``Migrations``, and the one way to open it.

``migrate(path)`` applies what is pending under an exclusive file lock, so two
processes starting at once never race (the run command and the test stack call it
before any server starts; each process calls ``ensure`` once at its start, which finds
nothing to do). A later change adds a new ``@migration()`` function at the end: never
edit one that has shipped.

    python -m bot.core.store.schema          # migrate DATA_DIR/smartkampung.db
"""
from __future__ import annotations

import fcntl
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import sqlite_utils
from sqlite_utils.migrations import Migrations

migration = Migrations("smartkampung")


@migration()
def m001_initial(db: sqlite_utils.Database) -> None:
    # if_not_exists: databases made before Migrations already hold these tables.
    db["messages"].create(
        {
            "id": int,
            "direction": str,  # in | out
            "channel": str,  # sms | whatsapp
            "phone": str,
            "body": str,
            "message_sid": str,
            "media": str,  # JSON list of URLs
            "latitude": float,
            "longitude": float,
            "intent": str,
            "confidence": float,
            "status": str,  # inbound: received|processed|duplicate|error ; outbound: queued|sent|delivered|failed|blocked
            "error": str,
            "case_ref": str,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        if_not_exists=True,
    )
    db["messages"].create_index(["phone"], if_not_exists=True)
    db["messages"].create_index(["message_sid"], if_not_exists=True)
    db["contacts"].create(
        {
            "phone": str,
            "channel": str,
            "opted_out": int,
            "opted_out_at": str,
            "village": str,
            "district": str,
            "paused_for": str,  # ref of an open handover case that pauses the bot
            "created_at": str,
            "updated_at": str,
        },
        pk="phone",
        if_not_exists=True,
    )
    db["cases"].create(
        {
            "ref": str,
            "kind": str,
            "status": str,
            "phone": str,
            "channel": str,
            "village": str,
            "district": str,
            "assigned_to": str,  # JSON list of officer phones told about the case
            "acknowledged_by": str,
            "created_at": str,
            "updated_at": str,
            "data": str,  # JSON object
        },
        pk="ref",
        if_not_exists=True,
    )
    db["cases"].create_index(["phone"], if_not_exists=True)
    db["cases"].create_index(["status"], if_not_exists=True)
    db["case_events"].create(
        {"id": int, "ref": str, "at": str, "actor": str, "event": str, "note": str},
        pk="id",
        if_not_exists=True,
    )
    db["case_events"].create_index(["ref"], if_not_exists=True)
    db["ref_counters"].create({"prefix": str, "n": int}, pk="prefix", if_not_exists=True)


@migration()
def m002_inbox(db: sqlite_utils.Database) -> None:
    """The messages table is the inbox: one inbound row per MessageSid (a second line behind
    Redis's de-duplication, which a restart without persistence forgets), and the pending
    messages of a contact found fast (status ``pending``: stored, not yet answered)."""
    db.execute(
        "UPDATE messages SET status = 'duplicate' WHERE direction = 'in' AND message_sid IS NOT NULL "
        "AND status != 'duplicate' AND id NOT IN (SELECT MIN(id) FROM messages WHERE direction = 'in' "
        "AND message_sid IS NOT NULL AND status != 'duplicate' GROUP BY message_sid)"
    )
    db.execute(
        "CREATE UNIQUE INDEX IF NOT EXISTS idx_messages_inbound_sid ON messages(message_sid) "
        "WHERE direction = 'in' AND status NOT IN ('duplicate', 'error')"
    )
    db.execute("CREATE INDEX IF NOT EXISTS idx_messages_phone_status ON messages(phone, status)")


@migration()
def m004_fts(db: sqlite_utils.Database) -> None:
    """Full-text search over every message's body (the admin console's search, issue 12):
    an FTS5 index with external content (``messages_fts``, content=messages, so no body is
    stored twice), filled from the rows already kept and kept up to date by triggers.

    ``unicode61 remove_diacritics 2`` folds case and accents ("é" finds "e"). sqlite-utils'
    update trigger re-indexes a row on any UPDATE; the messages table is updated two or three
    times a message (status, intent), never its body but by the privacy commands, so that
    trigger fires on ``UPDATE OF body`` only (same name, so ``disable_fts`` still finds it)."""
    db["messages"].enable_fts(["body"], create_triggers=True, tokenize="unicode61 remove_diacritics 2")
    db.executescript(
        "DROP TRIGGER IF EXISTS messages_au;\n"
        "CREATE TRIGGER messages_au AFTER UPDATE OF body ON messages BEGIN\n"
        "  INSERT INTO messages_fts (messages_fts, rowid, body) VALUES('delete', old.rowid, old.body);\n"
        "  INSERT INTO messages_fts (rowid, body) VALUES (new.rowid, new.body);\n"
        "END;"
    )


@migration()
def m003_channels(db: sqlite_utils.Database) -> None:
    """The carrier beside the channel: which provider (``twilio``, ``smsgate``, ``gammu``) carried
    a message, in or out, and which one a contact last wrote through (replies and notices go back
    the same way). Rows from before were all Twilio's. ``parts``: how many SMS parts an inbound
    message arrived in (joined before processing); ``reply_to``: the inbound message an outbound
    one answers (an answer goes even to an opted-out contact, a notification does not)."""
    db["messages"].add_column("provider", str)
    db["messages"].add_column("parts", int)
    db["messages"].add_column("reply_to", int)
    db["contacts"].add_column("provider", str)
    db.execute("UPDATE messages SET provider = 'twilio' WHERE provider IS NULL")
    db.execute("UPDATE contacts SET provider = 'twilio' WHERE provider IS NULL AND channel IS NOT NULL")


@migration()
def m005_console(db: sqlite_utils.Database) -> None:
    """The admin console (issue 12): staff accounts, the append-only audit log, the review
    inbox of messages the model was unsure of, and the console user a case is assigned to."""
    db["users"].create(
        {
            "id": int,
            "username": str,
            "name": str,  # shown to colleagues and kept in the audit log as it was then
            "password_hash": str,  # Werkzeug scrypt
            "role": str,  # admin | operator | bidan | bhabinkamtibmas | kecamatan
            "village": str,
            "district": str,
            "active": int,
            "created_at": str,
            "updated_at": str,
            "last_login_at": str,
        },
        pk="id",
        not_null={"username", "password_hash", "role"},
        defaults={"active": 1},
        if_not_exists=True,
    )
    db.execute("CREATE UNIQUE INDEX IF NOT EXISTS idx_users_username ON users(username COLLATE NOCASE)")
    db["audit_log"].create(
        {
            "id": int,
            "at": str,
            "actor_id": int,
            "actor": str,  # the username, or "system" / "cli"
            "actor_name": str,  # the name as it was at the time
            "actor_role": str,
            "action": str,  # login, login_failed, status, assign, reply, note, export, ...
            "object_type": str,
            "object_id": str,
            "before": str,  # JSON
            "after": str,  # JSON
            "ip": str,
            "user_agent": str,
        },
        pk="id",
        if_not_exists=True,
    )
    db["audit_log"].create_index(["at"], if_not_exists=True)
    # Append-only: no UPDATE or DELETE path, enforced by the database itself.
    db.execute("CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log "
               "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END")
    db.execute("CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log "
               "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END")
    db["nlu_review"].create(
        {
            "id": int,
            "message_id": int,
            "text": str,
            "predicted_intent": str,
            "confidence": float,
            "status": str,  # new | reviewed | flagged
            "corrected_intent": str,
            "entities": str,  # JSON list of {"entity", "value", "start", "end"}
            "reviewed_by": str,
            "reviewed_at": str,
            "created_at": str,
        },
        pk="id",
        if_not_exists=True,
    )
    db.execute("CREATE UNIQUE INDEX IF NOT EXISTS idx_nlu_review_message ON nlu_review(message_id)")
    db["nlu_review"].create_index(["status"], if_not_exists=True)
    if "assignee" not in db["cases"].columns_dict:
        db["cases"].add_column("assignee", str)  # the console username working the case


@migration()
def m006_delivery_reports(db: sqlite_utils.Database) -> None:
    """Status reports a local gateway stored as files (Gammu SMSD: ``bot.core.gammu_reports``):
    one row a report, never a message of the inbox; ``message_id`` is the outbound message it
    was matched to (NULL while none is found). Deleted with that message, or with the contact,
    by ``bot.core.privacy``."""
    db["delivery_reports"].create(
        {
            "id": int,
            "provider": str,  # gammu
            "report_sid": str,  # gammu: + the report file's name without extension
            "phone": str,  # the recipient of the reported SMS (E.164, else as the network gave it)
            "reference": int,  # TP-MR of the reported SMS part
            "word": str,  # the provider's word: Delivered | Failed | Pending | Unknown | ...
            "status": str,  # ours for that word: delivered | failed | sent (not final)
            "message_id": int,  # messages.id of the outbound message; NULL: matched to none (yet)
            "sc_time": str,  # when the SMSC took the reported SMS, as the report says
            "received_at": str,  # when the gateway stored the report
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        if_not_exists=True,
    )
    db.execute("CREATE UNIQUE INDEX IF NOT EXISTS idx_delivery_reports_sid ON delivery_reports(report_sid)")
    db["delivery_reports"].create_index(["message_id"], if_not_exists=True)
    db["delivery_reports"].create_index(["phone"], if_not_exists=True)



@migration()
def m007_console_sessions(db: sqlite_utils.Database) -> None:
    """The console's sign-ins kept on the server (``bot.core.store.users.open_session``): the
    signed cookie names one; "Keluar", a new password or a deactivation ends it, so a copy of
    an old cookie is worthless (console round, F5)."""
    db["console_sessions"].create({"sid": str, "user_id": int, "created_at": str}, pk="sid", if_not_exists=True)
    db["console_sessions"].create_index(["user_id"], if_not_exists=True)



@migration()
def m008_not_understood(db: sqlite_utils.Database) -> None:
    """``messages.not_understood``: 1 on an inbound message the bot answered "belum kami
    pahami" (whatever the NLU's confidence), so the console counts, filters and offers it for
    teaching as a fallback (console round, F3)."""
    if "not_understood" not in db["messages"].columns_dict:
        db["messages"].add_column("not_understood", int)



@migration()
def m009_messages_created_at(db: sqlite_utils.Database) -> None:
    """An index on ``messages.created_at``: the sweep looks for questions left unanswered a
    while ago (``bot.nudge``, round 9, finding 10) without reading the whole log."""
    db["messages"].create_index(["created_at"], if_not_exists=True)


SYNCHRONOUS = "NORMAL"


def open_db(path: str | Path | None = None) -> sqlite_utils.Database:
    """A connection to the store. ``None`` or ':memory:' gives a new, migrated in-memory one;
    a file is opened as it is (``migrate`` it first: the run command and ``ensure`` do)."""
    if path is None or str(path) == ":memory:":
        db = sqlite_utils.Database(memory=True)
        migration.apply(db)
        return db
    db = sqlite_utils.Database(path)
    db.execute("PRAGMA busy_timeout = 5000")
    # WAL (set by ``migrate``) with synchronous=NORMAL: a commit is written to the WAL but not
    # fsynced (the WAL is synced at each checkpoint). A committed row survives any crash of the
    # process (gunicorn worker killed, OOM); only a power loss or kernel crash can lose the last
    # commits before a checkpoint, never corrupt the file. FULL costs an fsync (4-5 ms on the
    # shared machine) per commit. docs/design.md, "The inbox", has the trade-off.
    db.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")
    _connect_fts(db)
    return db


def _connect_fts(db: sqlite_utils.Database) -> None:
    """Connect the full-text index (m004_fts) now, outside any transaction. Otherwise the
    first INSERT into messages on a new connection connects it inside ``log_message``'s
    deferred transaction: FTS5 reads its config there, and when another connection commits
    before the INSERT takes the write lock, the upgrade fails at once with "database is
    locked" (no busy wait for a stale read snapshot). Before m004_fts: nothing to connect."""
    try:
        db.execute("SELECT rowid FROM messages_fts WHERE 0").fetchall()
    except sqlite3.OperationalError:
        pass


def select(db: sqlite_utils.Database, sql: str, params: Iterable[Any] = ()) -> list[dict]:
    """The rows of a query as dicts. Hot paths use it instead of sqlite-utils' table helpers
    (``db[t].rows_where``, ``.get``), which look the table up in ``sqlite_master`` two or three
    times and read its columns before every call."""
    cursor = db.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def pending(db: sqlite_utils.Database) -> list[str]:
    return [m.name for m in migration.pending(db)]


def migrate(path: str | Path) -> list[str]:
    """Apply the pending migrations to the file at ``path`` (created if missing), under an
    exclusive lock on ``<path>.lock``; returns the names applied."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(f"{path}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            db = open_db(path)
            try:
                todo = pending(db)
                if todo:
                    db.enable_wal()
                    migration.apply(db)
                return todo
            finally:
                db.close()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def ensure(path: str | Path) -> None:
    """At a process's start: migrate when something is pending (normally nothing is)."""
    path = Path(path)
    if path.exists():
        db = open_db(path)
        try:
            if not pending(db):
                return
        finally:
            db.close()
    migrate(path)


if __name__ == "__main__":
    from bot.core import settings

    target = settings.current().db_path
    applied = migrate(target)
    print(f"[migrate] {target}: " + (", ".join(applied) if applied else "up to date"))
