"""SMSGate's webhook: ``POST /smsgate/webhook`` (CONTRACT.md 2a).

signature (fail closed: ``X-Signature`` over the raw body and ``X-Timestamp``, keyed with
SMSGATE_WEBHOOK_SECRET; a stale timestamp is refused) -> parse -> by event:

* ``sms:received``: ``bot.inbound.handle``, the steps every carrier shares (store,
  de-duplicate, keywords, the emergency net, Rasa, cases); the replies were queued for the
  phone's API (paced). The answer is 200 JSON whatever became of the message; a repeat of an
  SMS already taken (SMSGate posts some twice under new ids) is 200 and nothing more.
* ``sms:sent``, ``sms:delivered``, ``sms:failed``: the status of our outbound message (its
  ``messageId`` is our own id) through ``smsgate.EVENT_STATUS``.

Bad JSON, an empty or huge body, an unknown event -> 4xx, never a 500.
"""
from __future__ import annotations

import logging

from flask import Blueprint, Response, current_app, jsonify, request

from bot import inbound
from bot.core import smsgate, store
from bot.core.channels import SMSGATE, ParseError
from bot.core.settings import Settings
from bot.db import get_db

log = logging.getLogger(__name__)

bp = Blueprint("smsgate", __name__, url_prefix="/smsgate")


def _settings() -> Settings:
    return current_app.config["SETTINGS"]


def _refuse(status: int, reason: str) -> Response:
    log.warning("smsgate webhook refused (%s): %s", status, reason)
    return Response("Unauthorized" if status == 401 else "Forbidden", status=status, mimetype="text/plain")


def _bad(reason: str, status: int = 400) -> Response:
    log.warning("smsgate webhook: bad request: %s", reason)
    return Response(f"Bad request: {reason}.", status=status, mimetype="text/plain")


@bp.post("/webhook")
def webhook() -> Response:
    settings = _settings()
    if SMSGATE not in settings.channels:
        return Response("Not found: the SMSGate channel is off (SMSGATE_URL).", status=404, mimetype="text/plain")
    if (request.content_length or 0) > smsgate.MAX_WEBHOOK_BYTES:
        return _bad("body too large", 413)
    body = request.get_data(cache=False)
    if len(body) > smsgate.MAX_WEBHOOK_BYTES:
        return _bad("body too large", 413)
    timestamp, signature = request.headers.get("X-Timestamp"), request.headers.get("X-Signature")
    if not timestamp or not signature:
        return _refuse(401, "missing X-Timestamp or X-Signature")
    reason = smsgate.check_signature(settings.smsgate_webhook_secret, body, timestamp, signature)
    if reason:
        return _refuse(403, reason)
    try:
        event = smsgate.parse_event(body)
    except ParseError as exc:
        return _bad(str(exc))
    if event.event == smsgate.RECEIVED:
        return _received(settings, event)
    try:
        change = smsgate.delivery_status(event)
    except ParseError as exc:
        return _bad(str(exc))
    if change is None:  # sms:data-received, system:ping, mms:received...: nothing of ours
        log.info("smsgate event %s ignored", event.event)
        return jsonify(ok=True, ignored=event.event)
    ref, status, error = change
    db = get_db()
    known = store.message_by_sid(db, ref, direction="out")
    if known and known["status"] == "delivered" and status == "sent":  # posts may arrive out of order
        return jsonify(ok=True, updated=0)
    changed = store.update_message_status_by_sid(db, ref, status, error)
    if not changed:
        log.info("smsgate status for an unknown message")
    return jsonify(ok=True, updated=changed)


def _received(settings: Settings, event: smsgate.Event) -> Response:
    try:
        msg = smsgate.parse_received(event)
    except ParseError as exc:
        return _bad(str(exc))
    handled = inbound.handle(settings, msg)
    if handled.outcome == inbound.FAILED and handled.message_id is None:  # not even stored: the phone retries
        return Response("Service unavailable: try again.", status=503, mimetype="text/plain",
                        headers={"Retry-After": "30"})
    response = jsonify(ok=True, outcome=handled.outcome)
    response.call_on_close(lambda: inbound.kick(handled))
    return response
