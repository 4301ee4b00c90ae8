"""The request's database connection (flaskr style): ``get_db()``, closed at teardown."""
from __future__ import annotations

import sqlite_utils
from flask import current_app, g

from bot.core import store


def get_db() -> sqlite_utils.Database:
    if "db" not in g:
        g.db = store.open_db(current_app.config["SETTINGS"].db_path)
    return g.db


def close_db(exc: BaseException | None = None) -> None:
    db = g.pop("db", None)
    if db is not None:
        db.close()


def init_app(app) -> None:
    app.teardown_appcontext(close_db)
