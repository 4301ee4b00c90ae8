"""Outbound messages and delayed work, through RQ on Redis.

``notify`` logs the message (status ``queued``, with the provider that will carry it: the
way the person last wrote, ``channels.route``) and hands it to ``dispatch``: Twilio's messages
become ``send_message`` jobs, sent by the worker (``rq worker --with-scheduler``) with retries
and backoff; a local SMS gateway's go through its paced queue (``bot.core.pacing``,
emergencies first). The opt-out is checked again at send time. ``schedule`` runs any
importable function later (emergency re-escalation, ride reminders).
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone

from rq import Queue, Retry, get_current_job

from bot.core import clock, store
from bot.core import settings as config
from bot.core.channels import LOCAL_GATEWAYS, SMS, TWILIO, WHATSAPP, SendError, outbound_ref, route, sender_for
from bot.core.kinds import kind
from bot.core.phones import bare, mask
from bot.core.redis_client import get_redis
from bot.core.settings import Settings
from bot.core.sms import fit

log = logging.getLogger(__name__)

QUEUE_NAME = "default"
# Seconds between attempts: Twilio hiccups are short, an outage is not.
RETRY_INTERVALS = [10, 60, 300, 900]
JOB_TIMEOUT = 60


class OutboundError(RuntimeError):
    """The message could not be queued."""


def get_queue(settings: Settings | None = None) -> Queue:
    settings = settings or config.current()
    return Queue(QUEUE_NAME, connection=get_redis(settings.redis_url))


def notify(to_phone: str, body: str, channel: str = WHATSAPP, case_ref: str | None = None,
           provider: str | None = None) -> None:
    """Send ``body`` to ``to_phone`` soon, through the worker. Never blocks on a carrier.

    ``provider`` (who carries it) defaults to the way the person last wrote on ``channel``
    (else the channel's default: Twilio for WhatsApp, ``SMS_PROVIDER`` for SMS). The message
    is logged (status ``queued``) before it is enqueued; when Redis cannot take it, the row
    says ``failed`` and OutboundError is raised.
    """
    settings = config.current()
    channel = channel if channel in (SMS, WHATSAPP) else WHATSAPP
    phone = bare(to_phone)
    db = store.open_db(settings.db_path)
    try:
        if provider not in settings.channels:
            channel, provider = route(settings, store.route_of(db, phone), channel)
        message_id = store.log_message(db, "out", channel, phone, body, status="queued", case_ref=case_ref,
                                       provider=provider)
    finally:
        db.close()
    dispatch([message_id], provider, urgent=urgent(case_ref), settings=settings)


HELD_HOURS = 72


def resend_held(db, phone: str, settings: Settings | None = None) -> int:
    """After MULAI, the officers' messages on a case blocked by the contact's STOP in the last
    ``HELD_HOURS`` go out after all (round 22: never delivered); how many."""
    since = (clock.now() - timedelta(hours=HELD_HOURS)).isoformat()  # times are stored in WIB ISO
    rows = list(db["messages"].rows_where(
        "phone = ? AND direction = 'out' AND status = 'blocked' AND error = 'opted out' AND case_ref IS NOT NULL"
        " AND created_at >= ?", [bare(phone), since], order_by="id"))
    for row in rows:
        store.update_message(db, row["id"], status="queued", error=None)
        dispatch([row["id"]], row.get("provider") or TWILIO, settings=settings)
    return len(rows)


def urgent(case_ref: str | None) -> bool:
    """Whether a message about this case goes ahead of the others (an emergency's)."""
    return bool(case_ref) and case_ref.upper().startswith(kind("emergency").prefix)


def answers_inline(provider: str) -> bool:
    """Whether the provider's webhook answer carries the replies (Twilio's TwiML); a local
    gateway's replies go out through the queue."""
    return provider == TWILIO


def dispatch(message_ids: list[int], provider: str, *, urgent: bool = False, settings: Settings | None = None) -> None:
    """Queue logged outbound rows for sending: a local gateway's through its paced queue,
    Twilio's as send jobs. When Redis cannot take them the rows say ``failed`` and
    OutboundError is raised."""
    settings = settings or config.current()
    try:
        if provider in LOCAL_GATEWAYS:
            from bot.core import pacing

            for message_id in message_ids:
                pacing.enqueue(get_redis(settings.redis_url), provider, message_id, urgent=urgent)
            return
        for message_id in message_ids:
            get_queue(settings).enqueue(
                send_message,
                message_id,
                retry=Retry(max=len(RETRY_INTERVALS), interval=RETRY_INTERVALS),
                job_timeout=JOB_TIMEOUT,
                description=f"send message {message_id}",
            )
    except Exception as exc:  # redis errors of any kind
        db = store.open_db(settings.db_path)
        try:
            for message_id in message_ids:
                store.update_message(db, message_id, status="failed", error=f"not queued: {type(exc).__name__}")
        finally:
            db.close()
        log.error("could not queue messages %s (%s): %s", message_ids, provider, type(exc).__name__)
        raise OutboundError("could not queue the message") from exc


def send_message(message_id: int) -> str:
    """RQ job: send one logged outbound message. Returns its final status."""
    settings = config.current()
    db = store.open_db(settings.db_path)
    try:
        return _send(db, settings, message_id)
    finally:
        db.close()


def send_once(message_id: int, *, last_attempt: bool) -> str:
    """Send one logged message once (the paced queue's step): its status, or SendError when
    a retry is worth it and this was not the ``last_attempt``."""
    settings = config.current()
    db = store.open_db(settings.db_path)
    try:
        return _send(db, settings, message_id, last_attempt=last_attempt)
    finally:
        db.close()


def _send(db, settings: Settings, message_id: int, last_attempt: bool | None = None) -> str:
    row = db["messages"].get(message_id)
    if row["status"] in ("sent", "delivered", "blocked"):
        return row["status"]  # a retried job must not send twice
    phone, channel, provider = row["phone"], row["channel"], row.get("provider") or TWILIO
    if row.get("reply_to") is None and store.is_opted_out(db, phone):  # an answer to their own message goes
        store.update_message(db, message_id, status="blocked", error="opted out")
        log.info("message %s to %s blocked: opted out", message_id, mask(phone))
        return "blocked"
    body = fit(row["body"] or "", channel)
    callback = f"{settings.public_base_url}/twilio/status" if settings.public_base_url and provider == TWILIO else None
    ref = None
    if provider != TWILIO:  # our own id, kept before sending: the gateway's status posts name it
        ref = outbound_ref(message_id, row["created_at"])
        if row["message_sid"] != ref:
            store.update_message(db, message_id, message_sid=ref)
    try:
        sent = sender_for(settings, provider).send(phone, body, channel, status_callback=callback, ref=ref)
    except SendError as exc:
        if last_attempt is None:
            job = get_current_job()
            last_attempt = job is None or not job.retries_left
        final = exc.permanent or last_attempt
        store.update_message(db, message_id, status=exc.status if final else "retrying", error=str(exc))
        if exc.status == "blocked":  # Twilio 21610: the person texted STOP to our number
            store.set_opt_out(db, phone, True, channel=channel)
        log.warning("message %s to %s: %s%s", message_id, mask(phone), exc, "" if final else " (will retry)")
        if final:
            return exc.status
        raise
    status = "delivered" if sent.status == "delivered" else "sent"
    reported = db["messages"].get(message_id)["status"]
    if reported in ("sent", "delivered", "failed"):  # the gateway's status post came first: it knows better
        status = reported
    store.update_message(db, message_id, status=status, message_sid=sent.sid, error=None)
    log.info("message %s to %s sent (%s)", message_id, mask(phone), provider)
    return status


def schedule(func_path: str, *args, at: datetime | None = None, in_seconds: int | None = None, **kwargs):
    """Run the importable function ``func_path`` (``"bot.core.escalation.escalate"``) later.

    Give ``at`` (an aware datetime) or ``in_seconds``; with neither it runs now.
    Returns the RQ job.
    """
    queue = get_queue()
    # RQ's default description repeats the arguments (phones, texts) in the worker's log.
    options = {"job_timeout": JOB_TIMEOUT, "description": func_path}
    if at is not None:
        if at.tzinfo is None:
            raise ValueError("schedule(at=...) needs an aware datetime")
        return queue.enqueue_at(at.astimezone(timezone.utc), func_path, *args, **kwargs, **options)
    if in_seconds is not None:
        return queue.enqueue_in(timedelta(seconds=max(0, int(in_seconds))), func_path, *args, **kwargs, **options)
    return queue.enqueue(func_path, *args, **kwargs, **options)
