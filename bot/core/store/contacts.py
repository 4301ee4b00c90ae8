"""The ``contacts`` table: opt-out, last known desa, the handover pause, the way the contact writes
(channel and provider)."""
from __future__ import annotations

from typing import Any

import sqlite_utils

from bot.core.clock import now_iso as now_wib
from bot.core.phones import bare as bare_phone
from bot.core.store.schema import select


def get_contact(db: sqlite_utils.Database, phone: str) -> dict | None:
    rows = select(db, "SELECT * FROM contacts WHERE phone = ?", [bare_phone(phone)])  # read on every message
    return rows[0] if rows else None


def upsert_contact(db: sqlite_utils.Database, phone: str, **fields: Any) -> dict:
    phone = bare_phone(phone)
    at = now_wib()
    existing = get_contact(db, phone)
    row = {"phone": phone, "updated_at": at, **fields}
    if existing is None:
        row.setdefault("created_at", at)
        row.setdefault("opted_out", 0)
    db["contacts"].upsert(row, pk="phone")
    return db["contacts"].get(phone)


def set_opt_out(db: sqlite_utils.Database, phone: str, opted_out: bool, **fields: Any) -> None:
    """Store the opt-out (STOP) or opt-in (MULAI); ``fields`` update the contact in the same write."""
    upsert_contact(db, phone, opted_out=1 if opted_out else 0, opted_out_at=now_wib() if opted_out else None,
                   **fields)


def is_opted_out(db: sqlite_utils.Database, phone: str) -> bool:
    contact = get_contact(db, phone)
    return bool(contact and contact.get("opted_out"))


def remember_route(db: sqlite_utils.Database, phone: str, channel: str, provider: str) -> None:
    """The channel and provider the contact last wrote through: what goes to this person goes
    back the same way. One statement, written only when it changed, no commit of its own (the
    inbox calls it in the transaction that stores the message)."""
    at = now_wib()
    db.execute(
        "INSERT INTO contacts (phone, channel, provider, opted_out, created_at, updated_at) VALUES (?, ?, ?, 0, ?, ?) "
        "ON CONFLICT(phone) DO UPDATE SET channel = excluded.channel, provider = excluded.provider, "
        "updated_at = excluded.updated_at "
        "WHERE contacts.channel IS NOT excluded.channel OR contacts.provider IS NOT excluded.provider",
        [bare_phone(phone), channel, provider, at, at])


def route_of(db: sqlite_utils.Database, phone: str) -> tuple[str, str] | None:
    """(channel, provider) the contact last wrote through, or None when never seen."""
    contact = get_contact(db, phone)
    if not contact or not contact.get("channel"):
        return None
    return contact["channel"], contact.get("provider") or "twilio"
