"""The ``messages`` table: every message in and out, with its status."""
from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import sqlite_utils

from bot.core.clock import now_iso as now_wib
from bot.core.phones import bare as bare_phone


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
) -> int:
    at = now_wib()
    row = {
        "direction": direction,
        "channel": channel,
        "phone": bare_phone(phone),
        "body": body,
        "message_sid": message_sid,
        "media": json.dumps(list(media)) if media else None,
        "latitude": latitude,
        "longitude": longitude,
        "status": status,
        "case_ref": case_ref,
        "created_at": at,
        "updated_at": at,
    }
    return db["messages"].insert(row).last_pk


def update_message(db: sqlite_utils.Database, message_id: int, **fields: Any) -> None:
    fields["updated_at"] = now_wib()
    db["messages"].update(message_id, fields)


def messages_for(db: sqlite_utils.Database, phone: str, limit: int = 50) -> list[dict]:
    return list(
        db["messages"].rows_where("phone = ?", [bare_phone(phone)], order_by="id desc", limit=limit)
    )


def message_by_sid(db: sqlite_utils.Database, message_sid: str, direction: str | None = None) -> dict | None:
    """The latest logged message with this Twilio ``MessageSid`` (optionally of one direction)."""
    where, params = "message_sid = ?", [message_sid]
    if direction:
        where += " AND direction = ?"
        params.append(direction)
    rows = list(db["messages"].rows_where(where, params, order_by="id desc", limit=1))
    return rows[0] if rows else None


def update_message_status_by_sid(
    db: sqlite_utils.Database, message_sid: str, status: str, error: str | None = None
) -> int:
    """Set the status of the outbound message(s) with this ``MessageSid``; how many changed."""
    fields: dict[str, Any] = {"status": status, "updated_at": now_wib()}
    if error:
        fields["error"] = error
    sets = ", ".join(f"{k} = ?" for k in fields)
    cursor = db.execute(
        f"UPDATE messages SET {sets} WHERE message_sid = ? AND direction = 'out'",
        [*fields.values(), message_sid],
    )
    db.conn.commit()
    return cursor.rowcount


def pending_inbound(db: sqlite_utils.Database, phone: str | None = None) -> list[dict]:
    """Inbound messages stored but not yet answered (status ``pending``), oldest first; of one
    contact, or of everyone."""
    where, params = "direction = 'in' AND status = 'pending'", []
    if phone is not None:
        where, params = where + " AND phone = ?", [bare_phone(phone)]
    return list(db["messages"].rows_where(where, params, order_by="id"))


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
    rows = list(db["messages"].rows_where("phone = ? AND direction = 'out'", [bare_phone(phone)],
                                          order_by="id desc", limit=1))
    return rows[0] if rows else None
