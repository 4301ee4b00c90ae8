"""The inbox: every inbound message is a row of the messages table before anything else, and
a message Rasa could not answer stays there (status ``pending``) until it is answered.

* ``accept``: the row, unique per MessageSid (SQLite's second line behind Redis, which a
  restart without persistence forgets).
* ``defer``: Rasa is down or too slow: the message waits; the villager gets one short note
  per outage ("pesan diterima, segera kami balas"), not an apology per message; a drain job
  is queued.
* ``drain`` (RQ job, retried with backoff): the contact's pending messages, in order, one
  at a time under the contact's lock, through the same pipeline; the replies go out through
  the outbound queue. A turn Rasa finished although the webhook gave up on it (a timeout) is
  found in the tracker by its message id and not run again: exactly once.
* ``sweep``: every pending contact gets a drain (the worker runs it at start and every
  minute), so a drain job lost with Redis is not a lost message.
* An emergency never waits for Rasa: ``emergency_net.open_without_rasa`` opens the case and
  pages the officers at once; the drain hands its ref to Rasa, which goes on with that case.
"""
from __future__ import annotations

import logging
import sqlite3
import time
from datetime import timedelta

import redis
from rq import Retry

from bot import emergency_net, nudge, pipeline, rasa_client, state
from bot.core import clock, outbound, store, workflow
from bot.core import settings as config
from bot.core.channels import InboundMessage
from bot.core.phones import mask
from bot.core.redis_client import get_redis

log = logging.getLogger(__name__)

PENDING = "pending"
ACK = "Pesan Bapak/Ibu sudah kami terima, segera kami balas. Bila darurat, telp 112 (gratis)."
DRAIN_JOB = "bot.inbox.drain"
SWEEP_JOB = "bot.inbox.sweep"
SWEEP_SECONDS = 60
SETTLE_SECONDS = 30  # a timed-out turn Rasa has not shown for this long is run again
# Rasa restarts in about a minute; a drain keeps trying for about half an hour.
DRAIN_RETRY = [5, 10, 20, 30, 60, 60, 120, 120, 300, 300, 300, 300, 300]


# "database is locked" can come at once, without SQLite's busy wait (a WAL snapshot another
# connection made stale under a burst of writers; seen in CI at the start of a stream): the
# inbound row is tried again, 0.1 s, 0.2 s, 0.4 s, 0.8 s later, before the message is given up.
ACCEPT_ATTEMPTS = 5


class Busy(RuntimeError):
    """The contact's lock is held (a turn in progress): the drain runs again later."""


def accept(db, msg: InboundMessage) -> tuple[int, bool]:
    """Store ``msg``; returns (row id, whether it is a repeat of a MessageSid already kept)."""
    fields = {"message_sid": msg.message_sid, "media": msg.media, "latitude": msg.latitude,
              "longitude": msg.longitude, "provider": msg.provider, "parts": msg.parts}
    for attempt in range(ACCEPT_ATTEMPTS):
        try:
            try:
                with db.atomic():  # the row and the way the contact writes (replies go back that way): one commit
                    message_id = store.log_message(db, "in", msg.channel, msg.phone, msg.text, status="received",
                                                   **fields)
                    store.remember_route(db, msg.phone, msg.channel, msg.provider)
            except sqlite3.IntegrityError:
                return store.log_message(db, "in", msg.channel, msg.phone, msg.text, status="duplicate",
                                         **fields), True
            return message_id, False
        except sqlite3.OperationalError as exc:  # "database is locked": a burst of writers outlasted
            if "locked" not in str(exc) or attempt == ACCEPT_ATTEMPTS - 1:  # the busy timeout; once more
                raise
            log.warning("inbound message not stored yet (database locked); trying again")
            time.sleep(0.1 * 2 ** attempt)
    raise AssertionError("unreachable")


SPILL_KEY = "sk:inbox:spill"


def spill(r: redis.Redis, msg: InboundMessage) -> None:
    """The database would not take ``msg`` (locked past every attempt, the disk full): it is
    kept in Redis instead, and the sweep stores it and has it answered (``take_spilled``).
    Raises ``redis.RedisError`` when Redis cannot keep it either."""
    import dataclasses
    import json

    record = {k: v for k, v in dataclasses.asdict(msg).items() if k != "raw"}
    r.rpush(SPILL_KEY, json.dumps(record))
    outbound.schedule(SWEEP_JOB)


