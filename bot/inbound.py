"""One inbound message's way after its carrier's webhook checked and parsed it, whatever the
carrier (Twilio's ``/twilio/messages``, SMSGate's ``/smsgate/webhook``, Gammu's hook):

store (the inbox) -> de-duplicate (Redis, SQLite's unique index behind it) -> flood and
global limits -> the contact's lock, older messages first -> ``bot.pipeline.process``
(keywords, officer commands, the emergency net, handover, Rasa) -> the replies.

Rasa down or too slow: the message waits in the inbox (``_defer``; a danger sign opens the
emergency at once). Nothing here raises: every outcome is a ``Handled`` the route renders
(Twilio as TwiML; a local gateway answers 2xx and its replies were queued for sending).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

import redis

from bot import emergency_net, inbox, pipeline, state
from bot.core import escalation, outbound, store, workflow
from bot.core.channels import InboundMessage
from bot.core.phones import mask
from bot.core.redis_client import get_redis
from bot.core.settings import Settings
from bot.db import discard_db, get_db
from bot.pipeline import RasaDown, fitted

log = logging.getLogger(__name__)

FLOOD = "Maaf Bapak/Ibu, pesan terlalu banyak sekaligus. Mohon tunggu sebentar lalu kirim satu pesan saja."

PROCESSED, DUPLICATE, DEFERRED, LIMITED, FAILED = "processed", "duplicate", "deferred", "limited", "failed"


@dataclass
class Handled:
    """What became of a message: ``outcome`` (one of the words above), the ``replies`` for a
    carrier that answers inline (for the others they were queued already), and the row."""

    outcome: str
    replies: list[str] = field(default_factory=list)
    message_id: int | None = None
    db: object = None
    r: redis.Redis | None = None
    due: tuple[bool, bool] | None = None  # the worker's jobs due (state.Held.finish), None: not asked yet


def handle(settings: Settings, msg: InboundMessage) -> Handled:
    """Store, de-duplicate and answer ``msg``. Never raises."""
    try:
        db = get_db()
        message_id, repeat = inbox.accept(db, msg)  # stored before anything else
    except Exception as exc:  # the database is unusable: kept in Redis, still answered, never a 500
        log.exception("could not log an inbound message: %s", type(exc).__name__)
        discard_db()  # a broken connection is not kept for the next request
        return _spilled(settings, msg)
    r = None
    try:
        r = get_redis(settings.redis_url)
        if repeat:
            return Handled(DUPLICATE, [], message_id, db, r)
        # de-duplication, both burst counters and, under both limits, the contact's lock and the
        # turn's flags: one round trip (state.begin)
        take_flags, take_question = pipeline.flags_wanted(msg)
        begun = state.begin(r, msg.message_sid, msg.phone, settings.sender_burst, settings.global_burst,
                            take_flags, take_question)
        if not begun.claimed:
            return Handled(DUPLICATE, [], message_id, db, r)
        if flooding(db, settings, msg, message_id, begun.sender):
            note = fitted([FLOOD] if state.first_flood_note(r, msg.phone) else [], msg.channel)
            deliver(db, msg, message_id, note)  # logged like every reply (round 20: it was not, inline)
            return Handled(LIMITED, note, message_id, db, r)
        global_count = begun.everyone or state.burst(r, "*")  # over the sender's limit but a danger sign: it counts now
        if global_count > settings.global_burst and not emergency_net.alarm(db, msg):
            log.warning("message %s: the bot is busy; it waits in the inbox", message_id)
            return Handled(DEFERRED, _defer(db, r, msg, message_id, "busy: global limit"), message_id, db, r)
        with state.sender_lock(r, msg.phone, token=begun.token) as held:
            if not held:  # a turn of this contact runs on, or its worker died: never overtake it
                log.warning("sender lock for %s not taken in time; the message waits", mask(msg.phone))
                return Handled(DEFERRED, _defer(db, r, msg, message_id, "waiting for the contact's turn"),
                               message_id, db, r)
            if inbox.waiting(db, msg.phone, before=message_id):  # older messages first: this one waits
                if begun.menu_shown:  # taken with the lock: left for the turn that answers this one
                    state.set_menu_shown(r, msg.phone, True)
                return Handled(DEFERRED, _defer(db, r, msg, message_id, "waiting behind earlier messages",
                                                asked=begun.asked), message_id, db, r)
            replies = pipeline.process(db, settings, r, msg, message_id, intent_later=True, flags=begun.flags)
            due = held.finish(msg.message_sid, replies, (inbox.INTENTS_SECONDS, inbox.SWEEP_SECONDS))
    except RasaDown as exc:
        return Handled(DEFERRED, _defer(db, r, msg, message_id, f"rasa: {exc}"), message_id, db, r)
    except redis.RedisError as exc:  # kept in the inbox: the sweep answers it once Redis is back
        log.error("message %s: Redis unavailable (%s)", message_id, type(exc).__name__)
        return Handled(DEFERRED, _defer(db, r, msg, message_id, f"redis: {type(exc).__name__}"), message_id, db, r)
    except Exception as exc:  # never a 500 to the carrier: the message is logged, the villager told
        log.exception("message %s failed: %s", message_id, type(exc).__name__)
        store.update_message(db, message_id, status="error", error=f"{type(exc).__name__}")
        _safe(lambda: state.release_message(get_redis(settings.redis_url), msg.message_sid))
        return Handled(FAILED, _apology(db, msg, message_id), message_id, db, r)
    return Handled(PROCESSED, replies, message_id, db, r, due)


def deliver(db, msg: InboundMessage, message_id: int, texts: list[str]) -> list[str]:
    """Log replies to ``msg`` (row ``message_id``; already fitted) and, for a carrier that does
    not answer inline, queue them; returns them (what an inline carrier puts in its answer)."""
    ids = pipeline.log_replies(db, msg, message_id, texts)
    pipeline.send_replies(msg, ids, texts)
    return texts


def flooding(db, settings: Settings, msg: InboundMessage, message_id: int, count: int) -> bool:
    """More than ``sender_burst`` messages from this number within 10 s (``count``, this one
    included): kept (status ``limited``), not processed, not answered one by one. A danger sign
    always goes through."""
    if count <= settings.sender_burst or emergency_net.alarm(db, msg):
        return False
    store.update_message(db, message_id, status="limited")
    log.warning("message %s: flood from %s held back", message_id, mask(msg.phone))
    return True


def _defer(db, r: redis.Redis | None, msg: InboundMessage, message_id: int, reason: str,
           asked: str | None = None) -> list[str]:
    """Rasa cannot answer now: the message waits in the inbox (the drain answers it). A danger
    sign, or the answer to "3 Darurat"'s question (``asked``: taken already), does not wait:
    the emergency is opened and the officers paged at once."""
    extra: list[str] = []
    if asked is None and r is not None:
        asked = _safe_value(lambda: state.take_emergency_question(r, msg.phone))
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


def _spilled(settings: Settings, msg: InboundMessage) -> Handled:
    """The database refused the message: Redis keeps it for the sweep (never lost), the
    villager hears it was received, and a danger sign gets the advice at once (the officers
    are paged when the drain answers it, seconds later)."""
    try:
        inbox.spill(get_redis(settings.redis_url), msg)
    except Exception as exc:  # noqa: BLE001 - neither store works: the carrier is told to send it again
        log.error("inbound message kept nowhere (%s)", type(exc).__name__)
        return Handled(FAILED, fitted([pipeline.UNAVAILABLE], msg.channel))
    from nlu.emergency import detect_text

    advice = [emergency_net.responses()["utter_emergency_now"]] if msg.text and detect_text(msg.text) else []
    replies = fitted(advice or [inbox.ACK], msg.channel)
    if not outbound.answers_inline(msg.provider):
        _safe(lambda: [outbound.notify(msg.phone, text, channel=msg.channel, provider=msg.provider) for text in replies])
    return Handled(DEFERRED, replies)


def _apology(db, msg: InboundMessage, message_id: int) -> list[str]:
    replies = fitted([pipeline.UNAVAILABLE], msg.channel)
    _safe(lambda: deliver(db, msg, message_id, replies))
    return replies


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


def kick(handled: Handled) -> None:
    """After the answer went out: the worker's periodic jobs (``inbox.kick``)."""
    if handled.outcome == PROCESSED and handled.r is not None:
        inbox.kick(handled.r, handled.due)


__all__ = ["FLOOD", "Handled", "deliver", "flooding", "handle", "kick"]
