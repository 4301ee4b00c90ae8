"""A local stand-in for an Android phone running SMSGate in local mode (dev and tests).

It answers ``POST /message`` as the phone does (HTTP Basic auth; JSON ``id``, ``textMessage``
``{"text"}`` or ``message``, ``phoneNumbers``; 202 and the message's state), refuses a second
message with an ``id`` it holds (409), records every message, and, when a webhook is
registered (``POST /webhooks`` as on the phone: ``{"url", "event"}``), posts signed
``sms:sent`` and ``sms:delivered`` events for it the way the phone does.

The phone's other half: ``post_received`` (and ``POST /_fake/receive`` with ``phone`` and
``text``) posts a signed ``sms:received`` event to the registered webhook as if a villager
had texted the phone; ``twice=true`` posts it twice under two event ids (SMSGate's known
double post).

Inspection for tests: ``GET /_fake/messages`` (``?to=+62…``), ``DELETE /_fake/messages``;
``POST /_fake/fail`` (JSON ``{"count", "status"}``) makes the next sends fail with that HTTP
status.

Run: ``python -m bot.fake_smsgate --port 5098 --user sms --password … --secret …``.
"""
from __future__ import annotations

import argparse
import json
import logging
import secrets
import threading
from datetime import datetime, timezone

import requests
from flask import Flask, jsonify, request

from bot.core import smsgate
from bot.core.sms import info
from bot.fake_server import BackgroundServer, serve

log = logging.getLogger(__name__)


def create_fake_app(user: str, password: str, secret: str, callbacks: bool = True) -> Flask:
    app = Flask("fake_smsgate")
    lock = threading.Lock()
    messages: list[dict] = []
    hooks: dict[str, dict] = {}  # id -> {"id", "url", "event"}
    failures: list[int] = [0, 500]  # remaining, HTTP status
    state = {"health": "pass"}  # what GET /health says ("pass", "warn", "fail")

    def authorised() -> bool:
        auth = request.authorization
        return auth is not None and auth.username == user and auth.password == password

    def post_event(event: dict) -> int | None:
        """Post ``event`` to the webhooks registered for its name; the last HTTP status."""
        status = None
        with lock:
            targets = [h["url"] for h in hooks.values() if h["event"] == event["event"]]
        for url in targets:
            try:
                status = smsgate.post_signed(requests, url, event, secret, timeout=30).status_code
            except requests.RequestException as exc:
                log.warning("webhook post failed: %s", type(exc).__name__)
        return status

    def report(record: dict) -> None:
        for name, state in (("sms:sent", "Sent"), ("sms:delivered", "Delivered")):
            post_event(smsgate.status_event(name, record["id"], record["to"]))
            with lock:
                record["state"] = state

    @app.post("/message")
    def send():
        if not authorised():
            return jsonify(message="Unauthorized"), 401
        data = request.get_json(silent=True)
        if not isinstance(data, dict):
            return jsonify(message="invalid JSON"), 400
        text = data.get("message")
        if text is None and isinstance(data.get("textMessage"), dict):
            text = data["textMessage"].get("text")
        numbers = data.get("phoneNumbers")
        if not isinstance(text, str) or not text or not isinstance(numbers, list) or not numbers:
            return jsonify(message="message and phoneNumbers are required"), 400
        ref = str(data.get("id") or secrets.token_urlsafe(15))
        with lock:
            if failures[0] > 0:
                failures[0] -= 1
                return jsonify(message="failing on purpose"), failures[1]
            if any(m["id"] == ref for m in messages):
                return jsonify(message=f"message with id {ref} already exists"), 409
            record = {"id": ref, "to": str(numbers[0]), "phoneNumbers": [str(n) for n in numbers], "body": text,
                      "state": "Pending", "segments": info(text).segments,
                      "created_at": datetime.now(timezone.utc).isoformat()}
            messages.append(record)
        if callbacks:
            threading.Thread(target=report, args=(record,), daemon=True).start()
        recipients = [{"phoneNumber": n, "state": "Pending"} for n in record["phoneNumbers"]]
        return jsonify(id=ref, state="Pending", isHashed=False, isEncrypted=False, recipients=recipients), 202

    @app.get("/webhooks")
    def list_hooks():
        if not authorised():
            return jsonify(message="Unauthorized"), 401
        with lock:
            return jsonify(list(hooks.values()))

    @app.post("/webhooks")
    def add_hook():
        if not authorised():
            return jsonify(message="Unauthorized"), 401
        data = request.get_json(silent=True) or {}
        if not data.get("url") or not data.get("event"):
            return jsonify(message="url and event are required"), 400
        hook = {"id": str(data.get("id") or secrets.token_urlsafe(8)), "url": data["url"], "event": data["event"]}
        with lock:
            hooks[hook["id"]] = hook
        return jsonify(hook), 201

    @app.post("/_fake/receive")
    def receive():
        data = request.get_json(silent=True) or {}
        event = smsgate.received_event(str(data.get("phone", "")), str(data.get("text", "")))
        statuses = [post_event(event)]
        if data.get("twice"):
            statuses.append(post_event({**event, "id": secrets.token_urlsafe(16)}))
        return jsonify(event=event, statuses=statuses)

    @app.get("/_fake/messages")
    def list_messages():
        to = request.args.get("to", "")
        with lock:
            return jsonify([dict(m) for m in messages if not to or m["to"] == to])

    @app.delete("/_fake/messages")
    def clear_messages():
        with lock:
            messages.clear()
            failures[:] = [0, 500]
        return "", 204

    @app.post("/_fake/fail")
    def fail_next():
        data = request.get_json(silent=True) or {}
        with lock:
            failures[:] = [int(data.get("count", 1)), int(data.get("status", 500))]
        return "", 204

    @app.get("/health")
    def health():
        with lock:
            status = state["health"]
        return {"status": status, "checks": {}}, 200 if status != "fail" else 503

    @app.post("/_fake/health")
    def set_health():
        with lock:
            state["health"] = (request.get_json(silent=True) or {}).get("status", "pass")
        return "", 204

    return app


