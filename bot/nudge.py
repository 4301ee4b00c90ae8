"""A question never answered (round 9, finding 10): a villager who stops in the middle of a
form ("lampu jalan depan masjid mati udah sebulan", then silence at "di desa mana?") is
reminded once, with the question she left, instead of her words reaching nobody.

The inbox's sweep (every minute, ``bot.inbox.sweep``) calls ``due(db, settings)``: contacts
whose last message came ``FORM_NUDGE_MINUTES`` ago (0: never), up to an hour more, and who
wrote nothing since. ``nudge(phone, message_id)`` then does nothing when she was already
reminded for this silence or when no form is asking her anything (Rasa's tracker); else one
message, one SMS segment where the question allows, never more than two. A complaint whose
story was told and that the reminder did not bring back goes to the regency's complaint desk
an hour later (``file_left``). Nothing is added to the path of a message (issue 9).
"""
from __future__ import annotations

import logging
from datetime import timedelta

from bot import keywords, rasa_client
from bot.core import clock, outbound, sms, store, workflow
from bot.core import settings as config
from bot.core.redis_client import get_redis

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


def due(db, settings, after: int = 0) -> list[tuple[str, int]]:
    """(phone, message id) of every contact whose last message is old enough to remind (or,
    ``after`` minutes more, to file what the reminder did not bring back)."""
    if settings.form_nudge_minutes <= 0:
        return []
    minutes = settings.form_nudge_minutes + after
    now = clock.now()
    newest = (now - timedelta(minutes=minutes)).isoformat(timespec="seconds")
    oldest = (now - timedelta(minutes=minutes + WINDOW_MINUTES)).isoformat(timespec="seconds")
    return [(row[1], row[0]) for row in db.execute(_LAST_IN, [oldest, newest]).fetchall()]


def sweep(db, settings) -> int:
    """Remind every contact ``due``, and file the complaints left after a reminder
    (``file_left``); returns how many were reminded (never raises)."""
    sent = 0
    for phone, message_id in due(db, settings):
        if not _first_look(settings, "nudge", message_id):
            continue
        try:
            sent += nudge(phone, message_id, db=db) == "sent"
        except Exception as exc:  # noqa: BLE001 - the next sweep tries again
            log.warning("form reminder failed (%s)", type(exc).__name__)
    for phone, message_id in due(db, settings, after=FILE_AFTER_MINUTES):
        if not _first_look(settings, "file", message_id):
            continue
        try:
            file_left(db, settings, phone, message_id)
        except Exception as exc:  # noqa: BLE001 - the next sweep tries again
            log.warning("left complaint not filed (%s)", type(exc).__name__)
    return sent


def _first_look(settings, what: str, message_id: int) -> bool:
    """Whether this silence is looked at for the first time: each is checked once (one look at
    Rasa's tracker), not at every sweep of the hour it stays due. Without Redis: every time."""
    try:
        key = f"sk:nudge:{what}:{message_id}"
        return bool(get_redis(settings.redis_url).set(key, "1", nx=True, ex=(WINDOW_MINUTES + 10) * 60))
    except Exception:  # noqa: BLE001 - a unit test's settings, or Redis down: look again
        return True


# A complaint whose story was told, left unanswered even after the reminder, goes to the
# regency's complaint desk this long after her last message (round 9, finding 10: "lampu jalan
# depan masjid mati udah sebulan" reached nobody). The desk can call her for the desa.
FILE_AFTER_MINUTES = 60
LEFT_FILED = ("Aduan Bapak/Ibu kami teruskan ke petugas pengaduan Kabupaten ({ref}) walau belum lengkap. "
              "Petugas dapat menghubungi Bapak/Ibu. Ketik MENU untuk layanan lain.")


def file_left(db, settings, phone: str, message_id: int) -> str:
    """After the reminder went unanswered: a complaint form with a story becomes an ADU case
    for the regency's complaint desk (and the kecamatan when only it is known), the form ends,
    and she is told. Other forms are left as they are."""
    state, channel = silence(db, phone, message_id)
    if state != "reminded":
        return "not reminded" if state == "silent" else state
    tracker = rasa_client.tracker(settings, phone)
    slots = tracker.get("slots") or {}
    story = " ".join(str(slots.get("complaint_description") or "").split())
    if (tracker.get("active_loop") or {}).get("name") != "complaint_form" or len(story.split()) < 4:
        return "not a complaint"
    village, district = slots.get("village"), slots.get("district")
    summary = f"Aduan belum lengkap (warga berhenti menjawab): \"{story[:300]}\""
    roles = ["pengaduan_kabupaten"] + (["kecamatan"] if district and not village else [])
    case = workflow.open_case(db, "complaint", phone, channel, village=village, district=district,
                              data={"description": story[:1000], "category": slots.get("complaint_category"),
                                    "incomplete": True}, notify_roles=roles, summary=summary)
    try:  # the form ends quietly: its answer to /cancel is not sent
        rasa_client.send(phone, keywords.CANCEL_PAYLOAD, {"channel": channel, "phone": phone}, settings=settings)
    except rasa_client.RasaError:
        log.warning("left complaint %s filed; the form was not ended", case["ref"])
    outbound.notify(phone, LEFT_FILED.format(ref=case["ref"]), channel=channel, case_ref=case["ref"])
    return "filed"


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


def silence(db, phone: str, message_id: int) -> tuple[str, str | None]:
    """("answered" | "opted out" | "reminded" | "silent", channel of her last message): whether
    ``message_id`` is still her last word, and whether a reminder went out since."""
    rows = store.messages_for(db, phone, limit=20)
    inbound = [m for m in rows if m["direction"] == "in"]
    if not inbound or inbound[0]["id"] != message_id:
        return "answered", None
    if store.is_opted_out(db, phone):
        return "opted out", None
    reminded = any(m["direction"] == "out" and (m["body"] or "").startswith(PREFIX) and m["id"] > message_id
                   for m in rows)
    return ("reminded" if reminded else "silent"), inbound[0]["channel"]


def nudge(phone: str, message_id: int, db=None) -> str:
    """Remind ``phone`` of the form left open after ``message_id``; returns what it did."""
    settings = config.current()
    own = db is None
    db = store.open_db(settings.db_path) if own else db
    try:
        state, channel = silence(db, phone, message_id)
        if state != "silent":
            return state
        try:
            tracker = rasa_client.tracker(settings, phone, include_events="AFTER_RESTART")
        except rasa_client.RasaError:
            return "rasa down"
        if not (tracker.get("active_loop") or {}).get("name"):
            return "no form"
    finally:
        if own:
            db.close()
    outbound.notify(phone, body(last_question(tracker.get("events") or [])), channel=channel)
    log.info("form reminder sent after message %s", message_id)
    return "sent"
