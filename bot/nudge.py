"""A question never answered (round 9, finding 10): a villager who stops in the middle of a
form ("lampu jalan depan masjid mati udah sebulan", then silence at "di desa mana?") is
reminded once, with the question she left, instead of her words reaching nobody.

The inbox's sweep (every minute, ``bot.inbox.sweep``) calls ``due(db, settings)``: contacts
whose last message came ``FORM_NUDGE_MINUTES`` ago (0: never), up to an hour more, and who
wrote nothing since. ``nudge(phone, message_id)`` then does nothing when she was already
reminded for this silence or when no form is asking her anything (Rasa's tracker); else one
message, one SMS segment where the question allows, never more than two. Nothing is added to
the path of a message (the webhook's cost is measured in issue 9).
"""
from __future__ import annotations

import logging
from datetime import timedelta

from bot import rasa_client
from bot.core import clock, outbound, sms, store
from bot.core import settings as config

log = logging.getLogger(__name__)

PREFIX = "Maaf, permintaan Bapak/Ibu belum selesai"  # how a reminder is known in the log
HEAD = f"{PREFIX} dan belum kami teruskan."
SHORT_HEAD = f"{PREFIX}."
TAIL = "Balas jawabannya, atau ketik BATAL."
WINDOW_MINUTES = 60  # a silence found later than this (the worker was down) is left alone
_LAST_IN = """
SELECT m.id, m.phone FROM messages m
WHERE m.direction = 'in' AND m.created_at >= ? AND m.created_at < ?
  AND NOT EXISTS (SELECT 1 FROM messages n WHERE n.phone = m.phone AND n.direction = 'in' AND n.id > m.id)
ORDER BY m.id LIMIT 200
"""


def due(db, settings) -> list[tuple[str, int]]:
    """(phone, message id) of every contact whose last message is old enough to remind."""
    minutes = settings.form_nudge_minutes
    if minutes <= 0:
        return []
    now = clock.now()
    newest = (now - timedelta(minutes=minutes)).isoformat(timespec="seconds")
    oldest = (now - timedelta(minutes=minutes + WINDOW_MINUTES)).isoformat(timespec="seconds")
    return [(row[1], row[0]) for row in db.execute(_LAST_IN, [oldest, newest]).fetchall()]


def sweep(db, settings) -> int:
    """Remind every contact ``due``; returns how many were reminded (never raises)."""
    sent = 0
    for phone, message_id in due(db, settings):
        try:
            sent += nudge(phone, message_id, db=db) == "sent"
        except Exception as exc:  # noqa: BLE001 - the next sweep tries again
            log.warning("form reminder failed (%s)", type(exc).__name__)
    return sent


def last_question(events: list[dict]) -> str | None:
    """The bot's last message in the tracker's events."""
    for event in reversed(events or []):
        if event.get("event") == "bot" and (event.get("text") or "").strip():
            return event["text"].strip()
    return None


def body(question: str | None) -> str:
    """The reminder: what is missing (the question she left), and how to stop; one segment
    where it fits, else the shorter head, never more than two."""
    if not question:
        return f"{HEAD} {TAIL}"
    for head in (HEAD, SHORT_HEAD):
        text = f"{head} {question} {TAIL}"
        if sms.one_segment(text):
            return text
    text = f"{SHORT_HEAD} {question} {TAIL}"
    return text if sms.segments(text) <= 2 else f"{HEAD} {TAIL}"


def nudge(phone: str, message_id: int, db=None) -> str:
    """Remind ``phone`` of the form left open after ``message_id``; returns what it did."""
    settings = config.current()
    own = db is None
    db = store.open_db(settings.db_path) if own else db
    try:
        rows = store.messages_for(db, phone, limit=20)
        inbound = [m for m in rows if m["direction"] == "in"]
        if not inbound or inbound[0]["id"] != message_id:
            return "answered"
        if any(m["direction"] == "out" and (m["body"] or "").startswith(PREFIX) and m["id"] > message_id
               for m in rows):
            return "reminded"
        if store.is_opted_out(db, phone):
            return "opted out"
        try:
            tracker = rasa_client.tracker(settings, phone, include_events="AFTER_RESTART")
        except rasa_client.RasaError:
            return "rasa down"
        if not (tracker.get("active_loop") or {}).get("name"):
            return "no form"
        channel = inbound[0]["channel"]
    finally:
        if own:
            db.close()
    outbound.notify(phone, body(last_question(tracker.get("events") or [])), channel=channel)
    log.info("form reminder sent after message %s", message_id)
    return "sent"