def take_spilled(db, r: redis.Redis) -> int:
    """Messages ``spill`` kept in Redis become rows of the inbox (pending: the drain answers
    them in order); a repeat of a sid already stored is kept as a duplicate. Returns how many
    were taken."""
    import json

    taken = 0
    while True:
        raw = r.lindex(SPILL_KEY, 0)
        if raw is None:
            return taken
        try:
            msg = InboundMessage(**json.loads(raw))
        except (TypeError, ValueError):  # unreadable (a changed format): set aside, never blocks the rest
            log.error("a spilled message could not be read; kept in %s", SPILL_KEY + ":unreadable")
            r.rpush(SPILL_KEY + ":unreadable", raw)
            r.lpop(SPILL_KEY)
            continue
        message_id, repeat = accept(db, msg)  # raises while the database still refuses: kept
        if not repeat:
            store.update_message(db, message_id, status=PENDING, error="stored late: the database was busy")
            schedule_drain(msg.phone)
        r.lpop(SPILL_KEY)
        taken += 1


def waiting(db, phone: str, before: int | None = None) -> bool:
    """Whether older messages of this contact wait: a new one waits behind them (order). With
    ``before`` (the new message's id, its sender's lock held) an older one still ``received``
    after a live request could have waited for the lock and Rasa counts too: its webhook worker
    died (the drain takes it in turn). A younger one is a request still waiting for the lock."""
    if store.has_pending_inbound(db, phone):
        return True
    if before is None:
        return False
    since = (clock.now() - timedelta(seconds=LIVE_SECONDS)).isoformat(timespec="seconds")
    return store.has_received_before(db, phone, before, since)


def defer(db, msg: InboundMessage, message_id: int, reason: str, extra: list[str] = ()) -> list[str]:
    """Keep ``msg`` for the drain; the replies for now: ``extra`` (an emergency's advice), and
    the note that it was received, once per outage."""
    store.update_message(db, message_id, status=PENDING, error=reason[:200])
    schedule_drain(msg.phone)
    replies = list(extra)
    last = store.last_outbound(db, msg.phone)
    if not extra and not (last and last["body"] == ACK):
        replies.append(ACK)
    out = pipeline.fitted(replies, msg.channel)
    pipeline.send_replies(msg, pipeline.log_replies(db, msg, message_id, out), out)
    return out


def schedule_drain(phone: str) -> None:
    try:
        queue = outbound.get_queue()
        options = {"retry": Retry(max=len(DRAIN_RETRY), interval=DRAIN_RETRY), "description": DRAIN_JOB,
                   "job_timeout": 300}
        queue.enqueue(DRAIN_JOB, phone, **options)
    except Exception as exc:  # noqa: BLE001 - Redis down: the sweep picks the message up later
        log.warning("drain of %s not queued (%s); the sweep will", mask(phone), type(exc).__name__)


def drain(phone: str) -> str:
    """RQ job: answer the contact's pending messages in order. Raises while Rasa is still
    down (RQ retries with backoff)."""
    settings = config.current()
    db = store.open_db(settings.db_path)
    r = get_redis(settings.redis_url)
    try:
        with state.sender_lock(r, phone) as locked:
            if not locked:
                raise Busy(mask(phone))
            interrupted(db, phone)
            rows = store.pending_inbound(db, phone)
            if rows and store.received_before(db, phone, rows[0]["id"]):  # an older turn cut off, not yet given up
                raise Busy(f"{mask(phone)}: an older message was cut off; it goes first")
            done = 0
            for row in rows:
                answer_one(db, settings, r, row)
                done += 1
            return f"{done} answered"
    finally:
        db.close()


