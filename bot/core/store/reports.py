"""The ``delivery_reports`` table (m006_delivery_reports): status reports a local gateway
stored as files, one row a report, and the outbound message each was matched to. The
matching itself is the gateway's (``bot.core.gammu_reports``); this module only keeps rows.
"""
from __future__ import annotations

import sqlite3

import sqlite_utils

from bot.core.clock import now_iso
from bot.core.store.schema import select

_INSERT = ("INSERT INTO delivery_reports (provider, report_sid, phone, reference, word, status, message_id, sc_time, "
           "received_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")


def add_report(db: sqlite_utils.Database, *, provider: str, report_sid: str, phone: str, reference: int | None,
               word: str, status: str, sc_time: str | None, received_at: str | None) -> int | None:
    """Keep one report (not yet matched); its row id, or None when that sid is kept already."""
    at = now_iso()
    try:
        with db.atomic():
            return db.execute(_INSERT, (provider, report_sid, phone, reference, word, status, None, sc_time,
                                        received_at, at, at)).lastrowid
    except sqlite3.IntegrityError:  # the hook and the reconciler both saw it: one row
        return None


def get_report(db: sqlite_utils.Database, report_id: int) -> dict | None:
    rows = select(db, "SELECT * FROM delivery_reports WHERE id = ?", [report_id])
    return rows[0] if rows else None


def report_sids(db: sqlite_utils.Database, prefix: str) -> set[str]:
    """The sids of the reports kept, of one gateway (one query)."""
    rows = db.execute("SELECT report_sid FROM delivery_reports WHERE report_sid LIKE ?", [prefix + "%"]).fetchall()
    return {row[0] for row in rows}


def unmatched_reports(db: sqlite_utils.Database, provider: str, since: str) -> list[dict]:
    """Reports matched to no message yet, received since ``since`` (ISO), oldest first."""
    return select(db, "SELECT * FROM delivery_reports WHERE provider = ? AND message_id IS NULL "
                      "AND julianday(received_at) >= julianday(?) ORDER BY id", [provider, since])


def link_report(db: sqlite_utils.Database, report_id: int, message_id: int) -> None:
    with db.atomic():
        db.execute("UPDATE delivery_reports SET message_id = ?, updated_at = ? WHERE id = ?",
                   [message_id, now_iso(), report_id])


def reports_of(db: sqlite_utils.Database, message_id: int) -> list[dict]:
    """The reports matched to one outbound message, in the order they came."""
    return select(db, "SELECT * FROM delivery_reports WHERE message_id = ? ORDER BY id", [message_id])


def outbound_to(db: sqlite_utils.Database, phone: str, sid_prefix: str, since: str) -> list[dict]:
    """Outbound messages to ``phone`` carried by one gateway (their sid starts with
    ``sid_prefix``) and logged since ``since`` (ISO): the candidates a report may be about."""
    return select(db, "SELECT id, status, message_sid, created_at FROM messages WHERE direction = 'out' "
                      "AND phone = ? AND message_sid LIKE ? AND julianday(created_at) >= julianday(?) ORDER BY id",
                  [phone, sid_prefix + "%", since])


def forget_reports(db: sqlite_utils.Database, *, message_ids: list[int] = (), phone: str | None = None,
                   before: str | None = None) -> int:
    """Delete the reports of these messages, about this phone, or received before ``before``
    (ISO): what ``bot.core.privacy`` deletes with messages and contacts; call inside a
    transaction. How many went (0 when the table is not there)."""
    if not db["delivery_reports"].exists():
        return 0
    deleted = 0
    ids = list(message_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        deleted += db.execute(f"DELETE FROM delivery_reports WHERE message_id IN ({', '.join('?' * len(chunk))})",
                              chunk).rowcount
    if phone:
        deleted += db.execute("DELETE FROM delivery_reports WHERE phone = ?", [phone]).rowcount
    if before:
        deleted += db.execute("DELETE FROM delivery_reports WHERE julianday(received_at) < julianday(?)",
                              [before]).rowcount
    return deleted
