"""GET /healthz: 200 with each part named once every part answers, 503 before.

With several Rasa servers (RASA_URL a list) ``rasa`` is "ok" only when every one answers,
and ``rasa_servers`` names each with its own state: while one is down the webhook still
answers through the others, but the stack is not whole (a supervisor should restart it).

``gateways``: the local SMS gateways that are on (the SMSGate phone's own health check; the
modem's outbox not stuck), reported but not part of the status: the bot still answers on
WhatsApp and keeps SMS replies queued while a phone is off, and restarting the stack does not
bring a phone back (an admin must look at it)."""
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


def gateways(settings) -> dict[str, str]:
    """Each local SMS gateway that is on: "ok", "warn: ..." or "error: ..."."""
    found: dict[str, str] = {}
    if "smsgate" in settings.channels:
        from bot.core import smsgate

        try:
            state = smsgate.health(settings)
            found["smsgate"] = "ok" if state == "pass" else f"{'warn' if state == 'warn' else 'error'}: phone says {state}"
        except Exception as exc:  # noqa: BLE001 - any failure: the phone is not serving
            found["smsgate"] = f"error: {type(exc).__name__}"
    if "gammu" in settings.channels:
        from bot.core import gammu

        try:
            found["gammu"] = gammu.outbox_state(settings)
        except OSError as exc:
            found["gammu"] = f"error: {type(exc).__name__}"
    return found


@bp.get("/healthz")
def healthz():
    settings = current_app.config["SETTINGS"]
    servers = rasa_servers(settings)
    parts = check_parts(settings, servers)
    ok = all(v == "ok" for v in parts.values())
    body = {"status": "ok" if ok else "unavailable", **parts, "parts": parts, "rasa_servers": servers,
            "gateways": gateways(settings)}
    return jsonify(body), 200 if ok else 503
