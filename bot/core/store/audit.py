"""The ``audit_log`` table: who did what, before and after, when. Append-only: this module
has no update or delete, and triggers (m005_console) make the database refuse both.

Two ways in: ``record`` (the console: the signed-in user's row, the request's address and
browser) and ``record_audit`` (the data layer's commands: retention, erasure; an actor
label such as ``admin:rina`` or ``cli:root``). Rows carry no whole phone numbers or NIKs:
callers pass masked values (``phones.mask``), so an erasure never needs to touch this log.
"""
from __future__ import annotations

import json
import logging
import sqlite3
from typing import Any

import sqlite_utils

from bot.core.clock import now_iso
from bot.core.store.schema import select

TABLE = "audit_log"
COLUMNS = ("id", "at", "actor_id", "actor", "actor_name", "actor_role", "action", "object_type", "object_id",
           "before", "after", "ip", "user_agent")
log = logging.getLogger(__name__)


def _json(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def record(db: sqlite_utils.Database, action: str, *, actor: dict | None = None, object_type: str | None = None,
           object_id: Any = None, before: Any = None, after: Any = None, ip: str | None = None,
           user_agent: str | None = None, actor_label: str | None = None) -> int:
    """Append one row. ``actor`` is the user row (its name is copied as it is now); without
    one, ``actor_label`` names who did it ("cli", "system", the username tried at a failed
    login). Inside the caller's transaction when there is one (a savepoint), else committed."""
    actor = actor or {}
    with db.atomic():
        return db.execute(
            "INSERT INTO audit_log (at, actor_id, actor, actor_name, actor_role, action, object_type, object_id, "
            "before, after, ip, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [now_iso(), actor.get("id"), actor.get("username") or actor_label, actor.get("name"), actor.get("role"),
             action, object_type, None if object_id is None else str(object_id), _json(before), _json(after),
             (ip or "")[:64] or None, (user_agent or "")[:300] or None],
        ).lastrowid


def record_audit(db: sqlite_utils.Database, actor: str, action: str, *, target: str | None = None,
                 before: Any = None, after: Any = None, detail: Any = None, object_type: str | None = None,
                 **extra: Any) -> bool:
    """An audit row for a data-layer command (``actor``: a label; ``detail``: what it did, kept
    in ``after`` beside ``after`` itself). False, and the command's own change stands, when the
    store has no audit table or the row cannot be written."""
    if not db[TABLE].exists():
        return False
    if detail is not None:
        after = detail if after is None else {"after": after, "detail": detail}
    try:
        record(db, action, actor_label=actor, object_type=object_type, object_id=target, before=before, after=after,
               ip=extra.get("ip"), user_agent=extra.get("user_agent"))
    except sqlite3.DatabaseError:  # never undo the change the row describes
        log.exception("audit row for %s not written", action)
        return False
    return True


def entries(db: sqlite_utils.Database, *, action: str | None = None, actor: str | None = None,
            object_id: str | None = None, limit: int | None = 500, offset: int = 0) -> list[dict]:
    """Rows, newest first, optionally of one action, actor (username) or object."""
    where, params = [], []
    for column, value in (("action", action), ("actor", actor), ("object_id", object_id)):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    sql = "SELECT * FROM audit_log" + (f" WHERE {' AND '.join(where)}" if where else "") + " ORDER BY id DESC"
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [int(limit), int(offset)]
    return select(db, sql, params)


def actions(db: sqlite_utils.Database) -> list[str]:
    return [r[0] for r in db.execute("SELECT DISTINCT action FROM audit_log ORDER BY action").fetchall()]
