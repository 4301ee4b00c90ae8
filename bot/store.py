"""The one store of messages, contacts and cases (SQLite through sqlite-utils).

The webhook, the action server, the worker and the CLI all import this module;
nobody else writes SQL against these tables.

Phones are stored in E.164 form (``+6281234567890``) without the ``whatsapp:``
prefix; the channel (``sms`` or ``whatsapp``) is kept beside them.
"""
from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import sqlite_utils

WIB = timezone(timedelta(hours=7), "WIB")

CASE_KINDS = ("document", "pregnancy", "emergency", "transport", "rantang_kasih", "complaint", "handover")
CASE_STATUSES = ("new", "in_progress", "done", "rejected")
OPEN_STATUSES = ("new", "in_progress")

# Reference prefixes a villager types on a keypad: PREFIX-NNNN (<= 10 chars).
REF_PREFIX = {
    "document": "DOK",
    "pregnancy": "HML",
    "emergency": "DRT",
    "transport": "JEK",
    "rantang_kasih": "RKS",
    "complaint": "ADU",
    "handover": "OPR",
}
PREFIX_KIND = {v: k for k, v in REF_PREFIX.items()}
_REF_RE = re.compile(r"\b(DOK|HML|DRT|JEK|RKS|ADU|OPR)\s*-?\s*0*(\d{1,6})\b", re.IGNORECASE)


def now_wib() -> str:
    """Current time as ISO 8601 in WIB (Asia/Jakarta), seconds precision."""
    return datetime.now(WIB).replace(microsecond=0).isoformat()


def format_ref(prefix: str, number: int) -> str:
    return f"{prefix}-{number:04d}"


def parse_ref(text: str) -> str | None:
    """Find a case reference in free text: 'cek DOK-0042', 'dok0042', 'Dok-42' -> 'DOK-0042'."""
    m = _REF_RE.search(text or "")
    if not m:
        return None
    return format_ref(m.group(1).upper(), int(m.group(2)))


def bare_phone(address: str) -> str:
    """'whatsapp:+62812…' -> '+62812…'; whitespace stripped."""
    address = (address or "").strip()
    if address.lower().startswith("whatsapp:"):
        address = address[len("whatsapp:"):]
    return address.strip()


# --------------------------------------------------------------------------- schema


# Database files this process has already migrated, by (device, inode): the webhook
# opens the store on every request and the migration need not run each time.
_MIGRATED: set[tuple[int, int]] = set()


def open_db(path: str | Path | None = None) -> sqlite_utils.Database:
    """Open (and migrate) the database. ``path=None`` or ':memory:' gives an in-memory one.

    A file is migrated once per process (again if it was replaced by a new file).
    """
    if path is None or str(path) == ":memory:":
        db = sqlite_utils.Database(memory=True)
        migrate(db)
        return db
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    db.execute("PRAGMA busy_timeout = 5000")
    st = os.stat(path)
    key = (st.st_dev, st.st_ino)
    if key not in _MIGRATED:
        db.enable_wal()
        migrate(db)
        _MIGRATED.add(key)
    return db


def migrate(db: sqlite_utils.Database) -> None:
    """Create or extend the tables. Idempotent: safe to run at every start."""
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


# --------------------------------------------------------------------------- messages


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


# --------------------------------------------------------------------------- contacts


def get_contact(db: sqlite_utils.Database, phone: str) -> dict | None:
    try:
        return db["contacts"].get(bare_phone(phone))
    except sqlite_utils.db.NotFoundError:
        return None


def upsert_contact(db: sqlite_utils.Database, phone: str, **fields: Any) -> dict:
    phone = bare_phone(phone)
    at = now_wib()
    existing = get_contact(db, phone)
    row = {"phone": phone, "updated_at": at, **fields}
    if existing is None:
        row.setdefault("created_at", at)
        row.setdefault("opted_out", 0)
    db["contacts"].upsert(row, pk="phone", alter=True)
    return db["contacts"].get(phone)


def set_opt_out(db: sqlite_utils.Database, phone: str, opted_out: bool, **fields: Any) -> None:
    """Store the opt-out (STOP) or opt-in (MULAI); ``fields`` update the contact in the same write."""
    upsert_contact(db, phone, opted_out=1 if opted_out else 0, opted_out_at=now_wib() if opted_out else None,
                   **fields)


def is_opted_out(db: sqlite_utils.Database, phone: str) -> bool:
    contact = get_contact(db, phone)
    return bool(contact and contact.get("opted_out"))


# --------------------------------------------------------------------------- cases


