"""The ``users`` table: staff accounts of the admin console.

Passwords arrive here already hashed (the web process hashes them with Werkzeug's scrypt;
the core imports no Werkzeug). Usernames are unique regardless of case.
"""
from __future__ import annotations

import secrets
from typing import Any

import sqlite_utils

from bot.core.clock import now_iso
from bot.core.store.schema import select

ROLES = ("admin", "operator", "bidan", "bhabinkamtibmas", "kecamatan")


class UserError(ValueError):
    """The account cannot be made or changed as asked."""


def create_user(db: sqlite_utils.Database, username: str, password_hash: str, role: str, *,
                name: str | None = None, village: str | None = None, district: str | None = None) -> dict:
    username = (username or "").strip()
    if not username or len(username) > 64 or any(ch.isspace() for ch in username):
        raise UserError("username must be 1-64 characters without spaces")
    if role not in ROLES:
        raise UserError(f"role must be one of {', '.join(ROLES)}")
    if get_user_by_username(db, username) is not None:
        raise UserError(f"user {username!r} exists already")
    at = now_iso()
    with db.conn:
        user_id = db.execute(
            "INSERT INTO users (username, name, password_hash, role, village, district, active, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)",
            [username, name or username, password_hash, role, village or None, district or None, at, at],
        ).lastrowid
    return get_user(db, user_id)


def get_user(db: sqlite_utils.Database, user_id: Any) -> dict | None:
    try:
        user_id = int(user_id)
    except (TypeError, ValueError):
        return None
    rows = select(db, "SELECT * FROM users WHERE id = ?", [user_id])
    return rows[0] if rows else None


def get_user_by_username(db: sqlite_utils.Database, username: str) -> dict | None:
    rows = select(db, "SELECT * FROM users WHERE username = ? COLLATE NOCASE", [(username or "").strip()])
    return rows[0] if rows else None


def list_users(db: sqlite_utils.Database) -> list[dict]:
    return select(db, "SELECT * FROM users ORDER BY username COLLATE NOCASE")


def update_user(db: sqlite_utils.Database, user_id: int, **fields: Any) -> None:
    allowed = {"name", "password_hash", "role", "village", "district", "active", "last_login_at"}
    unknown = set(fields) - allowed
    if unknown:
        raise UserError(f"not a changeable column of users: {sorted(unknown)}")
    if "role" in fields and fields["role"] not in ROLES:
        raise UserError(f"role must be one of {', '.join(ROLES)}")
    fields["updated_at"] = now_iso()
    sets = ", ".join(f"{k} = ?" for k in fields)
    with db.conn:
        db.execute(f"UPDATE users SET {sets} WHERE id = ?", [*fields.values(), int(user_id)])
    if "password_hash" in fields or not fields.get("active", 1):
        close_sessions(db, user_id)  # a new password or a deactivation signs the account out everywhere


def open_session(db: sqlite_utils.Database, user_id: int) -> str:
    """A new sign-in of ``user_id``: its random id, which the session cookie carries."""
    sid = secrets.token_urlsafe(32)
    with db.conn:
        db["console_sessions"].insert({"sid": sid, "user_id": int(user_id), "created_at": now_iso()})
    return sid


def session_open(db: sqlite_utils.Database, sid: str | None, user_id: Any) -> bool:
    """Whether the sign-in ``sid`` of ``user_id`` still stands (not signed out, not ended)."""
    if not sid:
        return False
    rows = list(db.execute("SELECT user_id FROM console_sessions WHERE sid = ?", [str(sid)]).fetchall())
    return bool(rows) and str(rows[0][0]) == str(user_id)


def close_session(db: sqlite_utils.Database, sid: str | None) -> None:
    with db.conn:
        db.execute("DELETE FROM console_sessions WHERE sid = ?", [str(sid or "")])


def close_sessions(db: sqlite_utils.Database, user_id: Any) -> None:
    with db.conn:
        db.execute("DELETE FROM console_sessions WHERE user_id = ?", [int(user_id)])
