"""The ``users`` table: staff accounts of the admin console.

Passwords arrive here already hashed (the web process hashes them with Werkzeug's scrypt;
the core imports no Werkzeug). Usernames are unique regardless of case.
"""
from __future__ import annotations

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
