"""GET /healthz: 200 with each part named once every part answers, 503 before."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from bot import rasa_client
from bot.core import store
from bot.core.redis_client import get_redis

bp = Blueprint("health", __name__)


def check_parts(settings) -> dict[str, str]:
    parts: dict[str, str] = {}

    def check(name, fn):
        try:
            fn()
            parts[name] = "ok"
        except Exception as exc:  # noqa: BLE001 - any failure means "not ready"
            parts[name] = f"error: {type(exc).__name__}"

    check("redis", lambda: get_redis(settings.redis_url).ping())
    check("rasa", lambda: rasa_client.status(settings))
    check("actions", lambda: rasa_client.action_server_health(settings))

    def database():
        db = store.open_db(settings.db_path)
        try:
            db.execute("SELECT 1").fetchone()
        finally:
            db.close()

    check("database", database)
    return parts


@bp.get("/healthz")
def healthz():
    parts = check_parts(current_app.config["SETTINGS"])
    ok = all(v == "ok" for v in parts.values())
    return jsonify({"status": "ok" if ok else "unavailable", **parts, "parts": parts}), 200 if ok else 503