class FakeSmsGateServer(BackgroundServer):
    """The fake phone in a background thread: ``with FakeSmsGateServer(...) as phone: phone.url``."""

    def __init__(self, user: str = "sms", password: str = "", secret: str = "", host: str = "127.0.0.1",
                 port: int = 0, callbacks: bool = True):
        self.user, self.password = user, password or secrets.token_hex(8)
        self.secret = secret or secrets.token_hex(16)
        super().__init__(create_fake_app(self.user, self.password, self.secret, callbacks=callbacks), host, port)

    def register(self, url: str, events=("sms:received", "sms:sent", "sms:delivered", "sms:failed")) -> None:
        """Register the bot's webhook for ``events``, as an operator does with curl."""
        for event in events:
            response = requests.post(f"{self.url}/webhooks", json={"url": url, "event": event},
                                     auth=(self.user, self.password), timeout=5)
            response.raise_for_status()

    def messages(self, to: str | None = None) -> list[dict]:
        return requests.get(f"{self.url}/_fake/messages", params={"to": to or ""}, timeout=5).json()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Local stand-in for an Android phone running SMSGate")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5098)
    parser.add_argument("--user", default="sms")
    parser.add_argument("--password", required=True)
    parser.add_argument("--secret", required=True, help="the webhook signing key (SMSGATE_WEBHOOK_SECRET)")
    parser.add_argument("--webhook", default="", help="register this URL for every event at start")
    args = parser.parse_args(argv)
    app = create_fake_app(args.user, args.password, args.secret)
    if args.webhook:
        with app.test_client() as client:
            for event in ("sms:received", "sms:sent", "sms:delivered", "sms:failed"):
                client.post("/webhooks", data=json.dumps({"url": args.webhook, "event": event}),
                            content_type="application/json", auth=(args.user, args.password))
    serve(app, args.host, args.port, "fake SMSGate")

if __name__ == "__main__":
    main()
