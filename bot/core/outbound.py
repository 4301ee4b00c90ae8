"""Outbound messages and delayed work, through RQ on Redis.

``notify`` logs the message (status ``queued``) and enqueues ``send_message``;
the worker (``rq worker --with-scheduler``) sends it with retries and backoff,
re-checking the opt-out at send time. ``schedule`` runs any importable
function later (emergency re-escalation, ride reminders).
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone

from rq import Queue, Retry, get_current_job

from bot.core import settings as config
from bot.core import store
from bot.core.channels import SMS, WHATSAPP, SendError, sender_for
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


def notify(to_phone: str, body: str, channel: str = WHATSAPP, case_ref: str | None = None) -> None:
    """Send ``body`` to ``to_phone`` soon, through the worker. Never blocks on Twilio.

    The message is logged (status ``queued``) before it is enqueued; when Redis
    cannot take it, the row says ``failed`` and OutboundError is raised.
    """
    settings = config.current()
    channel = channel if channel in (SMS, WHATSAPP) else WHATSAPP
    phone = bare(to_phone)
    db = store.open_db(settings.db_path)
    try:
        message_id = store.log_message(db, "out", channel, phone, body, status="queued", case_ref=case_ref)
    finally:
        db.close()
    try:
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
            store.update_message(db, message_id, status="failed", error=f"not queued: {type(exc).__name__}")
        finally:
            db.close()
        log.error("could not queue message %s to %s: %s", message_id, mask(phone), type(exc).__name__)
        raise OutboundError("could not queue the message") from exc


def send_message(message_id: int) -> str:
    """RQ job: send one logged outbound message. Returns its final status."""
    settings = config.current()
    db = store.open_db(settings.db_path)
    try:
        return _send(db, settings, message_id)
    finally:
        db.close()


def _send(db, settings: Settings, message_id: int) -> str:
    row = db["messages"].get(message_id)
    if row["status"] in ("sent", "delivered", "blocked"):
        return row["status"]  # a retried job must not send twice
    phone, channel = row["phone"], row["channel"]
    if store.is_opted_out(db, phone):
        store.update_message(db, message_id, status="blocked", error="opted out")
        log.info("message %s to %s blocked: opted out", message_id, mask(phone))
        return "blocked"
    body = fit(row["body"] or "", channel)
    callback = f"{settings.public_base_url}/twilio/status" if settings.public_base_url else None
    try:
        sent = sender_for(settings, channel).send(phone, body, channel, status_callback=callback)
    except SendError as exc:
        job = get_current_job()
        final = exc.permanent or job is None or not job.retries_left
        store.update_message(db, message_id, status=exc.status if final else "retrying", error=str(exc))
        if exc.status == "blocked":  # Twilio 21610: the person texted STOP to our number
            store.set_opt_out(db, phone, True, channel=channel)
        log.warning("message %s to %s: %s%s", message_id, mask(phone), exc, "" if final else " (will retry)")
        if final:
            return exc.status
        raise
    store.update_message(db, message_id, status="sent", message_sid=sent.sid, error=None)
    log.info("message %s to %s sent", message_id, mask(phone))
    return "sent"


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
