"""A local stand-in for the part of Twilio's REST API the bot uses (dev and tests).

It answers ``POST /2010-04-01/Accounts/{sid}/Messages.json`` as Twilio does
(HTTP Basic auth, form fields ``To``, ``From``, ``Body``, ``StatusCallback``;
201 and the message's JSON), records every message, and, when a
``StatusCallback`` was given, posts signed ``sent`` and ``delivered``
callbacks to it the way Twilio does.

Inspection for tests: ``GET /_fake/messages`` (``?to=+62…`` matches both the SMS
and the ``whatsapp:`` form), ``DELETE /_fake/messages``; ``POST /_fake/fail``
with ``to``, ``count``, ``status`` (500, 429 or 400) and, for 400, ``code`` (21610: the
recipient unsubscribed; else 21211) makes the next ``count`` sends to that number fail
that way (to exercise retries).

Run: ``python -m bot.fake_twilio --port 5099``.
"""
from __future__ import annotations

import argparse
import logging
import secrets
import threading
from datetime import datetime, timezone
from email.utils import format_datetime

import requests
from flask import Flask, jsonify, request
from twilio.request_validator import RequestValidator

from bot.core.phones import bare as _bare
from bot.core.phones import split_address
from bot.core.sms import info
from bot.fake_server import BackgroundServer, serve

log = logging.getLogger(__name__)


def create_fake_app(callbacks: bool = True) -> Flask:
    app = Flask("fake_twilio")
    lock = threading.Lock()
    messages: list[dict] = []
    failures: dict[str, list[int]] = {}  # bare number -> [remaining, HTTP status]

    def error(status: int, code: int, message: str):
        body = {"code": code, "message": message, "more_info": f"https://www.twilio.com/docs/errors/{code}",
                "status": status}
        return jsonify(body), status

    def send_callbacks(url: str, record: dict, token: str) -> None:
        validator = RequestValidator(token)
        for status in ("sent", "delivered"):
            form = {
                "MessageSid": record["sid"], "SmsSid": record["sid"], "AccountSid": record["account_sid"],
                "MessageStatus": status, "SmsStatus": status, "To": record["to_raw"], "From": record["from_"],
                "ApiVersion": "2010-04-01",
            }
            try:
                requests.post(url, data=form, timeout=5,
                              headers={"X-Twilio-Signature": validator.compute_signature(url, form)})
                with lock:
                    record["status"] = status
            except requests.RequestException as exc:
                log.warning("status callback failed: %s", type(exc).__name__)
                return

    @app.post("/2010-04-01/Accounts/<account_sid>/Messages.json")
    def create_message(account_sid: str):
        auth = request.authorization
        if auth is None or auth.username != account_sid or not auth.password:
            return error(401, 20003, "Authenticate")
        to, from_, body = request.form.get("To", ""), request.form.get("From", ""), request.form.get("Body", "")
        if not to:
            return error(400, 21604, "A 'To' phone number is required.")
        if not from_:
            return error(400, 21603, "A 'From' phone number is required.")
        if not body and not request.form.get("MediaUrl"):
            return error(400, 21602, "Message body is required.")
        if len(body) > 1600:
            return error(400, 21617, "The concatenated message body exceeds the 1600 character limit.")
        with lock:
            failing = failures.get(_bare(to))
            if failing and failing[0] > 0:
                failing[0] -= 1
                if failing[1] == 400:
                    if failing[2] == 21610:
                        return error(400, 21610, "Attempt to send to unsubscribed recipient")
                    return error(400, 21211, f"The 'To' number {to} is not a valid phone number.")
                if failing[1] == 429:
                    return error(429, 63018, "Rate limit exceeded for Channel")
                return error(failing[1], 20500, "Internal Server Error")
        sid = "SM" + secrets.token_hex(16)
        now = format_datetime(datetime.now(timezone.utc))
        sms = info(body)
        record = {
            "sid": sid,
            "account_sid": account_sid,
            "to": _bare(to),
            "to_raw": to,
            "from_": from_,
            "body": body,
            "channel": split_address(to)[1],
            "status": "queued",
            "status_callback": request.form.get("StatusCallback"),
            "num_segments": sms.segments,
            "encoding": sms.encoding,
            "created_at": datetime.now(timezone.utc).isoformat(),
        }
        with lock:
            messages.append(record)
        callback = record["status_callback"]
        if callbacks and callback:
            threading.Thread(target=send_callbacks, args=(callback, record, auth.password), daemon=True).start()
        payload = {
            "account_sid": account_sid,
            "api_version": "2010-04-01",
            "body": body,
            "date_created": now,
            "date_sent": None,
            "date_updated": now,
            "direction": "outbound-api",
            "error_code": None,
            "error_message": None,
            "from": from_,
            "messaging_service_sid": None,
            "num_media": "0",
            "num_segments": str(sms.segments),
            "price": None,
            "price_unit": "USD",
            "sid": sid,
            "status": "queued",
            "subresource_uris": {
                "media": f"/2010-04-01/Accounts/{account_sid}/Messages/{sid}/Media.json",
            },
            "to": to,
            "uri": f"/2010-04-01/Accounts/{account_sid}/Messages/{sid}.json",
        }
        return jsonify(payload), 201

    @app.get("/_fake/messages")
    def list_messages():
        to = _bare(request.args.get("to", ""))
        with lock:
            rows = [dict(m) for m in messages if not to or m["to"] == to]
        return jsonify(rows)

    @app.delete("/_fake/messages")
    def clear_messages():
        with lock:
            messages.clear()
            failures.clear()
        return "", 204

    @app.post("/_fake/fail")
    def fail_next():
        with lock:
            failures[_bare(request.form.get("to", ""))] = [
                int(request.form.get("count", 1)), int(request.form.get("status", 500)),
                int(request.form.get("code") or 0),
            ]
        return "", 204

    @app.get("/_fake/health")
    def health():
        return {"status": "ok"}

    return app


class FakeTwilioServer(BackgroundServer):
    """The fake in a background thread: ``with FakeTwilioServer() as fake: fake.url``."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, callbacks: bool = True):
        super().__init__(create_fake_app(callbacks=callbacks), host, port)

    def messages(self, to: str | None = None) -> list[dict]:
        return requests.get(f"{self.url}/_fake/messages", params={"to": to or ""}, timeout=5).json()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Local stand-in for Twilio's Messages API")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5099)
    parser.add_argument("--no-callbacks", action="store_true", help="do not call StatusCallback URLs")
    args = parser.parse_args(argv)
    serve(create_fake_app(callbacks=not args.no_callbacks), args.host, args.port, "fake Twilio")

if __name__ == "__main__":
    main()
