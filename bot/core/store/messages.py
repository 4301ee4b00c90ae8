"""The ``messages`` table: every message in and out, with its status.

Plain SQL on purpose: the webhook writes and reads these rows on every message, and
sqlite-utils' table helpers look the table up in ``sqlite_master`` (two or three queries) and
read its columns before each call, about a millisecond a message in all.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import sqlite_utils

from bot.core.clock import now_iso as now_wib
from bot.core.phones import bare as bare_phone
from bot.core.store.schema import select

COLUMNS = ("id", "direction", "channel", "phone", "body", "message_sid", "media", "latitude", "longitude", "intent",
           "confidence", "status", "error", "case_ref", "provider", "parts", "reply_to", "created_at",
           "updated_at", "not_understood")
_INSERT = ("INSERT INTO messages (direction, channel, phone, body, message_sid, media, latitude, longitude, status, "
           "case_ref, provider, parts, reply_to, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")


def log_message(
    db: sqlite_utils.Database,
    direction: str,
    channel: str,
    phone: str,
    body: str,
    *,
    message_sid: str | None = None,
    media: Iterable[str] = (),
    latitude: float | None = None,
    longitude: float | None = None,
    status: str = "received",
    case_ref: str | None = None,
    provider: str | None = None,
    parts: int | None = None,
    reply_to: int | None = None,
) -> int:
    """Insert one message; committed on return (inside ``db.atomic()``: with that transaction).
    A second inbound row for a kept MessageSid raises ``sqlite3.IntegrityError`` (m002_inbox).
    ``provider``: who carried it (``twilio`` when not said: the rows of before m003_channels)."""
    at = now_wib()
    values = (direction, channel, bare_phone(phone), body, message_sid, json.dumps(list(media)) if media else None,
              latitude, longitude, status, case_ref, provider or "twilio", parts, reply_to, at, at)
    with db.atomic():
        return db.execute(_INSERT, values).lastrowid


def update_message(db: sqlite_utils.Database, message_id: int, **fields: Any) -> None:
    """Set ``fields`` (column names) of one message; ``NotFoundError`` when there is no such row."""
    unknown = set(fields) - set(COLUMNS[1:])
    if unknown:
        raise ValueError(f"not a column of messages: {sorted(unknown)}")
    fields["updated_at"] = now_wib()
    sets = ", ".join(f"{name} = ?" for name in fields)
    with db.atomic():
        cursor = db.execute(f"UPDATE messages SET {sets} WHERE id = ?", [*fields.values(), message_id])
    if cursor.rowcount == 0:
        raise sqlite_utils.db.NotFoundError(f"no message {message_id}")


def messages_for(db: sqlite_utils.Database, phone: str, limit: int = 50) -> list[dict]:
    return select(db, "SELECT * FROM messages WHERE phone = ? ORDER BY id DESC LIMIT ?", [bare_phone(phone), limit])


def message_by_sid(db: sqlite_utils.Database, message_sid: str, direction: str | None = None) -> dict | None:
    """The latest logged message with this Twilio ``MessageSid`` (optionally of one direction)."""
    where, params = "message_sid = ?", [message_sid]
    if direction:
        where += " AND direction = ?"
        params.append(direction)
    rows = select(db, f"SELECT * FROM messages WHERE {where} ORDER BY id DESC LIMIT 1", params)
    return rows[0] if rows else None


def update_message_status_by_sid(
    db: sqlite_utils.Database, message_sid: str, status: str, error: str | None = None
) -> int:
    """Set the status of the outbound message(s) with this ``MessageSid``; how many changed."""
    fields: dict[str, Any] = {"status": status, "updated_at": now_wib()}
    if error:
        fields["error"] = error
    sets = ", ".join(f"{k} = ?" for k in fields)
    with db.atomic():
        cursor = db.execute(
            f"UPDATE messages SET {sets} WHERE message_sid = ? AND direction = 'out'",
            [*fields.values(), message_sid],
        )
    return cursor.rowcount


def pending_inbound(db: sqlite_utils.Database, phone: str | None = None) -> list[dict]:
    """Inbound messages stored but not yet answered (status ``pending``), oldest first; of one
    contact, or of everyone."""
    where, params = "direction = 'in' AND status = 'pending'", []
    if phone is not None:
        where, params = where + " AND phone = ?", [bare_phone(phone)]
    return select(db, f"SELECT * FROM messages WHERE {where} ORDER BY id", params)


def has_pending_inbound(db: sqlite_utils.Database, phone: str) -> bool:
    """Whether the contact has a pending inbound message (one indexed lookup, no rows read)."""
    return db.execute("SELECT 1 FROM messages WHERE phone = ? AND status = 'pending' AND direction = 'in' LIMIT 1",
                      [bare_phone(phone)]).fetchone() is not None


def has_received_before(db: sqlite_utils.Database, phone: str, before: int, since: str) -> bool:
    """Whether the contact has an inbound message older than row ``before``, stored before
    ``since`` (ISO), still ``received`` (one indexed lookup, on the webhook's path)."""
    return db.execute("SELECT 1 FROM messages WHERE phone = ? AND status = 'received' AND direction = 'in' "
                      "AND id < ? AND created_at < ? LIMIT 1", [bare_phone(phone), before, since]).fetchone() is not None


def received_before(db: sqlite_utils.Database, phone: str, before: int, since: str | None = None) -> list[dict]:
    """The contact's inbound messages older than row ``before`` still ``received`` (taken but
    not finished), oldest first; with ``since`` (ISO), only those stored before it."""
    where, params = "direction = 'in' AND phone = ? AND status = 'received' AND id < ?", [bare_phone(phone), before]
    if since is not None:
        where, params = where + " AND created_at < ?", [*params, since]
    return list(db["messages"].rows_where(where, params, order_by="id"))


def requeue_received(db: sqlite_utils.Database, older_than: str, phone: str | None = None) -> int:
    """Inbound messages still ``received`` since before ``older_than`` (ISO) become ``pending``
    (error ``interrupted``); of one contact, or of everyone. Returns how many."""
    where, params = "direction = 'in' AND status = 'received' AND updated_at < ?", [older_than]
    if phone is not None:
        where, params = where + " AND phone = ?", [*params, bare_phone(phone)]
    with db.conn:
        cursor = db.execute(f"UPDATE messages SET status = 'pending', error = 'interrupted' WHERE {where}", params)
    return cursor.rowcount


def last_outbound(db: sqlite_utils.Database, phone: str) -> dict | None:
    rows = select(db, "SELECT * FROM messages WHERE phone = ? AND direction = 'out' ORDER BY id DESC LIMIT 1",
                 [bare_phone(phone)])
    return rows[0] if rows else None
