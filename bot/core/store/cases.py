"""The ``cases``, ``case_events`` and ``ref_counters`` tables; case references; the export
(CONTRACT.md section 4). Case data is a JSON object; ``assigned_to`` a JSON list of phones."""
from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

import sqlite_utils

from bot.core.clock import now_iso as now_wib
from bot.core.kinds import CASE_KINDS, CASE_STATUSES, KINDS
from bot.core.phones import bare as bare_phone
from bot.core.store.schema import select

_REF_RE = re.compile(
    r"\b(" + "|".join(k.prefix for k in KINDS.values()) + r")\s*-?\s*0*(\d{1,6})\b", re.IGNORECASE)


def format_ref(prefix: str, number: int) -> str:
    return f"{prefix}-{number:04d}"


def parse_ref(text: str) -> str | None:
    """Find a case reference in free text: 'cek DOK-0042', 'dok0042', 'Dok-42' -> 'DOK-0042'."""
    m = _REF_RE.search(text or "")
    if not m:
        return None
    return format_ref(m.group(1).upper(), int(m.group(2)))


def next_ref(db: sqlite_utils.Database, kind: str) -> str:
    prefix = KINDS[kind].prefix
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
    sql = "SELECT * FROM cases" + (f" WHERE {' AND '.join(where)}" if where else "") + " ORDER BY created_at DESC, ref DESC"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    return [_decode_case(r) for r in select(db, sql, params)]  # read on every message: plain SQL


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