def answer_one(db, settings, r: redis.Redis, row: dict) -> None:
    """One pending message through the pipeline (or the turn Rasa already finished); the
    replies go out through the outbound queue. RasaDown propagates (the row stays pending).

    A turn that timed out reached Rasa, which may still run it (a paused or busy Rasa works
    off its backlog when it comes back): it is sent again only once Rasa has answered again
    for ``SETTLE_SECONDS`` and shows no trace of it, never blindly."""
    msg = message_of(row)
    case = emergency_net.opened_for(db, row["id"])
    # a turn that failed for want of the action server did nothing: run it again
    replies = None if "actions down" in (row.get("error") or "") else rasa_replies_of(settings, msg.phone, row["id"])
    error = row.get("error") or ""
    # a turn that reached no server never ran; one that timed out may still run where it went
    timed_out = replies is None and "timeout" in error.lower() and rasa_client.UNREACHABLE not in error
    if timed_out and not settled(r, settings, msg.phone, row["id"], rasa_client.server_in(settings, error)):
        raise Busy(f"message {row['id']}: the timed-out turn may still run")
    if replies is None:
        extra = {"emergency_ref": case["ref"]} if case else None
        replies, intent, confidence = pipeline.respond(db, settings, r, msg, row["id"], extra=extra)
        fields = {"intent": intent, "confidence": confidence} if intent and intent != pipeline.LATER else {}
        if intent == pipeline.LATER:
            pipeline.record_intents(db, settings, msg.phone, [row["id"]])
    else:
        fields = {}
    if case:  # the advice and the ref went out when the case was opened: not twice
        sent = {m["body"] for m in store.messages_for(db, msg.phone, limit=20) if m["direction"] == "out"}
        replies = [text for text in replies if text not in sent and "DARURAT" not in text]
    for text in pipeline.fitted(replies, msg.channel):
        outbound.notify(msg.phone, text, channel=msg.channel)  # back the way the contact last wrote
    store.update_message(db, row["id"], status="processed", error=None, **fields)
    log.info("pending message %s answered (%s replies)", row["id"], len(replies))


def rasa_answers(settings, phone: str) -> bool:
    try:
        rasa_client.tracker(settings, phone)
        return True
    except rasa_client.RasaError:
        return False


def settled(r: redis.Redis, settings, phone: str, message_id: int, server: str | None = None) -> bool:
    """Whether Rasa has answered for ``SETTLE_SECONDS`` since it was first seen back after this
    message's turn timed out (its backlog, that turn included, is worked off by then).

    With several Rasa servers it is the ``server`` the turn timed out on that must have come
    back (another one answering says nothing of that one's backlog); one where nothing
    listens any more counts as back: a process that is gone runs nothing."""
    if not (rasa_client.responsive(settings, server) if server else rasa_answers(settings, phone)):
        return False
    key = f"sk:settle:{message_id}"
    r.set(key, str(time.time()), nx=True, ex=3600)
    return time.time() - float(r.get(key) or time.time()) >= SETTLE_SECONDS


def rasa_replies_of(settings, phone: str, message_id: int) -> list[str] | None:
    """The bot's replies to ``message_id`` when Rasa already ran that turn (the webhook timed
    out while Rasa went on), else None."""
    try:
        events = rasa_client.tracker(settings, phone, include_events="AFTER_RESTART").get("events") or []
    except rasa_client.RasaError:
        return None  # cannot tell: the turn runs (Rasa is down anyway, so it will raise)
    replies, found = [], False
    for event in events:
        if event.get("event") == "user":
            if found:
                break
            found = ((event.get("metadata") or {}).get("message_id") == message_id)
        elif found and event.get("event") == "bot" and event.get("text"):
            replies.append(event["text"])
    return replies if found else None


def message_of(row: dict) -> InboundMessage:
    import json

    return InboundMessage(
        channel=row["channel"], phone=row["phone"], text=row["body"] or "", message_sid=row["message_sid"] or "",
        media=json.loads(row["media"]) if row.get("media") else [], latitude=row.get("latitude"),
        longitude=row.get("longitude"), provider=row.get("provider") or "twilio", parts=row.get("parts") or 1,
    )


INTENTS_JOB = "bot.inbox.record_intents"
INTENTS_SECONDS = 20
INTENTS_HOURS = 2


def record_intents() -> str:
    """RQ job: the intent and confidence of every recent answered message still without one,
    read from each contact's tracker once (the webhook no longer waits for it)."""
    settings = config.current()
    db = store.open_db(settings.db_path)
    try:
        since = (clock.now() - timedelta(hours=INTENTS_HOURS)).isoformat(timespec="seconds")  # WIB, as stored
        rows = db["messages"].rows_where(
            "direction = 'in' AND status = 'processed' AND intent IS NULL AND created_at >= ?", [since],
            select="id, phone")
        by_phone: dict[str, list[int]] = {}
        for row in rows:
            by_phone.setdefault(row["phone"], []).append(row["id"])
        found = sum(pipeline.record_intents(db, settings, phone, ids) for phone, ids in by_phone.items())
        return f"{found} intents of {len(by_phone)} contacts"
    finally:
        db.close()


