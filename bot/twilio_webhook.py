"""The Twilio webhook: ``POST /twilio/messages`` and ``POST /twilio/status``.

One message's way, one function per step: signature -> parse -> log -> de-duplicate ->
(per-sender lock) ``bot.pipeline.process`` (keywords, officer commands, handover, Rasa,
fitting) -> TwiML. Nothing here waits for an officer's notification; those go through
the queue.
"""
from __future__ import annotations

import logging
import time

import redis
from flask import Blueprint, Response, current_app, request
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from bot import emergency_net, inbox, pipeline, state
from bot.core import escalation, store, workflow
from bot.core.channels import InboundMessage, ParseError
from bot.core.phones import mask, split_address
from bot.core.redis_client import get_redis
from bot.core.settings import Settings
from bot.core.sms import MAX_BODY
from bot.core.twilio import parse_inbound, project_status
from bot.db import discard_db, get_db
from bot.pipeline import RasaDown, fitted

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
    params = request.form.to_dict(flat=False) if request.mimetype == "application/x-www-form-urlencoded" else {}
    params = {k: v[0] if len(v) == 1 else v for k, v in params.items()}
    return RequestValidator(token).validate(signed_url(settings), params, signature)


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
    try:
        db = get_db()
        message_id, repeat = inbox.accept(db, msg)  # stored before anything else
    except Exception as exc:  # the database is unusable: still answer, never a 500
        log.exception("could not log an inbound message: %s", type(exc).__name__)
        discard_db()  # a broken connection is not kept for the next request
        return twiml(fitted([pipeline.UNAVAILABLE], msg.channel))
    r = None
    try:
        r = get_redis(settings.redis_url)
        if repeat:
            return _duplicate(db, r, msg, message_id)
        # de-duplication and both burst counters: one round trip
        claimed, sender_count, global_count = state.admit(r, msg.message_sid, msg.phone, settings.sender_burst)
        if not claimed:
            return _duplicate(db, r, msg, message_id)
        if flooding(db, settings, msg, message_id, sender_count):
            return twiml(fitted([FLOOD], msg.channel) if state.first_flood_note(r, msg.phone) else [])
        if not global_count:  # over the sender's limit but a danger sign: it counts now
            global_count = state.burst(r, "*")
        if global_count > settings.global_burst and not emergency_net.alarm(db, msg):
            log.warning("message %s: the bot is busy; it waits in the inbox", message_id)
            return twiml(_defer(db, r, msg, message_id, "busy: global limit"))
        with state.sender_lock(r, msg.phone) as locked:
            if not locked:  # a turn of this contact runs on, or its worker died: never overtake it
                log.warning("sender lock for %s not taken in time; the message waits", mask(msg.phone))
                return twiml(_defer(db, r, msg, message_id, "waiting for the contact's turn"))
            if inbox.waiting(db, msg.phone, before=message_id):  # older messages first: this one waits
                return twiml(_defer(db, r, msg, message_id, "waiting behind earlier messages"))
            replies = pipeline.process(db, settings, r, msg, message_id, intent_later=True)
    except RasaDown as exc:
        return twiml(_defer(db, r, msg, message_id, f"rasa: {exc}"))
    except redis.RedisError as exc:  # kept in the inbox: the sweep answers it once Redis is back
        log.error("message %s: Redis unavailable (%s)", message_id, type(exc).__name__)
        return twiml(_defer(db, r, msg, message_id, f"redis: {type(exc).__name__}"))
    except Exception as exc:  # never a 500 to Twilio: the message is logged, the villager told
        log.exception("message %s failed: %s", message_id, type(exc).__name__)
        store.update_message(db, message_id, status="error", error=f"{type(exc).__name__}")
        _safe(lambda: state.release_message(get_redis(settings.redis_url), msg.message_sid))
        return _apology(db, msg)
    response = twiml(replies)
    # once the TwiML is sent (off the villager's wait): the worker reads the intents in batches
    # and sweeps the inbox (one round trip, best effort)
    response.call_on_close(lambda: inbox.kick(r))
    return response


FLOOD = "Maaf Bapak/Ibu, pesan terlalu banyak sekaligus. Mohon tunggu sebentar lalu kirim satu pesan saja."


def flooding(db, settings: Settings, msg: InboundMessage, message_id: int, count: int) -> bool:
    """More than ``sender_burst`` messages from this number within 10 s (``count``, this one
    included): kept (status ``limited``), not processed, not answered one by one. A danger sign
    always goes through."""
    if count <= settings.sender_burst or emergency_net.alarm(db, msg):
        return False
    store.update_message(db, message_id, status="limited")
    log.warning("message %s: flood from %s held back", message_id, mask(msg.phone))
    return True


def _defer(db, r: redis.Redis | None, msg: InboundMessage, message_id: int, reason: str) -> list[str]:
    """Rasa cannot answer now: the message waits in the inbox (the drain answers it). A danger
    sign, or the answer to "3 Darurat"'s question, does not wait: the emergency is opened and
    the officers paged at once."""
    extra: list[str] = []
    asked = _safe_value(lambda: state.take_emergency_question(r, msg.phone)) if r is not None else None
    if asked or emergency_net.alarm(db, msg):
        try:
            open_case = workflow.recent_open_case(db, msg.phone, "emergency", hours=12)
            if open_case:  # "darahnya makin banyak" again: the officers already told hear it, no second case
                escalation.tell_news(db, open_case, msg.text)
                extra = [emergency_net.responses()["utter_emergency_now"]]
            else:
                extra = emergency_net.open_without_rasa(db, msg, message_id)
        except Exception as exc:  # the advice goes out whatever failed; the drain opens the case later
            log.exception("message %s: emergency not opened without Rasa (%s)", message_id, type(exc).__name__)
            extra = [emergency_net.responses()["utter_emergency_now"]]
    return inbox.defer(db, msg, message_id, reason, extra)


def _apology(db, msg: InboundMessage) -> Response:
    replies = fitted([pipeline.UNAVAILABLE], msg.channel)
    _safe(lambda: store.log_message(db, "out", msg.channel, msg.phone, replies[0], status="sent"))
    return twiml(replies)


def _safe_value(fn):
    try:
        return fn()
    except redis.RedisError as exc:
        log.warning("redis step failed: %s", type(exc).__name__)
        return None


def _safe(fn) -> None:
    try:
        fn()
    except Exception as exc:  # noqa: BLE001 - best effort clean-up
        log.warning("clean-up step failed: %s", type(exc).__name__)


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
