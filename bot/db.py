"""The request's database connection: ``get_db()``.

One connection per thread of the web process, kept open between requests (flaskr opens and
closes one per request): opening costs a connect and its pragmas, and closing the last
connection to a WAL database checkpoints it (two fsyncs) and deletes the WAL, on every
message when traffic is light. At the end of a request a transaction left open by an error
is rolled back, so the next request starts clean.
"""
from __future__ import annotations

import contextlib
import threading

import sqlite_utils
from flask import current_app, g

from bot.core import store

EXTENSION = "smartkampung_db"


def _connections() -> threading.local:
    return current_app.extensions[EXTENSION]


def get_db() -> sqlite_utils.Database:
    if "db" not in g:
        local = _connections()
        db = getattr(local, "db", None)
        if db is None:
            db = local.db = store.open_db(current_app.config["SETTINGS"].db_path)
        g.db = db
    return g.db


def release_db(exc: BaseException | None = None) -> None:
    """End of the request: the thread's connection stays open, without a transaction."""
    db = g.pop("db", None)
    if db is None:
        return
    try:
        if db.conn.in_transaction:
            db.conn.rollback()
    except Exception:  # noqa: BLE001 - an unusable connection is dropped, the next request opens one
        drop_db(db)


def discard_db() -> None:
    """After a database error: the request's connection is closed; the next request opens a new one."""
    db = g.pop("db", None)
    if db is not None:
        drop_db(db)


def drop_db(db: sqlite_utils.Database) -> None:
    """Close ``db`` and forget it (a new one is opened on the next ``get_db``)."""
    local = _connections()
    if getattr(local, "db", None) is db:
        local.db = None
    with contextlib.suppress(Exception):  # closing a broken connection
        db.close()


def init_app(app) -> None:
    app.extensions[EXTENSION] = threading.local()
    app.teardown_appcontext(release_db)
