"""GET /healthz: 200 with each part named once every part answers, 503 before.

With several Rasa servers (RASA_URL a list) ``rasa`` is "ok" only when every one answers,
and ``rasa_servers`` names each with its own state: while one is down the webhook still
answers through the others, but the stack is not whole (a supervisor should restart it)."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from bot import rasa_client
from bot.core import store
from bot.core.redis_client import get_redis

bp = Blueprint("health", __name__)


def rasa_servers(settings) -> dict[str, str]:
    """Each Rasa server's state: "ok", or "error: <what failed>"."""
    found = {}
    for server in settings.rasa_urls:
        try:
            rasa_client.status(settings, server)
            found[server] = "ok"
        except Exception as exc:  # noqa: BLE001 - any failure means "not ready"
            found[server] = f"error: {type(exc).__name__}"
    return found


def check_parts(settings, servers: dict[str, str] | None = None) -> dict[str, str]:
    parts: dict[str, str] = {}

    def check(name, fn):
        try:
            fn()
            parts[name] = "ok"
        except Exception as exc:  # noqa: BLE001 - any failure means "not ready"
            parts[name] = f"error: {type(exc).__name__}"

    check("redis", lambda: get_redis(settings.redis_url).ping())
    servers = rasa_servers(settings) if servers is None else servers
    down = [state for state in servers.values() if state != "ok"]
    if not down:
        parts["rasa"] = "ok"
    elif len(servers) == 1:
        parts["rasa"] = down[0]
    else:
        parts["rasa"] = f"error: {len(down)} of {len(servers)} Rasa servers down"
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
    settings = current_app.config["SETTINGS"]
    servers = rasa_servers(settings)
    parts = check_parts(settings, servers)
    ok = all(v == "ok" for v in parts.values())
    body = {"status": "ok" if ok else "unavailable", **parts, "parts": parts, "rasa_servers": servers}
    return jsonify(body), 200 if ok else 503
