"""A mother moves or calls off her JEK-MIL ride after booking it (round 9, finding 4).

"jemputipun dipun gantos jam setengah sedoso" changes the booking itself: the case's pick-up
time, its reminder (the old reminder job finds its time gone and sends nothing) and the
coordinator is told old and new time. "jemputanipun mboten sios" withdraws the case
(``workflow.withdraw``: closed, every officer told), and she is told so. A change we cannot
read as a time is left to ``followup.about_recent_case``, which forwards it in her words.
"""
from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta

from bot.core import clock, reminders, store, workflow
from bot.core.dates import parse_date_part, parse_time_of_day
from bot.core.kinds import OPEN_STATUSES

log = logging.getLogger(__name__)

# The words of a change of plan ("bisa diganti jam delapan?", "gak sido dijemput"); also read
# by followup.about_recent_case for any other request.
CHANGE = re.compile(
    r"\b(di)?(ganti|gantos|ubah|rubah|undur|mundurk?an|majuk?an|geser|tunda)\b|\bbisa\s+(jam|tanggal|tgl|hari)\b"
    r"|\b(gak|ga|nggak|ora|ndak|tidak|ndhak|mboten)\s+(sido|sida|jadi|dados|sios)\b", re.IGNORECASE)
_CALL_OFF = re.compile(
    r"\b(gak|ga|gk|nggak|ngga|ora|ra|ndak|tidak|tdk|ndhak|mboten|mboten\s+\w+)\s+(sido|sida|jadi|jd|dados|sios)\b"
    r"|\bbatal(kan|ne|aken)?\s+(\w+\s+)?(jemput|jemputan|jemputane|jemputanipun|dijemput|antar)\b"
    r"|\b(jemput|jemputan|jemputane|jemputanipun)\w*\s+(\w+\s+)?(batal|dibatalkan|dibatalke)\b", re.IGNORECASE)
# A new plan rather than a call-off ("gak jadi jam 8, jam 9 aja"): a time after the "no".
_RIDE_WORDS = re.compile(r"\b(di)?jemput\w*|\bantar\w*|\bjek-?mil\b|\bberangkat\w*|\bperiksa\w*|\bkontrol\b"
                         r"|\b(di)?ter(ke|no|aken)\b|\b(di)?pethuk\w*", re.IGNORECASE)
_INSTEAD = re.compile(r"\b(aja|saja|wae|mawon|ae|diganti|ganti|gantos|pindah)\b", re.IGNORECASE)
# A ride may be changed until a few hours after its pick-up time.
AFTER_PICKUP_HOURS = 6

_ASKS_TIME = re.compile(r"\bjam\s+(pinten|piro|pira|berapa|brp|brapa)\b|\b(kapan|kapan\s+nggih)\b.{0,30}"
                        r"\b(di|dipun)?\s?(jemput|pethuk|dipethuk|jemputan)\w*", re.IGNORECASE)
WHEN = "Jemputan {ref}: {when}, di {where}. Bila berubah, kabari kami. Ketik MENU untuk layanan lain."
MOVED = "Waktu jemput {ref} diubah ke {when}. Koordinator sudah kami kabari. Ketik MENU untuk layanan lain."
CALLED_OFF = "Jemputan {ref} sudah dibatalkan dan petugas sudah kami kabari. Semoga sehat selalu, Bapak/Ibu."


def asks_time(text: str) -> bool:
    """"mangke kulo dipethuk jam pinten?", "jemputan JEK-0001 jam berapa?": the ride's time asked."""
    return bool(_ASKS_TIME.search(text or "")) and not CHANGE.search(text or "")


def open_ride(db, phone: str) -> dict | None:
    """The contact's latest open JEK-MIL case whose pick-up has not long passed."""
    limit = clock.now() - timedelta(hours=AFTER_PICKUP_HOURS)
    for case in store.list_cases(db, phone=phone, kind="transport", statuses=OPEN_STATUSES, limit=1):
        at = (case.get("data") or {}).get("pickup_at")
        if at and datetime.fromisoformat(at) >= limit:
            return case
    return None


