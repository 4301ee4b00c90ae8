"""``record_audit``: one line of the console's audit log, from the data layer's commands.

The ``audit`` table belongs to the console (migration m005_console); this module creates
nothing. When the table is missing (a store without the console) the call does nothing and
says so (returns False), as when the table demands a column this module does not fill.
Only the columns the table has are written, so either side may grow.
"""
from __future__ import annotations

import json
import logging
import sqlite3
from typing import Any

import sqlite_utils

from bot.core.clock import now_iso

TABLE = "audit"
log = logging.getLogger(__name__)


def record_audit(db: sqlite_utils.Database, actor: str, action: str, *, target: str | None = None,
                 before: Any = None, after: Any = None, detail: Any = None, **extra: Any) -> bool:
    """Append an audit row (actor, action, target, before, after, detail, at); False when the
    store has no audit table. Structured values are stored as JSON."""
    table = db[TABLE]
    if not table.exists():
        return False
    row = {"actor": actor, "actor_name": actor, "action": action, "target": target, "at": now_iso(),
           "created_at": now_iso(), "before": before, "after": after, "detail": detail, **extra}
    row = {k: (json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v) for k, v in row.items()}
    columns = table.columns_dict
    try:
        table.insert({k: v for k, v in row.items() if k in columns})
    except sqlite3.IntegrityError:  # a required column this module does not know: say so, do not undo the change
        log.exception("audit row for %s not written", action)
        return False
    return True
