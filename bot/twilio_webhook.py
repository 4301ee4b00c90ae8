"""The Twilio webhook: ``POST /twilio/messages`` and ``POST /twilio/status``.

Twilio's part of a message's way: signature -> parse -> ``bot.inbound.handle`` (store,
de-duplicate, limits, the contact's lock, ``bot.pipeline.process``: the steps every carrier
shares) -> TwiML; a retried MessageSid gets the first answer again. Nothing here waits for an
officer's notification; those go through the queue.
"""
from __future__ import annotations

import logging
import time
from functools import lru_cache
from urllib.parse import urlparse

import redis
from flask import Blueprint, Response, current_app, request
from twilio.request_validator import RequestValidator, add_port, compare, remove_port
from twilio.twiml.messaging_response import MessagingResponse

from bot import inbound, state
from bot.core import store
from bot.core.channels import InboundMessage, ParseError
from bot.core.phones import split_address
from bot.core.settings import Settings
from bot.core.sms import MAX_BODY
from bot.core.twilio import parse_inbound, project_status
from bot.db import get_db

log = logging.getLogger(__name__)

bp = Blueprint("twilio", __name__, url_prefix="/twilio")

BAD_REQUEST = "Bad request: this endpoint takes Twilio's form-encoded webhook."

# How long a retried request waits for the first one's reply.
DUPLICATE_WAIT_SECONDS = 8.0


def _settings() -> Settings:
    return current_app.config["SETTINGS"]


def twiml(replies: list[dict | str]) -> Response:
    response = MessagingResponse()
    for reply in replies:
        if isinstance(reply, str):
            reply = {"text": reply}
        message = response.message(reply.get("text") or "")
        if reply.get("media"):
            message.media(reply["media"])
    return Response(str(response), status=200, mimetype="text/xml")


# --------------------------------------------------------------------------- 1. signature


def signed_url(settings: Settings) -> str:
    """The URL Twilio signed: PUBLIC_BASE_URL + path (+ query) behind a proxy, else the request's."""
    if settings.public_base_url:
        query = request.query_string.decode("latin-1")
        return settings.public_base_url + request.path + (f"?{query}" if query else "")
    return request.url


def valid_signature(settings: Settings) -> bool:
    """Fail closed: no token, no signature or a wrong one -> False."""
    token = settings.twilio_auth_token
    signature = request.headers.get("X-Twilio-Signature", "")
    if not token or not signature:
        return False
    # the form itself: a repeated field is signed with each of its values (RequestValidator reads
    # a MultiDict with getlist); a dict of lists made it raise (a 500 for any such request)
    params = request.form if request.mimetype == "application/x-www-form-urlencoded" else {}
    return signature_matches(_validator(token), signed_url(settings), params, signature)


@lru_cache(maxsize=4)
def _validator(token: str) -> RequestValidator:
    return RequestValidator(token)


def signature_matches(validator: RequestValidator, url: str, params, signature: str) -> bool:
    """``RequestValidator.validate`` for form parameters (the URL without its port, then with
    it, as Twilio may sign either), stopping at the first that matches: one HMAC, not two."""
    parsed = urlparse(url)
    return any(compare(validator.compute_signature(candidate, params), signature)
               for candidate in (remove_port(parsed), add_port(parsed)))


def _forbidden(reason: str) -> Response:
    log.warning("rejected %s %s: %s", request.method, request.path, reason)
    return Response("Forbidden", status=403, mimetype="text/plain")


# --------------------------------------------------------------------------- the inbound webhook


@bp.post("/messages")
def messages() -> Response:
    settings = _settings()
    if not valid_signature(settings):
        return _forbidden("missing or invalid X-Twilio-Signature")
    if request.mimetype != "application/x-www-form-urlencoded":
        log.warning("rejected inbound request: content type %s", request.mimetype or "none")
        return Response(BAD_REQUEST, status=415, mimetype="text/plain")
    try:
        msg = parse_inbound(request.form)
    except ParseError as exc:
        return _unparseable(str(exc))
    handled = inbound.handle(settings, msg)
    if handled.outcome == inbound.DUPLICATE:
        return _duplicate(handled.db, handled.r, msg, handled.message_id)
    response = twiml(handled.replies)
    # once the TwiML is sent (off the villager's wait): the worker reads the intents in batches
    # and sweeps the inbox (one round trip, best effort)
    response.call_on_close(lambda: inbound.kick(handled))
    return response


def _unparseable(reason: str) -> Response:
    """Missing or malformed From/MessageSid: logged, answered 400 (there is nobody to reply to)."""
    form = request.form
    raw_from = (form.get("From") or "")[:40]
    channel = split_address(raw_from)[1]
    try:
        db = get_db()
        message_id = store.log_message(
            db, "in", channel, raw_from, (form.get("Body") or "")[: 4 * MAX_BODY],
            message_sid=(form.get("MessageSid") or None), status="error",
        )
        store.update_message(db, message_id, error=reason)
        log.warning("message %s rejected: %s", message_id, reason)
    except Exception as exc:  # noqa: BLE001 - the 400 matters more than the log row
        log.error("unparseable message not logged (%s): %s", type(exc).__name__, reason)
    return Response(f"Bad request: {reason}.", status=400, mimetype="text/plain")


def _duplicate(db, r: redis.Redis, msg: InboundMessage, message_id: int) -> Response:
    """A retried MessageSid: answer with the first reply, never process again."""
    store.update_message(db, message_id, status="duplicate")
    first = next(db["messages"].rows_where("direction = 'in' AND message_sid = ? AND status != 'duplicate'",
                                           [msg.message_sid], order_by="id", limit=1), None)
    if first and first["status"] != "received":
        return twiml(state.stored_reply(r, msg.message_sid) or [])  # answered or waiting: no need to wait
    deadline = time.monotonic() + DUPLICATE_WAIT_SECONDS
    replies = state.stored_reply(r, msg.message_sid)
    while replies is None and time.monotonic() < deadline:
        time.sleep(0.2)
        replies = state.stored_reply(r, msg.message_sid)
    log.info("message %s is a retry of %s", message_id, msg.message_sid[:8])
    return twiml(replies or [])


# --------------------------------------------------------------------------- status callback


@bp.post("/status")
def status() -> Response:
    settings = _settings()
    if not valid_signature(settings):
        return _forbidden("missing or invalid X-Twilio-Signature")
    sid = request.form.get("MessageSid") or request.form.get("SmsSid") or ""
    new_status = (request.form.get("MessageStatus") or request.form.get("SmsStatus") or "").lower()
    if not sid or not new_status:
        return Response("Bad request: MessageSid and MessageStatus required.", status=400, mimetype="text/plain")
    error = request.form.get("ErrorCode")
    ours = project_status(new_status, error)
    if ours is None:  # a word of Twilio's we do not map (receiving, received): nothing to record
        log.info("status callback with status %s ignored", new_status[:20])
        return Response("", status=204)
    changed = store.update_message_status_by_sid(get_db(), sid, ours, f"twilio {error}" if error else None)
    if not changed:
        log.info("status callback for an unknown message")
    return Response("", status=204)