def calls_off(text: str) -> bool:
    """"jemputanipun mboten sios", "gak sido dijemput", "batalkan jemputan besok"; not when a
    new time follows the no ("gak jadi jam 8, jam 9 aja", "ora sido senin, selasa wae"), nor
    "gak jadi" in a long story without a word of the ride."""
    m = _CALL_OFF.search(text)
    if not m:
        return False
    rest = text[m.end():]
    if parse_time_of_day(rest) or _INSTEAD.search(rest) and parse_date_part(rest, clock.today()):
        return False
    return bool(_RIDE_WORDS.search(text)) or len(text.split()) <= 5


def _last_time(text: str):
    """The last hour said: "gak jadi jam 8, jam 9 aja" is 09.00."""
    for start in reversed([m.start() for m in re.finditer(r"\b(jam|jm|pukul|pkl)\b", text, re.IGNORECASE)]):
        hour = parse_time_of_day(text[start:])
        if hour is not None:
            return hour
    return parse_time_of_day(text)


def new_time(text: str, case: dict) -> datetime | None:
    """The pick-up moved to: a day named moves the day (keeping the hour unless one is given),
    an hour alone keeps the day. None when no time is read, or it is not in the future."""
    now = clock.now()
    hour = _last_time(text)
    day = parse_date_part(text, now.date())
    if hour is None and day is None:
        return None
    old = datetime.fromisoformat(case["data"]["pickup_at"]).astimezone(clock.WIB)
    at = old.replace(hour=hour.hour, minute=hour.minute) if hour else old
    if day is not None:
        at = at.replace(year=day.year, month=day.month, day=day.day)
    return at if at > now and at != old else None


def handle(db, msg, note: str, writer: str, *, in_form=lambda: False) -> list[str] | None:
    """Replies when ``msg`` moves or calls off the contact's open ride, or asks its time, else
    None (also while a new form is asking: ``in_form()``, its answers are its own)."""
    text = msg.text or ""
    asks = asks_time(text)
    if not asks and not CHANGE.search(text) and not _CALL_OFF.search(text):
        return None
    case = open_ride(db, msg.phone)
    if case is None or in_form():
        return None
    if asks:  # "mangke kulo dipethuk jam pinten nggih?" (round 10: "bukan layanan nomor ini")
        data = case.get("data") or {}
        at = clock.format_wib(datetime.fromisoformat(data["pickup_at"]))
        return [WHEN.format(ref=case["ref"], when=at, where=(data.get("pickup") or "tempat jemput")[:40])]
    if calls_off(text):
        workflow.withdraw(db, case, f'"{text[:120]}"')
        return [CALLED_OFF.format(ref=case["ref"])]
    at = new_time(text, case)
    if at is None:
        return None
    return [move(db, case, at, note, writer)]


def move(db, case: dict, at: datetime, note: str, writer: str) -> str:
    """The case's pick-up time and reminder follow the new time; its officers are told."""
    ref, old = case["ref"], datetime.fromisoformat(case["data"]["pickup_at"])
    remind_at = reminders.reminder_time(at, clock.now())
    before = (case.get("data") or {}).get("reminder_at")
    case = store.update_case(db, ref, actor="warga", event="waktu_jemput_diubah", note=note[:2000],
                             data={"pickup_at": at.isoformat(), "pickup_text": (note or "")[:100],
                                   "reminder_at": remind_at.isoformat() if remind_at else None})
    if remind_at is not None and remind_at.isoformat() != before:
        reminders.queue(ref, remind_at)
    body = (f"{ref} waktu jemput DIUBAH {writer}: {clock.format_wib(old)} -> {clock.format_wib(at)}. "
            f"Pesan: {note[:300]} (Balas: BALAS {ref} pesan)")
    workflow.notify_officers(db, case, workflow.officers_told(case), body)
    return MOVED.format(ref=ref, when=clock.format_wib(at))