def kick(r: redis.Redis, due: tuple[bool, bool] | None = None) -> None:
    """From the webhook: the intents job at most every 20 s (intents are read in batches, off
    the villager's wait) and a sweep at most once a minute (the sweep's own chain lives in
    Redis and is lost with it; traffic starts it again). ``due``: whether each is due, found
    by the turn's last round trip (``state.Held.finish``); else one round trip finds it."""
    try:
        if due is not None:
            intents, sweep_due = due
        else:
            with r.pipeline() as pipe:
                pipe.set(state.KICK_KEYS[0], "1", nx=True, ex=INTENTS_SECONDS)
                pipe.set(state.KICK_KEYS[1], "1", nx=True, ex=SWEEP_SECONDS)
                intents, sweep_due = pipe.execute()
        if intents:
            outbound.schedule(INTENTS_JOB, in_seconds=INTENTS_SECONDS)
        if sweep_due:
            outbound.schedule(SWEEP_JOB)
    except Exception as exc:  # noqa: BLE001 - best effort: a gap in the log, or the worker's start sweeps
        log.info("kick not done (%s)", type(exc).__name__)


# A webhook turn waits for its sender's lock (state.LOCK_WAIT_SECONDS) and Rasa (TURN_TIMEOUT);
# a row still "received" after this was cut off, and the dead worker's lock has expired.
STUCK_SECONDS = state.LOCK_SECONDS + 15
# The longest a live webhook request keeps its row "received": the lock wait and a Rasa turn.
LIVE_SECONDS = state.LOCK_WAIT_SECONDS + rasa_client.TURN_TIMEOUT + 5


def interrupted(db, phone: str | None = None) -> int:
    """Messages whose turn was cut off (a webhook worker killed mid-request leaves the row
    ``received`` for ever, and Twilio's retry is only a duplicate of it) become pending; of one
    contact, or of everyone."""
    before = (clock.now() - timedelta(seconds=STUCK_SECONDS)).isoformat(timespec="seconds")
    count = store.requeue_received(db, before, phone)
    if count:
        log.warning("%d interrupted message(s) put back in the inbox", count)
    return count


def sweep() -> str:
    """RQ job: a drain for every contact with pending messages, stale handovers closed;
    schedules itself again."""
    settings = config.current()
    if settings.sms_provider == "gammu":  # what the modem's RunOnReceive hook missed, and sent statuses
        try:
            from bot import gammu_hook

            log.info("gammu: %s", gammu_hook.reconcile(settings))
        except Exception as exc:  # the next sweep tries again; the inbox goes on
            log.exception("gammu reconciler failed (%s)", type(exc).__name__)
    db = store.open_db(settings.db_path)
    try:
        try:
            spilled = take_spilled(db, get_redis(settings.redis_url))
            if spilled:
                log.warning("%d message(s) the database refused at first are stored now", spilled)
        except Exception as exc:  # noqa: BLE001 - they stay in Redis for the next sweep
            log.error("spilled messages not stored yet (%s)", type(exc).__name__)
        interrupted(db)
        phones = sorted({row["phone"] for row in store.pending_inbound(db)})
        try:  # handovers nobody answered give the contact back to the bot
            workflow.close_stale_handovers(db, settings.handover_stale_hours)
        except Exception:
            log.exception("stale handovers not closed")
        try:  # a form's question left unanswered is reminded once
            nudge.sweep(db, settings)
        except Exception:
            log.exception("form reminders not sent")
    finally:
        db.close()
    for phone in phones:
        schedule_drain(phone)
    try:  # a local gateway's paced queue whose pump died with a worker
        from bot.core import pacing

        pacing.revive()
    except Exception as exc:  # noqa: BLE001 - the next message starts it
        log.warning("paced queues not revived (%s)", type(exc).__name__)
    try:  # one chain of sweeps however many workers started one
        if get_redis(settings.redis_url).set("sk:sweep:next", "1", nx=True, ex=SWEEP_SECONDS - 5):
            outbound.schedule(SWEEP_JOB, in_seconds=SWEEP_SECONDS)
    except Exception as exc:  # noqa: BLE001 - the worker's start schedules it again
        log.warning("next sweep not scheduled (%s)", type(exc).__name__)
    return f"{len(phones)} contacts drained"