def next_ref(db: sqlite_utils.Database, kind: str) -> str:
    prefix = REF_PREFIX[kind]
    with db.conn:
        db.execute(
            "INSERT INTO ref_counters (prefix, n) VALUES (?, 1) "
            "ON CONFLICT(prefix) DO UPDATE SET n = n + 1",
            [prefix],
        )
        n = db.execute("SELECT n FROM ref_counters WHERE prefix = ?", [prefix]).fetchone()[0]
    return format_ref(prefix, n)


def create_case(
    db: sqlite_utils.Database,
    kind: str,
    phone: str,
    channel: str,
    *,
    village: str | None = None,
    district: str | None = None,
    data: dict | None = None,
    assigned_to: Iterable[str] = (),
    actor: str = "bot",
) -> dict:
    if kind not in CASE_KINDS:
        raise ValueError(f"unknown case kind {kind!r}")
    ref = next_ref(db, kind)
    at = now_wib()
    db["cases"].insert(
        {
            "ref": ref,
            "kind": kind,
            "status": "new",
            "phone": bare_phone(phone),
            "channel": channel,
            "village": village,
            "district": district,
            "assigned_to": json.dumps(list(assigned_to)),
            "acknowledged_by": None,
            "created_at": at,
            "updated_at": at,
            "data": json.dumps(data or {}, ensure_ascii=False),
        }
    )
    add_case_event(db, ref, actor, "created")
    return get_case(db, ref)


def get_case(db: sqlite_utils.Database, ref: str) -> dict | None:
    try:
        row = db["cases"].get(ref)
    except sqlite_utils.db.NotFoundError:
        return None
    return _decode_case(row)


def _decode_case(row: dict) -> dict:
    row = dict(row)
    row["data"] = json.loads(row.get("data") or "{}")
    row["assigned_to"] = json.loads(row.get("assigned_to") or "[]")
    return row


def update_case(
    db: sqlite_utils.Database,
    ref: str,
    *,
    actor: str,
    event: str,
    note: str | None = None,
    status: str | None = None,
    data: dict | None = None,
    **fields: Any,
) -> dict:
    """Change a case and record the change as a case event. ``data`` is merged."""
    case = get_case(db, ref)
    if case is None:
        raise KeyError(ref)
    changes: dict[str, Any] = dict(fields)
    if status is not None:
        if status not in CASE_STATUSES:
            raise ValueError(f"unknown status {status!r}")
        changes["status"] = status
    if data:
        merged = {**case["data"], **data}
        changes["data"] = json.dumps(merged, ensure_ascii=False)
    if "assigned_to" in changes and not isinstance(changes["assigned_to"], str):
        changes["assigned_to"] = json.dumps(list(changes["assigned_to"]))
    changes["updated_at"] = now_wib()
    db["cases"].update(ref, changes)
    add_case_event(db, ref, actor, event, note)
    return get_case(db, ref)


def add_case_event(db: sqlite_utils.Database, ref: str, actor: str, event: str, note: str | None = None) -> None:
    db["case_events"].insert({"ref": ref, "at": now_wib(), "actor": actor, "event": event, "note": note})


def case_events(db: sqlite_utils.Database, ref: str) -> list[dict]:
    return list(db["case_events"].rows_where("ref = ?", [ref], order_by="id"))


def list_cases(
    db: sqlite_utils.Database,
    *,
    phone: str | None = None,
    kind: str | None = None,
    statuses: Iterable[str] | None = None,
    assigned_to: str | None = None,
    limit: int | None = None,
) -> list[dict]:
    where, params = [], []
    if phone:
        where.append("phone = ?")
        params.append(bare_phone(phone))
    if kind:
        where.append("kind = ?")
        params.append(kind)
    if statuses:
        statuses = list(statuses)
        where.append(f"status IN ({','.join('?' * len(statuses))})")
        params.extend(statuses)
    if assigned_to:
        # assigned_to is a JSON list; match the quoted phone inside it.
        where.append("assigned_to LIKE ?")
        params.append(f'%"{bare_phone(assigned_to)}"%')
    rows = db["cases"].rows_where(
        " AND ".join(where) or None, params, order_by="created_at desc, ref desc", limit=limit
    )
    return [_decode_case(r) for r in rows]


def export_case(case: dict) -> dict:
    """A case exactly as CONTRACT.md section 4 gives it."""
    return {
        "ref": case["ref"],
        "kind": case["kind"],
        "status": case["status"],
        "phone": case["phone"],
        "channel": case["channel"],
        "village": case.get("village"),
        "district": case.get("district"),
        "created_at": case["created_at"],
        "updated_at": case["updated_at"],
        "data": case["data"] if isinstance(case["data"], dict) else json.loads(case["data"] or "{}"),
    }


def export_cases(db: sqlite_utils.Database) -> list[dict]:
    rows = db["cases"].rows_where(order_by="created_at, ref")
    return [export_case(_decode_case(r)) for r in rows]


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
